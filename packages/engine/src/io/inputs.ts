// Streaming readers of the engine's inputs. Every line goes through the core's
// parsers; unreadable lines are counted in a Tally (first few kept with their
// file and line) instead of stopping the run, and `tallyFailure` decides.
import { formatEngineError, type EngineError, type Result } from '../errors.js';
import { ErrorLog } from '../parse/lines.js';
import { parseCaptureLine, type CaptureRecord } from '../parse/capture.js';
import { DatasetReader, type DatasetFormat } from '../parse/dataset.js';
import { parseGroundTruthLine, type GroundTruthRecord } from '../parse/ground-truth.js';
import type { Row } from '../parse/values.js';
import { inWindow, type TimeWindow } from '../parse/window.js';
import { forEachLine } from './lines.js';
import type { ObjectStore } from './store.js';

/** What a Tally tells as it goes (progress lines and progress rows of long jobs). */
export interface TallyObserver {
  opened?(tally: Tally): void;
  /** The number of partitions to read is known (a dataset's objects, once listed). */
  listed?(partitions: number): void;
  /** A partition (an hour prefix, or one dataset object) was read to its end. */
  partitionDone?(tally: Tally): void;
}

export class Tally {
  good = 0;
  objects = 0;
  readonly errors = new ErrorLog(5);

  constructor(private readonly observer: TallyObserver = {}) {}

  opened(): void {
    this.objects++;
    this.observer.opened?.(this);
  }

  listed(partitions: number): void {
    this.observer.listed?.(partitions);
  }

  partitionDone(): void {
    this.observer.partitionDone?.(this);
  }
}

/** A sink returns an error for a record it cannot use (e.g. wrong column count), else nothing. */
export type Sink<T> = (record: T, line: number, uri: string) => EngineError | void;

/** Counts a parsed line in the tally: unreadable, refused by the sink, or good. */
export function feed<T>(tally: Tally, uri: string, line: number, parsed: Result<T>, sink: Sink<T>): void {
  if (!parsed.ok) return tally.errors.add(parsed.error, uri);
  const e = sink(parsed.value, line, uri);
  if (e) tally.errors.add(e, uri);
  else tally.good++;
}

/** Captures under the partition prefixes whose inferenceTime is in the window (records without one are kept: their partition matched). */
export async function readCaptures(store: ObjectStore, prefixes: string[], w: TimeWindow, tally: Tally, sink: Sink<CaptureRecord>): Promise<void> {
  for (const prefix of prefixes) {
    for await (const uri of store.list(prefix)) {
      tally.opened();
      await forEachLine(store, uri, (text, n) => {
        if (text.trim() === '') return;
        const rec = parseCaptureLine(text, n);
        if (rec.ok && rec.value.inferenceTime && !inWindow(rec.value.inferenceTime, w)) return;
        feed(tally, uri, n, rec, sink);
      });
    }
    tally.partitionDone();
  }
}

export async function readGroundTruth(store: ObjectStore, prefixes: string[], tally: Tally, sink: Sink<GroundTruthRecord>): Promise<void> {
  for (const prefix of prefixes) {
    for await (const uri of store.list(prefix)) {
      tally.opened();
      await forEachLine(store, uri, (text, n) => {
        if (text.trim() !== '') feed(tally, uri, n, parseGroundTruthLine(text, n), sink);
      });
    }
    tally.partitionDone();
  }
}

/** Takes a CSV dataset's rows as their fields and the column names (the same as the row toRow(values, names) makes, without building it). */
export interface DatasetSink {
  add: Sink<Row>;
  addFields?: (values: readonly string[], names: readonly string[], line: number) => EngineError | void;
}

/** A dataset's objects: the one object, or every object under a prefix ending in "/". */
export async function datasetObjects(store: ObjectStore, uri: string): Promise<string[]> {
  const uris: string[] = [];
  if (uri.endsWith('/')) for await (const u of store.list(uri)) uris.push(u);
  else uris.push(uri);
  return uris;
}

/** A baseline dataset: one object, or every object under a prefix ending in "/". Returns the column names seen. */
export async function readDataset(store: ObjectStore, uri: string, format: DatasetFormat, tally: Tally, to: Sink<Row> | DatasetSink): Promise<readonly string[] | undefined> {
  const add: Sink<Row> = typeof to === 'function' ? to : (row, line, u) => to.add(row, line, u);
  const addFields = typeof to === 'function' ? undefined : to.addFields?.bind(to);
  const uris = await datasetObjects(store, uri);
  tally.listed(uris.length);
  let columns: readonly string[] | undefined;
  for (const u of uris) {
    tally.opened();
    const reader = new DatasetReader(format); // each CSV file has its own header
    if (addFields && format.format === 'csv') {
      const sink: Sink<readonly string[]> = (values, line) => addFields(values, reader.columns!, line);
      await forEachLine(store, u, (text, n) => {
        const fields = reader.readFields(text, n);
        if (!fields.ok || fields.value !== null) feed(tally, u, n, fields as Result<readonly string[]>, sink);
      });
    } else {
      await forEachLine(store, u, (text, n) => {
        const row = reader.read(text, n);
        if (!row.ok || row.value !== null) feed(tally, u, n, row as Result<Row>, add);
      });
    }
    columns ??= reader.columns;
    tally.partitionDone();
  }
  return columns;
}

/**
 * A failure reason when too many records were unreadable (more than
 * `maxBadFraction` of them), naming the first few with file and line.
 */
export function tallyFailure(tally: Tally, what: string, maxBadFraction: number): string | null {
  const bad = tally.errors.total;
  if (bad === 0 || bad <= maxBadFraction * (bad + tally.good)) return null;
  const first = tally.errors.errors.map((e) => `${e.source ?? ''} ${formatEngineError(e)}`.trim()).join('; ');
  return `${bad} of ${bad + tally.good} ${what} records could not be read (more than ${+(maxBadFraction * 100).toFixed(2)}% allowed): ${first}`;
}
