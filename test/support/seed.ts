// Chained fixture builders: each test makes its own team (no table wiping), then
// monitors, schedules and keys through the public API, as a user would.
import { randomBytes } from 'node:crypto';
import type { MonitorType } from '../../src/kernel/monitor-config.js';
import { ok, type TestGateway } from './gateway.js';

const ADMIN_TOKEN = () => process.env['ADMIN_TOKEN'] as string;

export const MONITOR_FIELDS = 'id name type backend endpointName maxRuntimeInSeconds';

/** A valid CreateMonitorInput for each type; `overrides` replace top-level fields. */
export function monitorInput(type: MonitorType, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const name = `${type.toLowerCase().replace(/_/g, '-')}-${randomBytes(3).toString('hex')}`;
  const base: Record<string, unknown> = {
    name,
    type,
    endpointInput: { endpointName: 'churn-ep' },
    outputS3Uri: 's3://reports/churn',
    roleArn: 'arn:aws:iam::123456789012:role/monitor',
  };
  const specific: Record<MonitorType, Record<string, unknown>> = {
    DATA_QUALITY: {},
    MODEL_QUALITY: { problemType: 'BINARY_CLASSIFICATION', groundTruthS3Uri: 's3://gt/churn' },
    MODEL_BIAS: { groundTruthS3Uri: 's3://gt/churn', bias: { facetName: 'age', facetValuesOrThreshold: ['40'], labelValuesOrThreshold: ['1'] } },
    MODEL_EXPLAINABILITY: { explainability: { headers: ['age', 'tenure', 'plan'] } },
  };
  return { ...base, ...specific[type], ...overrides };
}

export interface TeamFixture {
  id: string;
  slug: string;
  adminKey: string;
  adminKeyId: string;
  /** Calls the API with this team's ADMIN key (or `key`). */
  call<T = Record<string, any>>(query: string, variables?: Record<string, unknown>, key?: string): Promise<T>;
  createKey(role: 'VIEWER' | 'EDITOR' | 'ADMIN'): Promise<{ id: string; secret: string }>;
  createMonitor(type: MonitorType, overrides?: Record<string, unknown>): Promise<{ id: string; name: string; type: MonitorType; backend: 'BUILTIN' | 'SAGEMAKER' }>;
  createSchedule(monitorId: string, spec: Record<string, unknown>, name?: string): Promise<{ id: string; name: string; expression: string }>;
}

export function seed(env: Pick<TestGateway, 'url'>) {
  return {
    async createTeam(options: { defaultBackend?: 'BUILTIN' | 'SAGEMAKER' } = {}): Promise<TeamFixture> {
      const slug = `team-${randomBytes(5).toString('hex')}`;
      const data = await ok(env.url, ADMIN_TOKEN(), `mutation($i: CreateTeamInput!) { createTeam(input: $i) { team { id slug } apiKey { id } secret } }`, {
        i: { slug, displayName: `Team ${slug}`, ...(options.defaultBackend ? { defaultBackend: options.defaultBackend } : {}) },
      });
      const created = data['createTeam'];
      const adminKey: string = created.secret;
      const team: TeamFixture = {
        id: created.team.id,
        slug,
        adminKey,
        adminKeyId: created.apiKey.id,
        call: (query, variables, key = adminKey) => ok(env.url, key, query, variables),
        async createKey(role) {
          const d = await team.call(`mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } secret } }`, { i: { name: `${role} key`, role } });
          return { id: d['createApiKey'].apiKey.id, secret: d['createApiKey'].secret };
        },
        async createMonitor(type, overrides = {}) {
          const d = await team.call(`mutation($i: CreateMonitorInput!) { createMonitor(input: $i) { ${MONITOR_FIELDS} } }`, { i: monitorInput(type, overrides) });
          return d['createMonitor'];
        },
        async createSchedule(monitorId, spec, name = `sched-${randomBytes(4).toString('hex')}`) {
          const d = await team.call(`mutation($i: CreateScheduleInput!) { createSchedule(input: $i) { id name expression } }`, { i: { monitorId, name, spec } });
          return d['createSchedule'];
        },
      };
      return team;
    },
  };
}
