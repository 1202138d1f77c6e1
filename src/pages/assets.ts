// The monitor pages' browser bundle, built from web/monitors by `npm run build` (and before
// `npm test`) with scripts/build-pages.ts into dist/web/monitors, read once at start. The
// gateway never builds it: a missing bundle is reported (a warning, and a 503 page saying
// how to build it), not a crash.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { asset, CSS, JS, type Asset } from '../shared/static-assets.js';

/** The bundle's files, as served; the build writes exactly these. */
export const BUNDLE_FILES: Record<string, string> = { 'monitors.js': JS, 'monitors.css': CSS };

export const BUILD_COMMAND = 'npm run build (or only the pages: npx tsx scripts/build-pages.ts)';

const here = dirname(fileURLToPath(import.meta.url));

/** dist/web/monitors from src/pages (tsx, jest) or from dist/src/pages (built). */
export function bundleDir(): string {
  const candidates = [resolve(here, '../../dist/web/monitors'), resolve(here, '../../web/monitors')];
  return candidates.find((dir) => existsSync(join(dir, 'monitors.js'))) ?? candidates[0]!;
}

export type Bundle = { ok: true; assets: Map<string, Asset> } | { ok: false; missing: string };

/** Every file of the bundle, or what is missing. */
export function readBundle(dir: string = bundleDir()): Bundle {
  const assets = new Map<string, Asset>();
  for (const [name, type] of Object.entries(BUNDLE_FILES)) {
    const file = join(dir, name);
    if (!existsSync(file)) return { ok: false, missing: file };
    assets.set(name, asset(readFileSync(file), type));
  }
  return { ok: true, assets };
}
