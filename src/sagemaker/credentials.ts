// Credential failures say what is missing: they happen before any SageMaker call, so
// "SageMaker failed, try again later" would send the caller the wrong way.
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AppError, ErrorCode } from '../shared/errors.js';
import { isTransient } from './errors.js';

interface AwsErrorShape {
  name?: string;
  message?: string;
  /** STS (AWS query protocol) errors carry their code here too. */
  Code?: string;
  $metadata?: { requestId?: string };
}

/** The SDK's "no credentials in the chain" error. */
export const isMissingCredentials = (error: unknown): boolean => (error as AwsErrorShape | null)?.name === 'CredentialsProviderError';

export function missingCredentials(operation: string): AppError {
  return new AppError(
    ErrorCode.BACKEND_NOT_CONFIGURED,
    `SageMaker ${operation} was not sent: the gateway has no AWS credentials. Give its processes (gateway and workers) ` +
      'AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE with a shared credentials file, or an instance/task role; ' +
      'against the local SageMaker server any dummy pair (e.g. test/test) will do',
    { details: { awsError: 'CredentialsProviderError', awsOperation: operation } },
  );
}

/**
 * The team's role could not be assumed through STS. Its error names (AccessDenied, ExpiredToken,
 * RegionDisabledException, MalformedPolicyDocument, PackedPolicyTooLarge) are all refusals:
 * FORBIDDEN, with the real name; network errors, 5xx and throttling are UNAVAILABLE.
 */
export function assumeRoleFailed(roleArn: string, error: unknown): AppError {
  const e = error as AwsErrorShape;
  const name = e.Code ?? (e.name && e.name !== 'Error' ? e.name : 'STSError');
  const details = { awsError: name, awsOperation: 'STS AssumeRole', roleArn, ...(e.$metadata?.requestId ? { awsRequestId: e.$metadata.requestId } : {}) };
  if (isTransient(error)) {
    return new AppError(ErrorCode.UNAVAILABLE, `STS AssumeRole of the team's role ${roleArn} failed: ${name}: ${e.message ?? 'no message'} (still failing after retries; try again later)`, { details });
  }
  return new AppError(
    ErrorCode.FORBIDDEN,
    `The team's AWS role ${roleArn} could not be assumed (STS AssumeRole: ${name}: ${e.message ?? 'no message'}); ` +
      "check that the role's trust policy allows the gateway's AWS identity with the team's externalId (updateTeamAwsSettings)",
    { details },
  );
}

/** `provider`, its failures turned into the errors above (the SDK passes them through unchanged). */
export function assumingRole(provider: AwsCredentialIdentityProvider, roleArn: string): AwsCredentialIdentityProvider {
  return async (options) => {
    try {
      return await provider(options);
    } catch (error) {
      if (error instanceof AppError) throw error;
      throw isMissingCredentials(error) ? missingCredentials('AssumeRole') : assumeRoleFailed(roleArn, error);
    }
  };
}
