/** Errors the local server answers with, shaped like AWS JSON 1.1 errors. */
export class ApiError extends Error {
  constructor(
    readonly errorName: string,
    message: string,
    readonly status: number = 400,
  ) {
    super(message);
    this.name = errorName;
  }
}

export const validation = (message: string): ApiError => new ApiError('ValidationException', message);
export const notFound = (message: string): ApiError => new ApiError('ResourceNotFound', message);
export const inUse = (message: string): ApiError => new ApiError('ResourceInUse', message);
export const limitExceeded = (message: string): ApiError => new ApiError('ResourceLimitExceeded', message);

/** HTTP status for an error name used in fault injection. */
export function statusForError(errorName: string): number {
  switch (errorName) {
    case 'InternalFailure':
    case 'InternalServerError':
      return 500;
    case 'ServiceUnavailable':
      return 503;
    default:
      return 400;
  }
}

export const faultError = (errorName: string): ApiError => {
  const messages: Record<string, string> = {
    ThrottlingException: 'Rate exceeded',
    InternalFailure: 'We encountered an internal error. Please try again.',
    ServiceUnavailable: 'Service is unavailable. Please try again later.',
  };
  return new ApiError(errorName, messages[errorName] ?? `Injected ${errorName}`, statusForError(errorName));
};
