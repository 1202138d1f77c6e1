// A block of capture lines analysed on its own, as readCaptures reads them: blank lines skipped,
// records outside the window dropped, unreadable ones counted in the tally.
import type { MonitorAnalyzer } from '../monitors/analyzer.js';
import { parseCaptureLine } from '../parse/capture.js';
import { inWindow, type TimeWindow } from '../parse/window.js';
import type { PartialState } from '../state/partial.js';
import { forEachSegmentLine } from './block-lines.js';
import type { Block } from './blocks.js';
import { feed, type Tally } from './inputs.js';

/** The block's state from an analysis spawned from `template`; undefined when no record was added. */
export function analyzeCaptureBlock(block: Block, template: MonitorAnalyzer, window: TimeWindow, tally: Tally): PartialState | undefined {
  let analysis: MonitorAnalyzer | undefined;
  for (const s of block.segments) {
    forEachSegmentLine(s, (text, n) => {
      if (text.trim() === '') return;
      const rec = parseCaptureLine(text, n);
      if (rec.ok && rec.value.inferenceTime && !inWindow(rec.value.inferenceTime, window)) return;
      feed(tally, s.uri, n, rec, (r, line) => (analysis ??= template.spawn()).add(r, undefined, line));
    });
  }
  return analysis?.exportState();
}
