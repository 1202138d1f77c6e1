// A worker thread's side of runBlocks (block-pool.ts): builds its analysis once, then analyses each
// block it is sent (captures of a run, or rows of a baseline dataset) and answers with the result.
import { parentPort, workerData } from 'node:worker_threads';
import { valueOrThrow } from '../errors.js';
import type { MonitorAnalyzer } from '../monitors/analyzer.js';
import { dataQualityBaseline } from '../monitors/baseline.js';
import { analyzerOf } from '../monitors/spec.js';
import { blockResultJson } from './block-messages.js';
import type { BlockAnalysis, BlockJob } from './block-pool.js';
import type { Block } from './blocks.js';
import { CaptureBlock } from './capture-blocks.js';
import { DatasetBlock } from './dataset-blocks.js';
import { Tally } from './inputs.js';

function analysisOf(job: BlockJob): (t: Tally) => BlockAnalysis {
  if (job.kind === 'dataset') {
    const template = dataQualityBaseline();
    return (t) => new DatasetBlock(job.format, template, t);
  }
  const template: MonitorAnalyzer = valueOrThrow(analyzerOf(job.spec));
  return (t) => new CaptureBlock(template, job.window, t);
}

if (parentPort) {
  const port = parentPort;
  try {
    const open = analysisOf(workerData as BlockJob);
    port.on('message', ({ seq, block }: { seq: number; block: Block }) => {
      try {
        const t = new Tally();
        const a = open(t);
        for (const s of block.segments) a.segment(s);
        const state = a.state() ?? null;
        port.postMessage({ seq, result: blockResultJson({ state, good: t.good, errors: t.errors }) });
      } catch (e) {
        port.postMessage({ failed: e instanceof Error ? e.message : String(e) });
      }
    });
  } catch (e) {
    port.postMessage({ failed: e instanceof Error ? e.message : String(e) });
  }
}
