// A report file that exists but cannot be read (not JSON, or not the shape its type has).
// Syncs store the execution with this message as its reportError and go on with the next:
// reading it again would fail the same way.
import { AppError, ErrorCode } from '../shared/errors.js';

export class ReportUnreadable extends AppError {
  constructor(readonly uri: string, problem: string) {
    super(ErrorCode.UNAVAILABLE, `${uri} ${problem}`, { details: { reportUri: uri } });
  }
}
