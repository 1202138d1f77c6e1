// The CLI uses the WebAssembly schema engine through the pg driver adapter, so
// `prisma generate` and `prisma migrate deploy` work with no binary downloads
// (see ../shared/docs/prisma-offline.md). The schema's env("DATABASE_URL") must
// resolve even for `generate`, hence the default; src/config.ts owns the real value.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/model_monitor';
process.env['DATABASE_URL'] ??= DEFAULT_URL;
const url = process.env['DATABASE_URL'];

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => new PrismaPg({ connectionString: url }),
});
