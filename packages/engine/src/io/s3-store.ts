// s3:// driver over @aws-sdk/client-s3 (any S3-compatible endpoint, path style).
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Readable } from 'node:stream';
import type { ObjectStore } from './store.js';

export interface S3StoreOptions {
  /** e.g. http://127.0.0.1:9000; omitted for AWS itself. */
  endpoint?: string;
  region?: string;
  credentials?: { accessKeyId: string; secretAccessKey: string };
  forcePathStyle?: boolean;
}

export function parseS3Uri(uri: string): { bucket: string; key: string } {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) throw new Error(`not an s3:// URI: ${uri}`);
  return { bucket: m[1]!, key: m[2]! };
}

export class S3ObjectStore implements ObjectStore {
  readonly client: S3Client;

  constructor(options: S3StoreOptions | S3Client = {}) {
    this.client = options instanceof S3Client
      ? options
      : new S3Client({
        region: options.region ?? 'us-east-1',
        forcePathStyle: options.forcePathStyle ?? true,
        ...(options.endpoint ? { endpoint: options.endpoint } : {}),
        ...(options.credentials ? { credentials: options.credentials } : {}),
      });
  }

  async *list(prefixUri: string): AsyncIterable<string> {
    const { bucket, key } = parseS3Uri(prefixUri);
    let token: string | undefined;
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: key, ContinuationToken: token }));
      for (const o of page.Contents ?? []) if (o.Key) yield `s3://${bucket}/${o.Key}`;
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async read(uri: string): Promise<Readable> {
    const { bucket, key } = parseS3Uri(uri);
    const out = await this.client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    if (!out.Body) throw new Error(`empty body for ${uri}`);
    return out.Body as Readable;
  }

  async readText(uri: string): Promise<string | null> {
    try {
      const body = await this.read(uri);
      const chunks: Buffer[] = [];
      for await (const c of body) chunks.push(Buffer.from(c as Uint8Array));
      return Buffer.concat(chunks).toString('utf8');
    } catch (e) {
      if ((e as { name?: string }).name === 'NoSuchKey') return null;
      throw e;
    }
  }

  async writeText(uri: string, text: string, contentType = 'application/json'): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    await this.client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: text, ContentType: contentType }));
  }

  destroy(): void {
    this.client.destroy();
  }
}
