import { tsImport } from 'tsx/esm/api';

export default async function globalTeardown() {
  const url = process.env['DATABASE_URL'];
  if (!url || process.env['KEEP_TEST_DB'] === '1') return;
  const admin = await tsImport('../../src/db/admin.ts', import.meta.url);
  await admin.dropDatabase(url);
}
