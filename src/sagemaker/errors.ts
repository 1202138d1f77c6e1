// AWS errors → the gateway's codes, keeping AWS's own message and error name.
import { AppError, ErrorCode } from '../shared/errors.js';
import { isMissingCredentials, missingCredentials } from './credentials.js';

interface AwsErrorShape {
  name?: string;
  message?: string;
  $fault?: 'client' | 'server';
  $metadata?: { httpStatusCode?: number; requestId?: string };
}

const BY_NAME: Record<string, ErrorCode> = {
  ValidationException: ErrorCode.BAD_USER_INPUT,
  ResourceInUse: ErrorCode.CONFLICT,
  ConflictException: ErrorCode.CONFLICT,
  ResourceNotFound: ErrorCode.NOT_FOUND,
  NoSuchKey: ErrorCode.NOT_FOUND,
  NotFound: ErrorCode.NOT_FOUND,
  ResourceLimitExceeded: ErrorCode.RESOURCE_LIMIT_EXCEEDED,
  AccessDeniedException: ErrorCode.FORBIDDEN,
  AccessDenied: ErrorCode.FORBIDDEN,
};

const THROTTLING = new Set(['ThrottlingException', 'Throttling', 'TooManyRequestsException', 'RequestLimitExceeded', 'SlowDown']);

/** True for errors the SDK retried and that are worth retrying later (throttling, 5xx, network). */
export function isTransient(error: unknown): boolean {
  const e = error as AwsErrorShape;
  return THROTTLING.has(e.name ?? '') || e.$fault === 'server' || (e.$metadata?.httpStatusCode ?? 0) >= 500 || !e.$metadata;
}

/** Should not throw. Unknown client errors keep AWS's text under BAD_USER_INPUT. */
export function toAppError(error: unknown, operation: string): AppError {
  if (error instanceof AppError) return error;
  if (isMissingCredentials(error)) return missingCredentials(operation);
  const e = error as AwsErrorShape;
  const name = e.name ?? 'Error';
  const details = {
    awsError: name,
    awsOperation: operation,
    ...(e.$metadata?.requestId ? { awsRequestId: e.$metadata.requestId } : {}),
    // The seam's throttling signal (see MonitoringBackend): pollers slow down on it.
    ...(THROTTLING.has(name) ? { throttled: true } : {}),
  };
  const message = `SageMaker ${operation} failed: ${name}: ${e.message ?? 'no message'}`;
  const code = BY_NAME[name];
  if (code !== undefined) return new AppError(code, message, { details });
  if (isTransient(error)) {
    return new AppError(ErrorCode.UNAVAILABLE, `${message} (still failing after retries; try again later)`, { details });
  }
  return new AppError(ErrorCode.BAD_USER_INPUT, message, { details });
}
