// Chunk → line splitting for streamed objects, and a bounded error log, so a
// file of any size can be fed line by line and bad lines are reported, not fatal.
import type { EngineError } from '../errors.js';

/**
 * Feeds text chunks (any boundaries, e.g. from an S3 stream decoded as UTF-8)
 * and calls `onLine(text, lineNumber)` for each complete line (1-based; "\r\n"
 * handled). Call `end()` after the last chunk to flush a final unterminated line.
 * Memory: the longest line.
 */
export class LineSplitter {
  private rest = '';
  private line: number;

  /** `firstLine`: the number of the first line (a block's lines continue their object's numbering). */
  constructor(private readonly onLine: (text: string, line: number) => void, firstLine = 1) {
    this.line = firstLine - 1;
  }

  push(chunk: string): void {
    const parts = (this.rest + chunk).split('\n');
    this.rest = parts.pop() ?? '';
    for (const p of parts) this.emit(p);
  }

  end(): void {
    if (this.rest !== '') this.emit(this.rest);
    this.rest = '';
  }

  /** The number of the last line emitted (lines emitted so far, from line 1). */
  get lines(): number {
    return this.line;
  }

  private emit(p: string): void {
    this.line++;
    this.onLine(p.endsWith('\r') ? p.slice(0, -1) : p, this.line);
  }
}

/** Keeps the first `cap` errors (with their source) and counts the rest. */
export class ErrorLog {
  readonly errors: Array<EngineError & { source?: string }> = [];
  total = 0;

  constructor(readonly cap = 100) {}

  add(e: EngineError, source?: string): void {
    this.total++;
    if (this.errors.length < this.cap) this.errors.push(source !== undefined ? { ...e, source } : e);
  }

  merge(o: ErrorLog): this {
    for (const e of o.errors) if (this.errors.length < this.cap) this.errors.push(e);
    this.total += o.total;
    return this;
  }
}
