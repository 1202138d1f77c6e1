// Where the engine reads inputs and writes reports: s3://bucket/key (any
// S3-compatible endpoint) or file:///absolute/path. One interface, two drivers,
// picked by the URI's scheme.
import type { Readable } from 'node:stream';

export interface ObjectStore {
  /** URIs of the objects whose URI starts with `prefixUri`, in key order. */
  list(prefixUri: string): AsyncIterable<string>;
  /** The object's bytes as a stream (read, never buffered whole). */
  read(uri: string): Promise<Readable>;
  /** The whole object as text, or null when it does not exist. For small documents only. */
  readText(uri: string): Promise<string | null>;
  writeText(uri: string, text: string, contentType?: string): Promise<void>;
}

/** Joins URI parts with single slashes: join('s3://b/p/', 'x', 'y.json') → 's3://b/p/x/y.json'. */
export function joinUri(base: string, ...parts: string[]): string {
  let out = base.replace(/\/+$/, '');
  for (const p of parts) out += `/${p.replace(/^\/+/, '').replace(/\/+$/, '')}`;
  return out;
}

/** Dispatches on the scheme; an unknown scheme is a usage error with the URI in the message. */
export class RoutingStore implements ObjectStore {
  constructor(private readonly drivers: { s3?: ObjectStore; file?: ObjectStore }) {}

  private pick(uri: string): ObjectStore {
    const scheme = /^([a-z0-9]+):\/\//.exec(uri)?.[1];
    const d = scheme === 's3' ? this.drivers.s3 : scheme === 'file' ? this.drivers.file : undefined;
    if (!d) throw new Error(`unsupported URI "${uri}": expected s3://bucket/key or file:///path${scheme === 's3' ? ' (no S3 client configured)' : ''}`);
    return d;
  }

  list(prefixUri: string): AsyncIterable<string> {
    return this.pick(prefixUri).list(prefixUri);
  }
  read(uri: string): Promise<Readable> {
    return this.pick(uri).read(uri);
  }
  readText(uri: string): Promise<string | null> {
    return this.pick(uri).readText(uri);
  }
  writeText(uri: string, text: string, contentType?: string): Promise<void> {
    return this.pick(uri).writeText(uri, text, contentType);
  }
}
