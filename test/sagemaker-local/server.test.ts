import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DescribeMonitoringScheduleCommand } from '@aws-sdk/client-sagemaker';
import { ManualClock, RealClock, startLocalSageMaker } from '@mmg/local-sagemaker';
import { MINUTE, sageMaker, setUpMonitor } from './helpers.js';

const here = dirname(fileURLToPath(import.meta.url));
const serverDir = join(here, '../../packages/local-sagemaker/src');

// The package's one dependency is the built-in engine (its reports: `reports: 'engine'`): its code
// imports node: built-ins, its own files and the engine's two entries, never the gateway.
test('the server code imports only node: built-ins, its own files and @mmg/engine (it plays AWS, apart from the gateway)', () => {
  const files = readdirSync(serverDir).filter((f) => f.endsWith('.ts'));
  expect(files).toContain('index.ts');
  expect(Object.keys(JSON.parse(readFileSync(join(serverDir, '../package.json'), 'utf8')).dependencies)).toEqual(['@mmg/engine']);
  for (const file of files) {
    const source = readFileSync(join(serverDir, file), 'utf8');
    // `from '…'`, side-effect `import '…'` and dynamic `import('…')`.
    const specifiers = [...source.matchAll(/(?:\bfrom|\bimport)\s*\(?\s*'([^']+)'/g)].map((m) => m[1]!);
    for (const spec of specifiers) {
      if (spec.startsWith('.')) expect(`${file}: ${spec}`).toMatch(/: \.\/[a-z0-9-]+\.js$/);
      else expect(`${file}: ${spec}`).toMatch(/: (node:|@mmg\/engine(\/io)?$)/);
    }
  }
});

test('ManualClock only moves forward', () => {
  const clock = new ManualClock('2025-05-05T10:00:00Z');
  clock.advance(MINUTE);
  expect(clock.now().toISOString()).toBe('2025-05-05T10:01:00.000Z');
  clock.set('2025-05-06T00:00:00Z');
  expect(() => clock.set('2025-05-05T00:00:00Z')).toThrow(RangeError);
  expect(() => clock.advance(-1)).toThrow(RangeError);
});

test('standalone control endpoint advances the manual clock', async () => {
  const server = await startLocalSageMaker({ clock: new ManualClock('2025-01-01T00:00:00Z') });
  const sm = sageMaker(server);
  try {
    await setUpMonitor(sm, 'DataQuality', 'dq', 'cron(0 * ? * * *)');
    const res = await fetch(`${server.endpoint}/_local/advance`, { method: 'POST', body: JSON.stringify({ ms: 90 * MINUTE }) });
    expect(await res.json()).toEqual({ now: '2025-01-01T01:30:00.000Z' });
    const d = await sm.send(new DescribeMonitoringScheduleCommand({ MonitoringScheduleName: 'dq' }));
    expect(d.LastMonitoringExecutionSummary?.MonitoringExecutionStatus).toBe('Completed');
    const bad = await fetch(`${server.endpoint}/_local/advance`, { method: 'POST', body: '{}' });
    expect(bad.status).toBe(400);
  } finally {
    sm.destroy();
    await server.close();
  }
});

test('real-time mode ticks by itself', async () => {
  const server = await startLocalSageMaker({ clock: new RealClock(), realtime: true, tickIntervalMs: 10, scheduleActivationMs: 400 });
  const sm = sageMaker(server);
  try {
    await setUpMonitor(sm, 'DataQuality', 'dq', 'cron(0 * ? * * *)');
    expect(server.state.schedules()[0]?.status).toBe('Pending');
    // No request is made while waiting: only the background tick can activate the schedule.
    for (let i = 0; i < 100 && server.state.schedules()[0]?.status === 'Pending'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(server.state.schedules()[0]?.status).toBe('Scheduled');
  } finally {
    sm.destroy();
    await server.close();
  }
});
