// Report files read back from S3 are checked with zod: a malformed file is a clear
// failure, never a crash or a silently empty list.
import { z } from 'zod';
import { AppError, ErrorCode } from '../shared/errors.js';
import type { ReportViolation } from '../backends/types.js';

const ViolationsFile = z.object({
  violations: z.array(
    z.object({
      feature_name: z.string(),
      constraint_check_type: z.string(),
      description: z.string().default(''),
    }).passthrough(),
  ).default([]),
});

const JsonDocument = z.record(z.string(), z.unknown());

function parseJson(text: string, uri: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AppError(ErrorCode.UNAVAILABLE, `${uri} is not valid JSON`);
  }
}

export function parseViolations(text: string, uri: string): ReportViolation[] {
  const parsed = ViolationsFile.safeParse(parseJson(text, uri));
  if (!parsed.success) throw new AppError(ErrorCode.UNAVAILABLE, `${uri} is not a constraint_violations.json: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data.violations.map((v) => ({ featureName: v.feature_name, checkType: v.constraint_check_type, description: v.description }));
}

export function parseDocument(text: string, uri: string): Record<string, unknown> {
  const parsed = JsonDocument.safeParse(parseJson(text, uri));
  if (!parsed.success) throw new AppError(ErrorCode.UNAVAILABLE, `${uri} is not a JSON object`);
  return parsed.data;
}
