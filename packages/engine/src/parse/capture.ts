// Data-capture JSONL (one record per line), as written by SageMaker endpoints:
// {"captureData":{"endpointInput":{...},"endpointOutput":{...}},"eventMetadata":{...},"eventVersion":"0"}
import { z } from 'zod';
import { err, ok, type Result } from '../errors.js';
import { checkJsonLine, parseJsonValue } from '../json.js';
import { parseCsvRecords } from './csv.js';
import { getPath, toRow, toValue, type Row, type Value } from './values.js';

const payloadSchema = z.object({
  observedContentType: z.string().optional(),
  mode: z.string().optional(),
  data: z.string(),
  encoding: z.string(),
});

const inferenceTimeSchema = z.iso.datetime({ offset: true });
/** The pattern zod checks inferenceTime against (the fast path tests the same one). */
const INFERENCE_TIME = inferenceTimeSchema._zod.def.pattern!;

const captureSchema = z.object({
  captureData: z.object({
    endpointInput: payloadSchema.optional(),
    endpointOutput: payloadSchema.optional(),
  }),
  eventMetadata: z.object({
    eventId: z.string().min(1),
    inferenceId: z.string().min(1).optional(),
    inferenceTime: inferenceTimeSchema.optional(),
  }),
  eventVersion: z.string().optional(),
});

export type CapturePayload = z.infer<typeof payloadSchema>;

export interface CaptureRecord {
  eventId: string;
  inferenceId?: string;
  inferenceTime?: Date;
  input?: CapturePayload;
  output?: CapturePayload;
}

/** Key used to join with ground truth: inferenceId when the caller set one, else eventId. */
export const joinKeyOf = (r: CaptureRecord): string => r.inferenceId ?? r.eventId;

/** Parses one JSONL line (1-based `line` for error messages). Blank lines are an INVALID_RECORD. */
export function parseCaptureLine(text: string, line: number): Result<CaptureRecord> {
  const m = TEMPLATE.exec(text);
  const v = m === null ? undefined : tokenValues(m);
  if (v === undefined) return parseCaptureJson(text, line);
  const rec = templateRecord(v);
  return rec ? ok(rec) : captureFromSchema(templateJson(v), line);
}

/** A JSON string token, its text without the quotes captured: any character but `"`, `\` and controls, or an escape. */
const STR = String.raw`"((?:[^"\\\u0000-\u001f]|\\.)*)"`;
const PAYLOAD = String.raw`\{"observedContentType":${STR},"mode":${STR},"data":${STR},"encoding":${STR}\}`;
/**
 * A line as SageMaker writes it: compact, keys in its order, every value a string (endpointOutput,
 * inferenceId, inferenceTime and eventVersion may be missing). What this matches is valid JSON once
 * each string token is (its escapes are checked by JSON.parse of the token alone).
 */
const TEMPLATE = new RegExp(
  String.raw`^\{"captureData":\{"endpointInput":${PAYLOAD}(?:,"endpointOutput":${PAYLOAD})?\},"eventMetadata":\{"eventId":${STR}(?:,"inferenceId":${STR})?(?:,"inferenceTime":${STR})?\}(?:,"eventVersion":${STR})?\}$`,
);

/** A string token's value; undefined when JSON.parse would refuse the token. */
function tokenValue(raw: string): string | undefined {
  if (raw.indexOf('\\') === -1) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return undefined;
  }
}

/** The values of a template match's string tokens (undefined for a token not there); undefined when JSON.parse would refuse one. */
function tokenValues(m: RegExpExecArray): Array<string | undefined> | undefined {
  const v: Array<string | undefined> = [];
  for (let i = 1; i < m.length; i++) {
    const raw = m[i];
    const x = raw === undefined ? undefined : tokenValue(raw);
    if (raw !== undefined && x === undefined) return undefined;
    v.push(x);
  }
  return v;
}

/** Payload fields of a template line's values from index `i` (all four are there, as strings). */
const templatePayload = (v: Array<string | undefined>, i: number): CapturePayload => ({ observedContentType: v[i]!, mode: v[i + 1]!, data: v[i + 2]!, encoding: v[i + 3]! });

/**
 * fastCapture(JSON.parse(line)) for a line of the template (the regular expression reads such a line
 * about five times faster than JSON.parse, and no intermediate objects are made): the same record, keys
 * in the same order; undefined when fastCapture would leave the line to the schema.
 */
function templateRecord(v: Array<string | undefined>): CaptureRecord | undefined {
  return recordOf(v[8]!, v[9], v[10], templatePayload(v, 0), v[4] === undefined ? undefined : templatePayload(v, 4));
}

