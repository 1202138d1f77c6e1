import { createDb } from '../../src/db/client.js';
import { config } from '../../src/config.js';

test('client reaches the per-run database', async () => {
  const db = createDb({ url: config().DATABASE_URL, poolSize: 2 });
  const team = await db.team.create({ data: { slug: `t-${Date.now()}`, displayName: 'T' } });
  expect(team.defaultBackend).toBe('BUILTIN');
  await db.$disconnect();
});
