/**
 * Standalone local SageMaker: `npm start -w @mmg/local-sagemaker -- --port 4566 --s3-port 4567 [--realtime]`
 * from the repository root (or `npm start -- …` in this package's folder).
 * Without --realtime the clock is manual: move it with `curl -XPOST <endpoint>/_local/advance -d '{"ms":3600000}'`
 * (or `{"to":"2024-01-02T00:00:00Z"}`). With --realtime, schedules fire on the wall clock.
 * `--trust-role <role ARN>[=<external id>]` (repeatable) makes a role assumable through the endpoint's STS AssumeRole.
 * `--reports engine` (the default here) runs the built-in engine on the captures in the server's S3
 * (`--capture-root s3://…`: the endpoints' data capture destination); `--reports fixtures` writes only
 * what POST /_local/outcomes/<schedule> queued, else an empty violation list.
 */
import { parseArgs } from 'node:util';
import { startLocalSageMaker } from './server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4566' },
    's3-port': { type: 'string', default: '4567' },
    host: { type: 'string', default: '127.0.0.1' },
    realtime: { type: 'boolean', default: false },
    'max-start-delay-minutes': { type: 'string', default: '0' },
    'trust-role': { type: 'string', multiple: true, default: [] },
    reports: { type: 'string', default: 'engine' },
    'capture-root': { type: 'string' },
  },
});
const reports = values.reports;
if (reports !== 'engine' && reports !== 'fixtures') {
  console.error(`--reports must be engine or fixtures, not ${reports}`);
  process.exit(2);
}

const server = await startLocalSageMaker({
  port: Number(values.port),
  s3Port: Number(values['s3-port']),
  host: values.host,
  realtime: values.realtime,
  maxStartDelayMs: Number(values['max-start-delay-minutes']) * 60_000,
  reports,
  ...(values['capture-root'] ? { captureRoot: values['capture-root'] } : {}),
});
for (const trust of values['trust-role']) {
  const [roleArn, externalId] = trust.split('=', 2) as [string, string | undefined];
  server.sts.trustRole(roleArn, externalId ? { externalId } : {});
}
console.log(`SageMaker endpoint: ${server.endpoint} (also STS AssumeRole: AWS_ENDPOINT_URL_STS=${server.endpoint})`);
console.log(`S3 endpoint:        ${server.s3Endpoint} (forcePathStyle)`);
console.log(`Reports:            ${reports === 'engine' ? `built-in engine (captures under ${server.captureRoot}/<endpoint>/AllTraffic/yyyy/mm/dd/hh/)` : 'fixtures (POST /_local/outcomes/<schedule>)'}`);
console.log(`Clock: ${values.realtime ? 'real time' : `manual at ${server.clock.now().toISOString()}; POST ${server.endpoint}/_local/advance {"ms":N}`}`);
const stop = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
