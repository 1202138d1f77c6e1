// ISO-8601 durations as SageMaker uses them for offsets and one-time windows:
// negative, days/hours/minutes only (-P1D, -PT2H, -PT30M, -P1DT6H, -PT0H).
const NEGATIVE_DURATION = /^-P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

/** Milliseconds (negative or zero) of a negative ISO-8601 duration, or null if malformed. */
export function parseNegativeDuration(text: string): number | null {
  const m = NEGATIVE_DURATION.exec(text);
  if (!m) return null;
  const [, d, h, min] = m;
  if (d === undefined && h === undefined && min === undefined) return null;
  if (text.endsWith('T')) return null;
  const ms = (Number(d ?? 0) * 24 * 60 + Number(h ?? 0) * 60 + Number(min ?? 0)) * 60_000;
  return -ms;
}

export const HOUR_MS = 3_600_000;
