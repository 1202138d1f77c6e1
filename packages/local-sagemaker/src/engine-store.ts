/** The engine's ObjectStore over the server's own S3 store: runs read their inputs and write their reports in process. */
import { Readable } from 'node:stream';
import type { ObjectStore } from '@mmg/engine/io';
import { parseS3Uri, type S3Store } from './s3.js';

/** As S3 answers GetObject of an absent key (the reader names the URI). */
const noSuchKey = (uri: string): Error => Object.assign(new Error(`The specified key does not exist: ${uri}`), { name: 'NoSuchKey' });

export class LocalObjectStore implements ObjectStore {
  constructor(private readonly s3: S3Store) {}

  async *list(prefixUri: string): AsyncIterable<string> {
    const { bucket, key } = parseS3Uri(prefixUri);
    for (const k of this.s3.keys(bucket, key)) yield `s3://${bucket}/${k}`;
  }

  read(uri: string): Promise<Readable> {
    const { bucket, key } = parseS3Uri(uri);
    const obj = this.s3.get(bucket, key);
    return obj ? Promise.resolve(Readable.from([obj.body])) : Promise.reject(noSuchKey(uri));
  }

  readText(uri: string): Promise<string | null> {
    return Promise.resolve(this.s3.getText(uri) ?? null);
  }

  writeText(uri: string, text: string, contentType = 'application/json'): Promise<void> {
    const { bucket, key } = parseS3Uri(uri);
    this.s3.put(bucket, key, text, contentType);
    return Promise.resolve();
  }
}
