// Ground-truth JSONL, one label per line, joined to captures on eventId:
// {"groundTruthData":{"data":"1","encoding":"CSV"},"eventMetadata":{"eventId":"42"},"eventVersion":"0"}
import { z } from 'zod';
import { ok, type Result } from '../errors.js';
import { parseJsonLine } from '../json.js';
import { decodePayload, payloadScalar } from './capture.js';
import type { Value } from './values.js';

const groundTruthSchema = z.object({
  groundTruthData: z.object({ data: z.string(), encoding: z.string(), observedContentType: z.string().optional() }),
  eventMetadata: z.object({ eventId: z.string().min(1) }),
  eventVersion: z.string().optional(),
});

export interface GroundTruthRecord {
  /** Equals the capture's inferenceId (or its eventId when no inferenceId was sent). */
  eventId: string;
  label: Value;
}

/** `attribute`: JSON path of the label when the ground truth payload is JSON. */
export function parseGroundTruthLine(text: string, line: number, attribute?: string): Result<GroundTruthRecord> {
  const parsed = parseJsonLine(text, line, groundTruthSchema, 'ground truth');
  if (!parsed.ok) return parsed;
  const decoded = decodePayload(parsed.value.groundTruthData, line);
  if (!decoded.ok) return decoded;
  return ok({ eventId: parsed.value.eventMetadata.eventId, label: payloadScalar(decoded.value, attribute !== undefined ? { attribute } : {}) });
}
