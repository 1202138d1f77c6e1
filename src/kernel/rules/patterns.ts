// SageMaker's name, ARN and URI constraints (API model sagemaker/2017-07-24).
// Each rule returns the violations it found; an empty list means the value is fine.
import type { RuleViolation } from '../../shared/errors.js';

export const NAME_PATTERN = /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$/;
export const ROLE_ARN_PATTERN = /^arn:aws[a-z-]*:iam::\d{12}:role\/?[a-zA-Z_0-9+=,.@\-_/]+$/;
export const URI_PATTERN = /^(https|s3):\/\/([^/]+)\/?(.*)$/;
export const FILE_URI_PATTERN = /^file:\/\/\/.+$/;
export const INSTANCE_TYPE_PATTERN = /^ml\.[a-z0-9]+\.[a-z0-9]+$/;
export const COLUMN_NAME_PATTERN = /^[a-z_][a-z0-9_]*$/;
export const ENV_KEY_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** KmsKeyId (a key id, key ARN, alias name or alias ARN), at most 2048 characters. */
export const KMS_KEY_ID_PATTERN = /^[a-zA-Z0-9:/_-]*$/;
/** SecurityGroupId and SubnetId, at most 32 characters. */
export const VPC_ID_PATTERN = /^[-0-9a-zA-Z]+$/;

const v = (field: string, message: string): RuleViolation[] => [{ field, message }];

/** Schedule, job definition, monitor and processing job names. */
export function checkName(field: string, value: string, what = 'name'): RuleViolation[] {
  if (value.length < 1 || value.length > 63) {
    return v(field, `${what} must be 1 to 63 characters long (got ${value.length})`);
  }
  if (!NAME_PATTERN.test(value)) {
    return v(field, `${what} "${value}" may contain only letters, digits and hyphens, must start and end with a letter or digit (pattern ^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}$)`);
  }
  return [];
}

export function checkRoleArn(field: string, value: string): RuleViolation[] {
  if (value.length < 20 || value.length > 2048 || !ROLE_ARN_PATTERN.test(value)) {
    return v(field, `"${value}" is not an IAM role ARN; expected arn:aws:iam::<12-digit account>:role/<name>`);
  }
  return [];
}

export interface UriOptions {
  maxLength?: number;
  /** file:///… URIs are accepted where the built-in engine reads or writes locally. */
  allowFile?: boolean;
}

export function checkUri(field: string, value: string, options: UriOptions = {}): RuleViolation[] {
  const max = options.maxLength ?? 512;
  if (value.length > max) return v(field, `URI must be at most ${max} characters (got ${value.length})`);
  if (URI_PATTERN.test(value)) return [];
  if (options.allowFile && FILE_URI_PATTERN.test(value)) return [];
  const allowed = options.allowFile ? 's3://bucket/key, https://… or file:///path' : 's3://bucket/key or https://…';
  return v(field, `"${value}" is not a valid URI; expected ${allowed}`);
}

/** Spark-compatible column names for baseline datasets (seed 002). */
export function checkColumnName(field: string, value: string): RuleViolation[] {
  if (!COLUMN_NAME_PATTERN.test(value)) {
    return v(field, `column name "${value}" must be lowercase letters, digits and _ only, not starting with a digit (Spark-compatible)`);
  }
  return [];
}

/**
 * Feature names in constraints documents: any non-empty name without control characters, as in
 * SageMaker's own files ("Account Length"), so a real SageMaker baseline can be used as it is.
 */
export function checkFeatureName(field: string, value: string): RuleViolation[] {
  // eslint-disable-next-line no-control-regex -- control characters are what this rejects
  if (value.length === 0 || /[\u0000-\u001f\u007f]/.test(value)) {
    return v(field, `feature name ${JSON.stringify(value)} must be non-empty, without control characters`);
  }
  return [];
}

export function checkEnvironment(field: string, env: Record<string, string>): RuleViolation[] {
  const keys = Object.keys(env);
  if (keys.length > 50) return v(field, `at most 50 environment variables are allowed (got ${keys.length})`);
  for (const key of keys) {
    if (key.length > 256 || !ENV_KEY_PATTERN.test(key)) {
      return v(`${field}.${key}`, `environment variable name "${key}" must match [a-zA-Z_][a-zA-Z0-9_]* (at most 256 characters)`);
    }
    const value = env[key] ?? '';
    if (value.length > 256) return v(`${field}.${key}`, `environment variable value must be at most 256 characters`);
  }
  return [];
}

export function checkIntRange(field: string, value: number, min: number, max: number, what: string): RuleViolation[] {
  if (!Number.isInteger(value) || value < min || value > max) {
    return v(field, `${what} must be an integer from ${min} to ${max} (got ${value})`);
  }
  return [];
}

export function checkMaxLength(field: string, value: string | undefined, max: number, what: string): RuleViolation[] {
  if (value !== undefined && value.length > max) return v(field, `${what} must be at most ${max} characters (got ${value.length})`);
  return [];
}
