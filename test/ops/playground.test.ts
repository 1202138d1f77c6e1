// The playground page and its assets over HTTP (the browser test drives it for real):
// served only to browsers, from the gateway itself, with a same-origin CSP, the API key
// preset, and example operations that are valid against the schema.
import { Kind, parse, validate } from 'graphql';
import { startGateway, type Gateway } from '../../src/runtime/index.js';
import { InProcessBackend } from '../support/in-process-backend.js';
import { config } from '../../src/config.js';
import { buildSchema } from '../../src/graphql/schema.js';
import { exampleTabs } from '../../src/playground/examples.js';
import { demoDataDir } from '../../src/demo/data.js';

let gateway: Gateway;
const base = () => gateway.url.replace('/graphql', '');
const html = { headers: { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' } };

beforeAll(async () => {
  const backends = { SAGEMAKER: new InProcessBackend('SAGEMAKER'), BUILTIN: new InProcessBackend('BUILTIN') };
  gateway = await startGateway({ config: { ...config(), PORT: 0, PLAYGROUND_API_KEY: 'mmg_configured</script>' }, backends });
});
afterAll(() => gateway.stop());

/** The page's settings block. */
async function pageConfig(path = '/graphql') {
  const res = await fetch(`${base()}${path}`, html);
  expect(res.status).toBe(200);
  const text = await res.text();
  const json = /<script type="application\/json" id="playground-config">(.*?)<\/script>/s.exec(text)?.[1];
  return { res, text, config: JSON.parse(json!) as { endpoint: string; headers: string; tabs: Array<{ query: string; variables?: string }> } };
}

it('has example operations for the main tasks, all valid against the schema', async () => {
  const schema = await buildSchema();
  const operations = exampleTabs(undefined).map((tab) => {
    const doc = parse(tab.query);
    expect(validate(schema, doc)).toEqual([]);
    if (tab.variables) JSON.parse(tab.variables);
    return doc.definitions.map((d) => (d.kind === Kind.OPERATION_DEFINITION ? `${d.operation} ${d.name?.value}` : d.kind)).join();
  });
  expect(operations).toEqual(['query Viewer', 'mutation CreateMonitor', 'mutation RequestBaseline', 'mutation RunOnce', 'query Violations', 'subscription ViolationDetected']);
  expect(exampleTabs(undefined)[3]!.query).toMatch(/window: \{ dataAnalysisStartTime: "-PT2H", dataAnalysisEndTime: "-PT1H" \}/);
});

it('serves the page to browsers at /graphql and /playground, with the configured key and a same-origin CSP', async () => {
  for (const path of ['/graphql', '/playground']) {
    const { res, text, config: settings } = await pageConfig(path);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self'");
    expect(text).not.toMatch(/(src|href)="(https?:)?\/\//); // nothing from another origin
    expect(text).not.toContain('</script>"'); // the key cannot close the script element
    expect(JSON.parse(settings.headers)).toEqual({ authorization: 'Bearer mmg_configured</script>' });
    expect(settings.endpoint).toBe('/graphql');
    expect(settings.tabs).toEqual(exampleTabs(demoDataDir(config()))); // variables point at the demo's files
  }
  gateway.setPlaygroundKey('mmg_set_at_run_time');
  expect(JSON.parse((await pageConfig()).config.headers)).toEqual({ authorization: 'Bearer mmg_set_at_run_time' });
  gateway.setPlaygroundKey(undefined);
  expect(JSON.parse((await pageConfig()).config.headers)).toEqual({ authorization: 'Bearer <API key>' });
});

it('serves every script and stylesheet of the page from the installed packages, cacheable', async () => {
  const { text } = await pageConfig();
  const refs = [...text.matchAll(/(?:src|href)="(\/playground\/assets\/[^"]+)"/g)].map((m) => m[1]!);
  expect(refs).toEqual(['/playground/assets/graphiql.css', '/playground/assets/playground.css', '/playground/assets/react.js', '/playground/assets/react-dom.js',
    '/playground/assets/graphiql.js', '/playground/assets/graphql-ws.js', '/playground/assets/playground.js']);
  for (const ref of refs) {
    const res = await fetch(`${base()}${ref}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(ref.endsWith('.css') ? /^text\/css/ : /^text\/javascript/);
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(20);
    const again = await fetch(`${base()}${ref}`, { headers: { 'if-none-match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  }
  expect(await (await fetch(`${base()}/playground/assets/graphiql.js`)).text()).toContain('GraphiQL');
  expect((await fetch(`${base()}/playground/assets/../../package.json`)).status).toBe(404);
  expect((await fetch(`${base()}/playground/assets/nope.js`)).status).toBe(404);
});

it('leaves GraphQL over HTTP as it was: POST, and GET with a query even from a browser', async () => {
  const post = await fetch(gateway.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
  expect(await post.json()).toEqual({ data: { __typename: 'Query' } });
  const get = await fetch(`${gateway.url}?query=${encodeURIComponent('{ __typename }')}`, { headers: { ...html.headers, 'apollo-require-preflight': 'true' } });
  expect(get.headers.get('content-type')).toContain('application/json');
  expect(await get.json()).toEqual({ data: { __typename: 'Query' } });
});
