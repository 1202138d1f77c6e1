// A block of capture lines analysed on its own, as readCaptures reads them: blank lines skipped,
// records outside the window dropped, unreadable ones counted in the tally.
import type { MonitorAnalyzer } from '../monitors/analyzer.js';
import { parseCaptureLine } from '../parse/capture.js';
import { inWindow, type TimeWindow } from '../parse/window.js';
import type { PartialState } from '../state/partial.js';
import { forEachSegmentLine } from './block-lines.js';
import type { Segment } from './blocks.js';
import { feed, type Tally } from './inputs.js';

/** One block's analysis, fed its segments in order; spawned from `template` at its first record. */
export class CaptureBlock {
  private analysis: MonitorAnalyzer | undefined;
  constructor(
    private readonly template: MonitorAnalyzer,
    private readonly window: TimeWindow,
    private readonly tally: Tally,
  ) {}

  segment(s: Segment): void {
    forEachSegmentLine(s, (text, n) => {
      if (text.trim() === '') return;
      const rec = parseCaptureLine(text, n);
      if (rec.ok && rec.value.inferenceTime && !inWindow(rec.value.inferenceTime, this.window)) return;
      feed(this.tally, s.uri, n, rec, (r, line) => (this.analysis ??= this.template.spawn()).add(r, undefined, line));
    });
  }

  /** Undefined when no record was added. */
  state(): PartialState | undefined {
    return this.analysis?.exportState();
  }
}