/** The record of checked parts, keys in the schema's order; undefined when the schema must judge (empty ids, a time it may refuse). */
function recordOf(eventId: string, inferenceId: string | undefined, inferenceTime: string | undefined, input: CapturePayload | undefined, output: CapturePayload | undefined): CaptureRecord | undefined {
  if (eventId === '' || inferenceId === '') return undefined;
  const rec: CaptureRecord = { eventId };
  if (inferenceId !== undefined) rec.inferenceId = inferenceId;
  if (inferenceTime !== undefined) {
    const t = captureTime(inferenceTime);
    if (t === undefined) return undefined;
    rec.inferenceTime = t;
  }
  if (input) rec.input = input;
  if (output) rec.output = output;
  return rec;
}

/** JSON.parse(line) for a line of the template, for the schema to word what templateRecord refused. */
function templateJson(v: Array<string | undefined>): Json {
  const captureData: Json = { endpointInput: templatePayload(v, 0) };
  if (v[4] !== undefined) captureData.endpointOutput = templatePayload(v, 4);
  const eventMetadata: Json = { eventId: v[8] };
  if (v[9] !== undefined) eventMetadata.inferenceId = v[9];
  if (v[10] !== undefined) eventMetadata.inferenceTime = v[10];
  const json: Json = { captureData, eventMetadata };
  if (v[11] !== undefined) json.eventVersion = v[11];
  return json;
}

/**
 * inferenceTime as a Date when the schema's pattern accepts it; undefined otherwise. The usual
 * "YYYY-MM-DDTHH:MM:SS[.mmm]Z" (already checked by the pattern) is read by hand: what new Date(s) gives.
 */
function captureTime(s: string): Date | undefined {
  INFERENCE_TIME.lastIndex = 0;
  if (!INFERENCE_TIME.test(s)) return undefined;
  const n = s.length;
  const d = (i: number, k: number): number => {
    let x = 0;
    for (let j = i; j < i + k; j++) x = x * 10 + s.charCodeAt(j) - 48;
    return x;
  };
  if (s.charCodeAt(n - 1) === 90 /* Z */ && (n === 20 || (n === 24 && s.charCodeAt(19) === 46)) && d(0, 4) >= 100) {
    return new Date(Date.UTC(d(0, 4), d(5, 2) - 1, d(8, 2), d(11, 2), d(14, 2), d(17, 2), n === 24 ? d(20, 3) : 0));
  }
  return new Date(s);
}

/** parseCaptureLine through JSON.parse of the whole line: the reference its template path must agree with. */
export function parseCaptureJson(text: string, line: number): Result<CaptureRecord> {
  const json = parseJsonValue(text, line);
  if (!json.ok) return json;
  const fast = fastCapture(json.value);
  return fast ? ok(fast) : captureFromSchema(json.value, line);
}

