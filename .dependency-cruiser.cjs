// The layers of src/, bottom first, enforced by `npm test` (test/architecture/layers.test.ts)
// and drawn from this list in src/README.md, so the rules and the picture cannot drift.
// A folder (or a file directly in src/) may import only folders of layers below its own,
// never one beside it: with every folder on exactly one layer, no two folders can form a cycle.
const layers = [
  { name: 'config', folders: ['config.ts'], holds: 'the environment schema (zod)' },
  { name: 'shared', folders: ['shared', 'generated'], holds: 'utilities with no domain; generated Prisma client and GraphQL schema types' },
  { name: 'kernel', folders: ['kernel'], holds: 'pure models and SageMaker rules: monitor config, schedule rules, naming patterns, caller and roles' },
  { name: 'db', folders: ['db'], holds: 'the Prisma client, Tx, transactions, SQL and read-model primitives' },
  { name: 'ops', folders: ['ops'], holds: 'metrics and queue dashboards' },
  { name: 'jobs', folders: ['jobs'], holds: 'the job queue interface, its BullMQ and in-process drivers, job definitions' },
  { name: 'events', folders: ['events'], holds: 'the event bus, the outbox and the subscription hub' },
  { name: 'backends', folders: ['backends'], holds: 'the backend seam: what every monitoring backend implements' },
  { name: 'storage', folders: ['storage'], holds: "every table's storage module: the only place that writes SQL" },
  { name: 'adapters', folders: ['sagemaker', 'engine'], holds: 'the two backends: SageMaker over the AWS SDK, and the built-in engine over its core, the package `@mmg/engine`' },
  { name: 'tenancy', folders: ['tenancy'], holds: 'teams, members, API keys, roles' },
  { name: 'trusted-documents', folders: ['trusted-documents'], holds: 'GraphQL documents a team registers ahead of time, which its clients run by hash' },
  { name: 'schedules', folders: ['schedules'], holds: 'schedules and their backend state' },
  { name: 'baselines', folders: ['baselines'], holds: 'baselines and their constraints' },
  { name: 'metric-series', folders: ['metric-series'], holds: 'metric points extracted from reports' },
  { name: 'executions', folders: ['executions'], holds: 'executions, violations and their sync' },
  { name: 'monitors', folders: ['monitors'], holds: 'monitors: the aggregate over baselines, schedules and executions' },
  { name: 'webhooks', folders: ['webhooks'], holds: 'webhook subscriptions and deliveries' },
  { name: 'reconcile', folders: ['reconcile'], holds: 'drift between the gateway and the backends' },
  { name: 'imports', folders: ['imports'], holds: 'adopting schedules made outside the gateway (the SageMaker import)' },
  { name: 'sync', folders: ['sync'], holds: 'polling backends for executions' },
  { name: 'services', folders: ['services.ts'], holds: 'the managers of every domain, as one object' },
  { name: 'graphql', folders: ['graphql'], holds: 'schema, resolvers (a file per domain), context, loaders, executor' },
  { name: 'demo', folders: ['demo'], holds: "the demo's data and seed" },
  { name: 'pages', folders: ['playground', 'pages'], holds: 'the pages the gateway serves: the GraphiQL playground, the monitor pages' },
  { name: 'edge', folders: ['http', 'startup'], holds: 'the HTTP and WebSocket server; start-up checks' },
  { name: 'runtime', folders: ['runtime'], holds: 'the composition root: builds a gateway or a worker' },
  { name: 'entry', folders: ['main.ts', 'worker.ts'], holds: 'the processes: npm start, npm run worker' },
];

const path = (folders) => `^src/(${folders.map((f) => f.replace(/\./g, '\\.')).join('|')})($|/)`;

const layerRules = layers.flatMap((layer, i) => {
  const above = layers.slice(i + 1).flatMap((l) => l.folders);
  const rules = [];
  if (above.length > 0) {
    rules.push({
      name: `layer-${layer.name}`,
      comment: `${layer.name} (${layer.folders.join(', ')}) imports only layers below it`,
      severity: 'error',
      from: { path: path(layer.folders) },
      to: { path: path(above) },
    });
  }
  for (const folder of layer.folders) {
    const siblings = layer.folders.filter((f) => f !== folder);
    if (siblings.length === 0) continue;
    rules.push({
      name: `layer-${layer.name}-siblings`,
      comment: `${folder} does not import ${siblings.join(', ')}, beside it on the ${layer.name} layer`,
      severity: 'error',
      from: { path: path([folder]) },
      to: { path: path(siblings) },
    });
  }
  return rules;
});

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'src-in-a-layer',
      comment: 'every folder and file directly in src/ is on a layer of .dependency-cruiser.cjs',
      severity: 'error',
      from: { path: '^src/', pathNot: path(layers.flatMap((l) => l.folders)) },
      to: {},
    },
    {
      name: 'src-in-a-layer-imported',
      comment: 'nothing imports a folder or file of src/ that is on no layer',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^src/', pathNot: path(layers.flatMap((l) => l.folders)) },
    },
    {
      name: 'no-tools-in-src',
      comment: 'src/ never imports tests, scripts or the development packages; of the engine package, only its entries',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|scripts|packages)/', pathNot: '^packages/engine/src/(io/)?index\\.ts$' },
    },
    {
      name: 'engine-package-standalone',
      comment: 'the engine package (@mmg/engine) imports nothing of the repository outside itself',
      severity: 'error',
      from: { path: '^packages/engine/' },
      to: { path: '^(src|test|scripts|packages/(?!engine/))' },
    },
    {
      name: 'no-dev-deps-in-src',
      comment: 'src/ and the engine package ship: they import only dependencies, never devDependencies',
      severity: 'error',
      from: { path: '^(src|packages/engine/src)/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)generated/prisma/|^packages/[^/]+/dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
// The list itself, for the test that draws src/README.md's layers (not enumerable: the
// configuration's schema allows no other keys).
Object.defineProperty(module.exports, 'layers', { value: layers, enumerable: false });
