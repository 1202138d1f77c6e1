// Serving the gateway's own pages (the playground, the monitor pages): files read once into
// memory, each with a content hash as its ETag, and HTML shells under a strict same-origin CSP.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface Asset {
  body: Buffer;
  contentType: string;
  etag: string;
}

export const JS = 'text/javascript; charset=utf-8';
export const CSS = 'text/css; charset=utf-8';

/** Same origin only: no CDN, no inline script or style, no framing. */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

const SECURITY_HEADERS = { 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer' };

export const asset = (body: Buffer, contentType: string): Asset => ({
  body,
  contentType,
  etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
});

/**
 * GET/HEAD of `${prefix}/<name>`: the asset (304 when the ETag matches); false when the path is
 * not under prefix or names no asset (the caller answers 404).
 */
export function serveAsset(req: IncomingMessage, res: ServerResponse, url: URL, prefix: string, assets: ReadonlyMap<string, Asset>): boolean {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || !url.pathname.startsWith(`${prefix}/`)) return false;
  const file = assets.get(url.pathname.slice(prefix.length + 1));
  if (!file) return false;
  if (req.headers['if-none-match'] === file.etag) {
    res.writeHead(304, { etag: file.etag });
    res.end();
    return true;
  }
  res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.length, etag: file.etag, 'cache-control': 'public, max-age=3600', ...SECURITY_HEADERS });
  res.end(req.method === 'HEAD' ? undefined : file.body);
  return true;
}

/** An HTML page under PAGE_CSP, never cached (pages may carry an API key). */
export function sendPage(req: IncomingMessage, res: ServerResponse, status: number, html: string): void {
  const body = Buffer.from(html);
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': body.length, 'cache-control': 'no-store', 'content-security-policy': PAGE_CSP, ...SECURITY_HEADERS });
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** JSON inside <script>: `<` escaped so no string can close the element. */
export const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

/**
 * A page of the gateway: its styles and scripts from `assetsPath`, a placeholder shown until the
 * scripts draw, and its configuration as JSON in a <script type="application/json" id=configId>
 * (never inline script: the CSP forbids it).
 */
export function htmlShell(page: { title: string; assetsPath: string; styles: readonly string[]; scripts: readonly string[]; placeholder: string; configId: string; config: unknown }): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${page.title}</title>`,
    ...page.styles.map((name) => `<link rel="stylesheet" href="${page.assetsPath}/${name}">`),
    '</head>',
    '<body>',
    page.placeholder,
    `<script type="application/json" id="${page.configId}">${scriptJson(page.config)}</script>`,
    ...page.scripts.map((name) => `<script src="${page.assetsPath}/${name}"></script>`),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

