/**
 * Minimal S3-compatible store (path style only): buckets, PUT/GET/HEAD/DELETE object,
 * ListObjectsV2 (prefix, delimiter, start-after, continuation-token, max-keys), CreateBucket,
 * HeadBucket. Enough for @aws-sdk/client-s3 with forcePathStyle; signatures are ignored.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from './clock.js';
import { readBody } from './protocol.js';

export interface S3Object {
  body: Buffer;
  contentType: string;
  etag: string;
  lastModified: Date;
}

export class S3Store {
  private readonly buckets = new Map<string, Map<string, S3Object>>();
  constructor(private readonly clock: Clock) {}

  createBucket(bucket: string): void {
    if (!this.buckets.has(bucket)) this.buckets.set(bucket, new Map());
  }
  hasBucket(bucket: string): boolean {
    return this.buckets.has(bucket);
  }
  /** Writes an object, creating the bucket if needed (server-side writes, e.g. reports). */
  put(bucket: string, key: string, body: Buffer | string, contentType = 'application/octet-stream'): S3Object {
    this.createBucket(bucket);
    const data = typeof body === 'string' ? Buffer.from(body) : body;
    const obj = { body: data, contentType, etag: `"${createHash('md5').update(data).digest('hex')}"`, lastModified: this.clock.now() };
    this.buckets.get(bucket)!.set(key, obj);
    return obj;
  }
  get(bucket: string, key: string): S3Object | undefined {
    return this.buckets.get(bucket)?.get(key);
  }
  getText(uri: string): string | undefined {
    const { bucket, key } = parseS3Uri(uri);
    return this.get(bucket, key)?.body.toString('utf8');
  }
  delete(bucket: string, key: string): void {
    this.buckets.get(bucket)?.delete(key);
  }
  /** Keys of a bucket in lexicographic (UTF-8 binary) order, like S3. */
  keys(bucket: string, prefix = ''): string[] {
    const b = this.buckets.get(bucket);
    if (!b) return [];
    return [...b.keys()].filter((k) => k.startsWith(prefix)).sort((a, z) => Buffer.compare(Buffer.from(a), Buffer.from(z)));
  }
}

/** `s3://bucket/some/key` → { bucket, key }. */
export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`not an s3:// URI: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

const xmlEscape = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');

function sendXml(res: ServerResponse, status: number, xml: string, headers: Record<string, string> = {}): void {
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n${xml}`;
  res.writeHead(status, { 'Content-Type': 'application/xml', 'Content-Length': Buffer.byteLength(text), 'x-amz-request-id': randomUUID(), ...headers });
  res.end(text);
}

function sendS3Error(res: ServerResponse, status: number, code: string, message: string, head: boolean): void {
  if (head) {
    res.writeHead(status, { 'x-amz-request-id': randomUUID() });
    res.end();
    return;
  }
  sendXml(res, status, `<Error><Code>${code}</Code><Message>${xmlEscape(message)}</Message></Error>`);
}

