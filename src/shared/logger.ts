// Structured JSON logs (pino). Child loggers carry request id, team and operation.
import { pino, type Logger } from 'pino';
import { config } from '../config.js';

export type { Logger };

let root: Logger | undefined;

export function logger(): Logger {
  root ??= pino({ level: config().LOG_LEVEL, base: { service: 'model-monitor-gateway' } });
  return root;
}
