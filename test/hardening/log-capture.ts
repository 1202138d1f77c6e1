// A pino logger whose JSON lines the test can read (to look for leaked secrets or warnings).
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

export interface CapturedLog {
  log: Logger;
  lines: string[];
  text(): string;
}

export function capturedLog(level: pino.LevelWithSilent = 'trace'): CapturedLog {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((l) => l.length > 0));
      done();
    },
  });
  return { log: pino({ level }, stream), lines, text: () => lines.join('\n') };
}
