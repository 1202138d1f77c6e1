// Bundles the monitor pages' browser source (web/monitors/main.ts, its CSS and uPlot's)
// into dist/web/monitors/monitors.{js,css}, which src/pages serves. Run by `npm run build`
// and before `npm test`; esbuild and uPlot are devDependencies: the bundle is the artifact.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const result = await build({
  absWorkingDir: root,
  entryPoints: { monitors: 'web/monitors/main.ts' },
  outdir: 'dist/web/monitors',
  bundle: true,
  minify: true,
  format: 'iife',
  target: ['es2020'],
  platform: 'browser',
  legalComments: 'eof',
  metafile: true,
  logLevel: 'warning',
});

const sizes = Object.entries(result.metafile.outputs).map(([file, out]) => `${file} ${(out.bytes / 1024).toFixed(1)} KiB`);
process.stdout.write(`monitor pages built: ${sizes.join(', ')}\n`);