/** A parsed JSONL line through the zod schema (the reference the fast path must agree with, and the wording of its errors). */
export function captureFromSchema(json: unknown, line: number): Result<CaptureRecord> {
  const parsed = checkJsonLine(json, line, captureSchema, 'data capture');
  if (!parsed.ok) return parsed;
  const { captureData, eventMetadata } = parsed.value;
  const rec: CaptureRecord = { eventId: eventMetadata.eventId };
  if (eventMetadata.inferenceId !== undefined) rec.inferenceId = eventMetadata.inferenceId;
  if (eventMetadata.inferenceTime !== undefined) rec.inferenceTime = new Date(eventMetadata.inferenceTime);
  if (captureData.endpointInput) rec.input = captureData.endpointInput;
  if (captureData.endpointOutput) rec.output = captureData.endpointOutput;
  return ok(rec);
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const optionalString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';

/** A payload as captureSchema outputs it (its keys in the schema's order, unknown keys dropped), or null when the schema might not accept it. */
function fastPayload(v: Json): CapturePayload | null {
  const { observedContentType, mode, data, encoding } = v;
  if (typeof data !== 'string' || typeof encoding !== 'string' || !optionalString(observedContentType) || !optionalString(mode)) return null;
  const p = {} as CapturePayload;
  if (observedContentType !== undefined) p.observedContentType = observedContentType;
  if (mode !== undefined) p.mode = mode;
  p.data = data;
  p.encoding = encoding;
  return p;
}

/**
 * The record of a line the schema surely accepts, checked by hand (the hot path: no zod per line);
 * undefined for anything else, which then goes through the schema to be accepted or worded exactly as before.
 */
function fastCapture(json: unknown): CaptureRecord | undefined {
  if (!isObject(json) || !optionalString(json.eventVersion)) return undefined;
  const { captureData, eventMetadata } = json;
  if (!isObject(captureData) || !isObject(eventMetadata)) return undefined;
  const { eventId, inferenceId, inferenceTime } = eventMetadata;
  if (typeof eventId !== 'string' || !optionalString(inferenceId) || !optionalString(inferenceTime)) return undefined;
  const { endpointInput, endpointOutput } = captureData;
  const input = endpointInput === undefined ? undefined : isObject(endpointInput) ? fastPayload(endpointInput) : null;
  const output = endpointOutput === undefined ? undefined : isObject(endpointOutput) ? fastPayload(endpointOutput) : null;
  if (input === null || output === null) return undefined;
  return recordOf(eventId, inferenceId, inferenceTime, input, output);
}

/**
 * The payload's content after encoding: CSV → records (a batched request holds
 * one record per line; `fields` is the first), JSON → parsed value.
 */
export type DecodedPayload = { format: 'CSV'; fields: string[]; records: string[][] } | { format: 'JSON'; value: unknown };

/**
 * Decodes `data` by `encoding` (CSV | JSON; BASE64 is decoded then read as CSV or
 * JSON according to observedContentType).
 */
export function decodePayload(p: CapturePayload, line?: number): Result<DecodedPayload> {
  const at = line !== undefined ? { line } : {};
  let encoding = p.encoding.toUpperCase();
  let data = p.data;
  if (encoding === 'BASE64') {
    data = Buffer.from(data, 'base64').toString('utf8');
    const ct = (p.observedContentType ?? '').toLowerCase();
    encoding = ct.includes('json') ? 'JSON' : ct.includes('csv') ? 'CSV' : encoding;
  }
  if (encoding === 'CSV') {
    const records = parseCsvRecords(data, line);
    if (!records.ok) return records;
    return ok({ format: 'CSV', fields: records.value[0] ?? [], records: records.value });
  }
  if (encoding === 'JSON') {
    try {
      return ok({ format: 'JSON', value: JSON.parse(data) as unknown });
    } catch (e) {
      return err({ kind: 'MALFORMED_JSON', message: `payload is not valid JSON (${(e as Error).message})`, ...at });
    }
  }
  return err({ kind: 'UNSUPPORTED_ENCODING', message: `unsupported encoding "${p.encoding}" (expected CSV or JSON)`, ...at });
}

/**
 * A CSV payload of one record, as text: decodePayload would give exactly [text.split(',')] for it
 * (no quotes, no line break but a final "\n", "\r\n" or "\r", as clients often send; not blank);
 * undefined for any other payload.
 */
export function csvRecordText(p: CapturePayload): string | undefined {
  if (p.encoding !== 'CSV' && p.encoding.toUpperCase() !== 'CSV') return undefined;
  const data = p.data.endsWith('\n') ? p.data.slice(0, -1) : p.data;
  if (data.indexOf('"') !== -1 || data.indexOf('\n') !== -1) return undefined;
  const rec = data.endsWith('\r') ? data.slice(0, -1) : data;
  return rec.trim() === '' ? undefined : rec;
}

/**
 * Turns a decoded payload into a row (for CSV: the first record; see payloadToRows). `attribute` is a dotted path into JSON
 * payloads (FeaturesAttribute / InferenceAttribute); arrays become positional
 * columns (named by `names` or `_c0`..), objects become named columns, a scalar
 * becomes a single column `_c0`.
 */
export function payloadToRow(d: DecodedPayload, opts: { attribute?: string; names?: readonly string[] } = {}): Row {
  if (d.format === 'CSV') return toRow(d.fields, opts.names);
  const v = opts.attribute ? getPath(d.value, opts.attribute) : d.value;
  if (Array.isArray(v)) return toRow(v.map(toValue), opts.names);
  if (v !== null && typeof v === 'object') {
    const row: Row = {};
    for (const [k, x] of Object.entries(v)) row[k] = toValue(x);
    return row;
  }
  return toRow([toValue(v)], opts.names);
}

/** Every record of a payload as rows: each CSV record, or the single JSON row. */
export function payloadToRows(d: DecodedPayload, opts: { attribute?: string; names?: readonly string[] } = {}): Row[] {
  if (d.format === 'CSV') return d.records.map((r) => toRow(r, opts.names));
  return [payloadToRow(d, opts)];
}

/** One scalar from a payload: a JSON path, or the CSV field at `index` (default 0). */
export function payloadScalar(d: DecodedPayload, opts: { attribute?: string; index?: number } = {}): Value {
  if (d.format === 'CSV') {
    const idx = opts.attribute !== undefined && /^\d+$/.test(opts.attribute) ? Number(opts.attribute) : (opts.index ?? 0);
    return d.fields[idx] ?? null;
  }
  const v = opts.attribute ? getPath(d.value, opts.attribute) : d.value;
  if (Array.isArray(v)) return toValue(v[opts.index ?? 0]);
  return toValue(v);
}
