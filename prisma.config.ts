// The CLI uses the WebAssembly schema engine through the pg driver adapter, so
// `prisma generate` and `prisma migrate deploy` work with no binary downloads
// (see ../shared/docs/prisma-offline.md). src/config.ts owns the real URL.
import { defineConfig } from 'prisma/config';
import { PrismaPg } from '@prisma/adapter-pg';

const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/model_monitor';
const url = process.env['DATABASE_URL'] ?? DEFAULT_URL;
// The schema's env("DATABASE_URL") is never connected to (the adapter below is), but `generate`
// checks its form and, on a bad one, tries a binary download: it always gets a well-formed
// placeholder, so building never depends on DATABASE_URL.
process.env['DATABASE_URL'] = DEFAULT_URL;

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  adapter: async () => new PrismaPg({ connectionString: url }),
});
