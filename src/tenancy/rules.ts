// Input rules shared by the tenancy mutations.
import type { RuleViolation } from '../shared/errors.js';

/** 1 to `max` characters, not only blanks. */
export function checkText(field: string, value: string, max: number): RuleViolation[] {
  const trimmed = value.trim();
  if (trimmed.length < 1 || value.length > max) return [{ field, message: `${field} must be 1 to ${max} characters` }];
  return [];
}
