/** AWS JSON 1.1 wire helpers: parse requests, encode responses and errors. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { ApiError } from './errors.js';

export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.1';

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `X-Amz-Target: SageMaker.CreateMonitoringSchedule` → `CreateMonitoringSchedule`. */
export function operationFromTarget(target: string | string[] | undefined): string | undefined {
  if (typeof target !== 'string') return undefined;
  const m = /^SageMaker\.([A-Za-z]+)$/.exec(target);
  return m?.[1];
}

/** Dates go on the wire as epoch seconds (the JSON 1.1 default timestamp format). */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = toWire(v);
    return out;
  }
  return value;
}

/** A request timestamp (epoch seconds, or an ISO string for hand-written requests). */
export function fromWireTime(value: unknown): Date | undefined {
  if (typeof value === 'number') return new Date(Math.round(value * 1000));
  if (typeof value === 'string') {
    const d = new Date(value);
    return Number.isNaN(d.getTime()) ? undefined : d;
  }
  return undefined;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(toWire(body));
  res.writeHead(status, {
    'Content-Type': JSON_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
  });
  res.end(text);
}

/** Error body as the SDK reads it: `__type` first, then `x-amzn-ErrorType`. */
export function sendError(res: ServerResponse, error: ApiError): void {
  const text = JSON.stringify({ __type: error.errorName, message: error.message });
  res.writeHead(error.status, {
    'Content-Type': JSON_CONTENT_TYPE,
    'Content-Length': Buffer.byteLength(text),
    'x-amzn-RequestId': randomUUID(),
    'x-amzn-ErrorType': error.errorName,
  });
  res.end(text);
}