/** Decodes `aws-chunked` bodies (streaming uploads with trailing checksums). */
export function decodeAwsChunked(data: Buffer): Buffer {
  const parts: Buffer[] = [];
  let pos = 0;
  while (pos < data.length) {
    const lineEnd = data.indexOf('\r\n', pos);
    if (lineEnd < 0) break;
    const size = parseInt(data.subarray(pos, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (!Number.isFinite(size) || size === 0) break;
    parts.push(data.subarray(lineEnd + 2, lineEnd + 2 + size));
    pos = lineEnd + 2 + size + 2;
  }
  return Buffer.concat(parts);
}

export function s3Handler(store: S3Store) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    const head = method === 'HEAD';
    const [, rawBucket = '', ...rest] = url.pathname.split('/');
    const bucket = decodeURIComponent(rawBucket);
    const key = rest.map((s) => decodeURIComponent(s)).join('/');
    const raw = await readBody(req);
    if (!bucket) return sendXml(res, 200, '<ListAllMyBucketsResult><Buckets></Buckets></ListAllMyBucketsResult>');

    if (!key) {
      if (method === 'PUT') {
        store.createBucket(bucket);
        res.writeHead(200, { Location: `/${bucket}` });
        return void res.end();
      }
      if (!store.hasBucket(bucket)) return sendS3Error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', head);
      if (head) {
        res.writeHead(200, { 'x-amz-bucket-region': 'us-east-1' });
        return void res.end();
      }
      if (method === 'GET') return listObjectsV2(store, bucket, url.searchParams, res);
      return sendS3Error(res, 405, 'MethodNotAllowed', `${method} on a bucket is not supported`, false);
    }

    if (!store.hasBucket(bucket)) return sendS3Error(res, 404, 'NoSuchBucket', 'The specified bucket does not exist', head);
    if (method === 'PUT') {
      const chunked = (req.headers['content-encoding'] ?? '').includes('aws-chunked') ||
        String(req.headers['x-amz-content-sha256'] ?? '').startsWith('STREAMING-');
      const obj = store.put(bucket, key, chunked ? decodeAwsChunked(raw) : raw, req.headers['content-type'] ?? 'application/octet-stream');
      res.writeHead(200, { ETag: obj.etag });
      return void res.end();
    }
    if (method === 'DELETE') {
      store.delete(bucket, key);
      res.writeHead(204);
      return void res.end();
    }
    const obj = store.get(bucket, key);
    if (!obj) return sendS3Error(res, 404, 'NoSuchKey', 'The specified key does not exist.', head);
    res.writeHead(200, {
      'Content-Type': obj.contentType,
      'Content-Length': obj.body.length,
      ETag: obj.etag,
      'Last-Modified': obj.lastModified.toUTCString(),
    });
    res.end(head ? undefined : obj.body);
  };
}

function listObjectsV2(store: S3Store, bucket: string, q: URLSearchParams, res: ServerResponse): void {
  const prefix = q.get('prefix') ?? '';
  const delimiter = q.get('delimiter') ?? '';
  const maxKeys = Math.max(0, Math.min(1000, Number(q.get('max-keys') ?? 1000)));
  const token = q.get('continuation-token');
  const startAfter = token ? Buffer.from(token, 'base64url').toString('utf8') : q.get('start-after') ?? '';
  const entries: Array<{ key: string } | { prefix: string }> = [];
  const seenPrefixes = new Set<string>();
  for (const key of store.keys(bucket, prefix)) {
    if (startAfter && Buffer.compare(Buffer.from(key), Buffer.from(startAfter)) <= 0) continue;
    if (delimiter) {
      const idx = key.indexOf(delimiter, prefix.length);
      if (idx >= 0) {
        const p = key.slice(0, idx + delimiter.length);
        if (!seenPrefixes.has(p)) {
          seenPrefixes.add(p);
          entries.push({ prefix: p });
        }
        continue;
      }
    }
    entries.push({ key });
  }
  const page = entries.slice(0, maxKeys);
  const truncated = entries.length > page.length;
  const last = page[page.length - 1];
  // The token is the last key (or common prefix + max char) returned, so the next page resumes after it.
  const lastKey = last === undefined ? '' : 'key' in last ? last.key : `${last.prefix}\u{10FFFF}`;
  const contents = page
    .map((e) => {
      if (!('key' in e)) return '';
      const o = store.get(bucket, e.key)!;
      return `<Contents><Key>${xmlEscape(e.key)}</Key><LastModified>${o.lastModified.toISOString()}</LastModified>` +
        `<ETag>${xmlEscape(o.etag)}</ETag><Size>${o.body.length}</Size><StorageClass>STANDARD</StorageClass></Contents>`;
    })
    .join('');
  const prefixes = page.map((e) => ('prefix' in e ? `<CommonPrefixes><Prefix>${xmlEscape(e.prefix)}</Prefix></CommonPrefixes>` : '')).join('');
  sendXml(
    res,
    200,
    `<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/"><Name>${xmlEscape(bucket)}</Name>` +
      `<Prefix>${xmlEscape(prefix)}</Prefix>${delimiter ? `<Delimiter>${xmlEscape(delimiter)}</Delimiter>` : ''}` +
      `<MaxKeys>${maxKeys}</MaxKeys><KeyCount>${page.length}</KeyCount><IsTruncated>${truncated}</IsTruncated>` +
      (token ? `<ContinuationToken>${xmlEscape(token)}</ContinuationToken>` : '') +
      (truncated ? `<NextContinuationToken>${Buffer.from(lastKey).toString('base64url')}</NextContinuationToken>` : '') +
      `${contents}${prefixes}</ListBucketResult>`,
  );
}
