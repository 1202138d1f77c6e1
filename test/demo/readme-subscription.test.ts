// The README's subscription snippet, run as written by the node running the tests (Node 20
// has no global WebSocket): the js block of "Subscriptions (alerting bots)" with only the key
// placeholder and the URL replaced, as an .mjs file under the repository (so that `ws` and
// `graphql-ws` resolve from its node_modules), against a real gateway; a violation found
// by a sync must be printed.
import { spawn } from 'node:child_process';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { metrics } from '../../src/ops/metrics.js';
import { startTestGateway, type TestGateway } from '../support/gateway.js';
import { DIE_WITH_PARENT, killSpawned, track } from '../support/processes.js';
import { seed } from '../support/seed.js';
import { hex } from '../webhooks/support.js';

const README_URL = 'ws://127.0.0.1:4000/graphql';
const KEY_PLACEHOLDER = 'mmg_…';

let env: TestGateway;
beforeAll(async () => {
  env = await startTestGateway();
});
afterAll(async () => {
  await killSpawned();
  await env.stop();
});

async function snippet(): Promise<string> {
  const readme = await readFile(new URL('../../README.md', import.meta.url), 'utf8');
  const section = readme.split(/^## Subscriptions \(alerting bots\)$/m)[1]?.split(/^## /m)[0] ?? '';
  const code = /^```js\n([\s\S]*?)^```$/m.exec(section)?.[1];
  if (!code) throw new Error('README: no js block in "Subscriptions (alerting bots)"');
  expect(code.split(README_URL)).toHaveLength(2);
  expect(code.split(KEY_PLACEHOLDER)).toHaveLength(2);
  return code;
}

const openSubscriptions = async () => (await metrics.subscriptions.get()).values[0]?.value ?? 0;

async function until(what: string, check: () => boolean | Promise<boolean>, output: () => string, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}; the snippet printed:\n${output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('the README subscription snippet runs as written and prints a violation', async () => {
  const team = await seed(env).createTeam();
  const code = (await snippet()).replace(README_URL, env.url.replace('http', 'ws')).replace(KEY_PLACEHOLDER, team.adminKey);
  await mkdir('test-output', { recursive: true });
  const file = `test-output/readme-subscription-${hex()}.mjs`;
  await writeFile(file, code);
  const before = await openSubscriptions();
  const child = track(spawn(process.execPath, ['--import', DIE_WITH_PARENT, file], { env: { ...process.env, NODE_OPTIONS: '' }, stdio: ['ignore', 'pipe', 'pipe'] }));
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    await until('the snippet\'s subscription', async () => (await openSubscriptions()) > before || child.exitCode !== null, () => output);
    expect({ exitCode: child.exitCode, output }).toEqual({ exitCode: null, output: '' });

    const monitor = await team.createMonitor('DATA_QUALITY');
    const schedule = await team.createSchedule(monitor.id, { kind: 'HOURLY' });
    env.backends.BUILTIN.putExecution(
      schedule.name,
      { executionId: `exec-${hex(6)}`, status: 'COMPLETED_WITH_VIOLATIONS', scheduledTime: new Date(Date.now() - 3_600_000), startedAt: null, endedAt: null, failureReason: null, reportUri: 's3://r/x' },
      { violations: [{ featureName: 'age', checkType: 'baseline_drift_check', description: 'drift 0.4 > 0.1' }], statistics: null },
    );
    await env.gateway.services.executions.syncSchedule(team.id, schedule.id);
    await until('the violation printed', () => output.includes('drift 0.4 > 0.1') || child.exitCode !== null, () => output);
    expect(output).toContain(`monitorName: '${monitor.name}'`);
    expect(output).toContain("featureName: 'age'");
  } finally {
    child.kill('SIGTERM');
    await exited;
    await rm(file, { force: true });
  }
});
