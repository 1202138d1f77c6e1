import { Readable } from 'node:stream';
import {
  CreateBucketCommand, DeleteObjectCommand, GetObjectCommand, HeadBucketCommand, HeadObjectCommand, ListObjectsV2Command,
  PutObjectCommand, type S3Client,
} from '@aws-sdk/client-s3';
import { startLocalSageMaker, type LocalSageMaker } from '@mmg/local-sagemaker';
import { failure, s3Client } from './helpers.js';

let server: LocalSageMaker;
let s3: S3Client;
beforeAll(async () => {
  server = await startLocalSageMaker();
  s3 = s3Client(server);
});
afterAll(async () => {
  s3.destroy();
  await server.close();
});

test('buckets and objects round-trip through the real S3 client', async () => {
  expect((await failure(() => s3.send(new HeadBucketCommand({ Bucket: 'data' })))).name).toBe('NotFound');
  await s3.send(new CreateBucketCommand({ Bucket: 'data' }));
  await s3.send(new HeadBucketCommand({ Bucket: 'data' }));

  const put = await s3.send(new PutObjectCommand({ Bucket: 'data', Key: 'dir/a b+c.json', Body: '{"x":1}', ContentType: 'application/json' }));
  expect(put.ETag).toMatch(/^"[0-9a-f]{32}"$/);
  const head = await s3.send(new HeadObjectCommand({ Bucket: 'data', Key: 'dir/a b+c.json' }));
  expect(head.ContentLength).toBe(7);
  expect(head.ContentType).toBe('application/json');
  expect(head.ETag).toBe(put.ETag);

  const got = await s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'dir/a b+c.json' }));
  expect(await got.Body!.transformToString()).toBe('{"x":1}');
  expect(got.LastModified).toEqual(new Date('2024-01-01T00:00:00Z'));

  await s3.send(new DeleteObjectCommand({ Bucket: 'data', Key: 'dir/a b+c.json' }));
  expect((await failure(() => s3.send(new GetObjectCommand({ Bucket: 'data', Key: 'dir/a b+c.json' })))).name).toBe('NoSuchKey');
  expect((await failure(() => s3.send(new HeadObjectCommand({ Bucket: 'data', Key: 'dir/a b+c.json' })))).name).toBe('NotFound');
  expect((await failure(() => s3.send(new PutObjectCommand({ Bucket: 'missing', Key: 'k', Body: 'x' })))).name).toBe('NoSuchBucket');
});

test('streamed uploads and downloads', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'stream' }));
  const big = Buffer.alloc(3 * 1024 * 1024, 'abcdefghij');
  await s3.send(new PutObjectCommand({ Bucket: 'stream', Key: 'big.bin', Body: Readable.from([big.subarray(0, 1_000_000), big.subarray(1_000_000)]), ContentLength: big.length }));
  const got = await s3.send(new GetObjectCommand({ Bucket: 'stream', Key: 'big.bin' }));
  const chunks: Buffer[] = [];
  for await (const chunk of got.Body as Readable) chunks.push(chunk as Buffer);
  expect(chunks.length).toBeGreaterThan(1);
  expect(Buffer.concat(chunks).equals(big)).toBe(true);
  expect(server.s3.get('stream', 'big.bin')?.body.length).toBe(big.length);
});

test('ListObjectsV2 with prefix, delimiter and continuation tokens', async () => {
  await s3.send(new CreateBucketCommand({ Bucket: 'list' }));
  const keys = ['r/2024/01/01/00/a.json', 'r/2024/01/01/00/b.json', 'r/2024/01/01/01/a.json', 'r/2024/01/02/00/a.json', 'other/x'];
  for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: 'list', Key: key, Body: key }));

  const seen: string[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await s3.send(new ListObjectsV2Command({ Bucket: 'list', Prefix: 'r/', MaxKeys: 3, ...(token ? { ContinuationToken: token } : {}) }));
    seen.push(...(page.Contents ?? []).map((c) => c.Key!));
    expect(page.KeyCount).toBe(page.Contents?.length ?? 0);
    token = page.NextContinuationToken;
    pages += 1;
  } while (token);
  expect(pages).toBe(2);
  expect(seen).toEqual(keys.slice(0, 4));

  const days = await s3.send(new ListObjectsV2Command({ Bucket: 'list', Prefix: 'r/2024/01/', Delimiter: '/' }));
  expect(days.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['r/2024/01/01/', 'r/2024/01/02/']);
  expect(days.Contents ?? []).toEqual([]);
  const paged = await s3.send(new ListObjectsV2Command({ Bucket: 'list', Prefix: 'r/2024/01/', Delimiter: '/', MaxKeys: 1 }));
  expect(paged.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['r/2024/01/01/']);
  const rest = await s3.send(new ListObjectsV2Command({ Bucket: 'list', Prefix: 'r/2024/01/', Delimiter: '/', ContinuationToken: paged.NextContinuationToken! }));
  expect(rest.CommonPrefixes?.map((p) => p.Prefix)).toEqual(['r/2024/01/02/']);
  expect(rest.IsTruncated).toBe(false);
  const sizes = await s3.send(new ListObjectsV2Command({ Bucket: 'list', Prefix: 'other/' }));
  expect(sizes.Contents?.[0]).toMatchObject({ Key: 'other/x', Size: 7 });
});
