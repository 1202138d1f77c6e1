// A baseline dataset read in blocks (blocks.ts): its objects as one stream, each block into its own
// analysis, the states merged in block order, on this thread or on worker threads (block-pool.ts).
// Each CSV object has its own header: this thread reads each object's first lines up to its header
// (or first row, which fixes the column count) and a block starting inside the object replays them.
import { valueOrThrow, type Result } from '../errors.js';
import type { BaselineAnalysis } from '../monitors/baseline.js';
import { plainCsvLine } from '../parse/csv.js';
import { DatasetReader, type DatasetFormat } from '../parse/dataset.js';
import { LineSplitter } from '../parse/lines.js';
import type { Row } from '../parse/values.js';
import type { PartialState } from '../state/partial.js';
import { forEachSegmentLine } from './block-lines.js';
import { runBlocks } from './block-pool.js';
import { cutBlocks, DEFAULT_BLOCK_BYTES, type Segment } from './blocks.js';
import { datasetObjects, feed, readDataset, Tally, type Sink } from './inputs.js';
import type { ObjectStore } from './store.js';

/** A baseline analysis that can be read in blocks. */
type BlockBaseline = Required<Pick<BaselineAnalysis, 'spawn' | 'exportState' | 'mergeState'>> & BaselineAnalysis;

const inBlocks = (a: BaselineAnalysis): a is BlockBaseline => a.spawn !== undefined && a.exportState !== undefined && a.mergeState !== undefined;

/** One block of a dataset's analysis, fed its segments in order; spawned from `template` at its first row. */
export class DatasetBlock {
  private analysis: BaselineAnalysis | undefined;
  constructor(
    private readonly format: DatasetFormat,
    private readonly template: BaselineAnalysis,
    private readonly tally: Tally,
  ) {}

  segment(s: Segment): void {
    const { format, template, tally } = this;
    const use = () => (this.analysis ??= template.spawn!());
    const reader = new DatasetReader(format);
    (s.head ?? []).slice(0, s.line - 1).forEach((text, i) => void reader.readFields(text, i + 1));
    if (template.addFields && format.format === 'csv') {
      const sink: Sink<readonly string[]> = (values, line) => use().addFields!(values, reader.columns!, line);
      forEachSegmentLine(s, (text, n) => {
        // Once the columns are known, a line without quotes of their width goes in as its text
        // (no array, no string per cell); any other line is read as before, for its fields or its error.
        // A block's analysis is spawned by its first line added, so a block of none has no state.
        const plain = template.addCsvText && reader.settled ? plainCsvLine(text) : undefined;
        if (plain !== undefined) {
          const a = this.analysis ?? template.spawn!();
          if (a.addCsvText!(plain, reader.columns!)) {
            this.analysis = a;
            tally.good++;
            return;
          }
        }
        const fields = reader.readFields(text, n);
        if (!fields.ok || fields.value !== null) feed(tally, s.uri, n, fields as Result<readonly string[]>, sink);
      });
    } else {
      forEachSegmentLine(s, (text, n) => {
        const row = reader.read(text, n);
        if (!row.ok || row.value !== null) feed(tally, s.uri, n, row as Result<Row>, (r, line) => use().add(r, line));
      });
    }
  }

  /** Undefined when no row was added. */
  state(): PartialState | undefined {
    return this.analysis?.exportState!();
  }
}

/** Each object's lines up to where its CSV reader settles (all of them when it never does), and its columns. */
class Heads {
  readonly lines = new Map<string, string[]>();
  columns: readonly string[] | undefined;
  private decoder = new TextDecoder('utf-8');
  private reader: DatasetReader | undefined;
  private splitter: LineSplitter | undefined;

  constructor(private readonly format: DatasetFormat) {}

  /** The cutter's peek: true once the object's reader has settled. */
  peek(uri: string, chunk: Uint8Array | null): boolean {
    if (!this.reader) {
      const reader = (this.reader = new DatasetReader(this.format));
      const lines: string[] = [];
      this.lines.set(uri, lines);
      this.decoder = new TextDecoder('utf-8');
      this.splitter = new LineSplitter((text, n) => {
        if (reader.settled) return;
        lines.push(text);
        reader.readFields(text, n);
      });
    }
    if (chunk) this.splitter!.push(this.decoder.decode(chunk, { stream: true }));
    else {
      this.splitter!.push(this.decoder.decode());
      this.splitter!.end();
    }
    const done = this.reader.settled || !chunk;
    if (done) {
      this.columns ??= this.reader.columns;
      this.reader = undefined;
    }
    return done;
  }
}

export interface DatasetReadOptions {
  /** Bytes of a block (default DEFAULT_BLOCK_BYTES). */
  blockBytes?: number | undefined;
  /** Worker threads the blocks are analysed on (default 1: this thread). */
  threads?: number | undefined;
}

/**
 * readDataset, in blocks when the analysis can be (inBlocks): the same documents on any number of
 * threads. Returns the column names of the first object that has them.
 */
export async function readBaselineDataset(store: ObjectStore, uri: string, format: DatasetFormat, tally: Tally, analysis: BaselineAnalysis, o: DatasetReadOptions = {}): Promise<readonly string[] | undefined> {
  if (!inBlocks(analysis)) return readDataset(store, uri, format, tally, analysis);
  const uris = await datasetObjects(store, uri);
  tally.listed(uris.length);
  return readDatasetBlocks(store, uris, format, tally, analysis, o);
}

async function readDatasetBlocks(store: ObjectStore, uris: string[], format: DatasetFormat, tally: Tally, analysis: BlockBaseline, o: DatasetReadOptions): Promise<readonly string[] | undefined> {
  const heads = format.format === 'csv' ? new Heads(format) : undefined;
  let objects = 0;
  const withHead = (s: Segment): Segment => {
    if (heads && !s.objectStart) s.head = heads.lines.get(s.uri)!;
    return s;
  };
  await runBlocks({
    threads: o.threads ?? 1,
    job: { kind: 'dataset', format },
    cut: (co, onBlock) => cutBlocks(store, uris, {
      blockBytes: o.blockBytes ?? DEFAULT_BLOCK_BYTES,
      opened: () => {
        // Each object is a partition of the progress: the previous one was read to its end.
        if (objects++ > 0) tally.partitionDone();
        tally.opened();
      },
      ...(heads ? { peek: (uri: string, c: Uint8Array | null) => heads.peek(uri, c) } : {}),
      // A segment gets its head before it is analysed: as it is read (onSegment) or with its block.
      ...(co.onSegment ? { onSegment: (j: number, s: Segment) => co.onSegment!(j, withHead(s)) } : {}),
    }, (b) => {
      b.segments.forEach(withHead);
      return onBlock(b);
    }),
    open: (t) => new DatasetBlock(format, analysis, t),
    tally,
    mergeState: (s) => valueOrThrow(analysis.mergeState(s)),
  });
  if (objects > 0) tally.partitionDone();
  return heads?.columns;
}
