// ISO-8601 durations as SageMaker uses them for offsets and one-time windows:
// negative, days/hours/minutes/seconds (-P1D, -PT2H, -PT30M, -PT90S, -P1DT6H, -PT0H).
// SageMaker takes seconds too: its offset pattern is only `^.?P.*`, 1-15 characters.
const NEGATIVE_DURATION = /^-P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;

/** Milliseconds (negative or zero) of a negative ISO-8601 duration, or null if malformed. */
export function parseNegativeDuration(text: string): number | null {
  const m = NEGATIVE_DURATION.exec(text);
  if (!m) return null;
  const [, d, h, min, s] = m;
  if (d === undefined && h === undefined && min === undefined && s === undefined) return null;
  if (text.endsWith('T')) return null;
  const seconds = ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(min ?? 0)) * 60 + Number(s ?? 0);
  return -seconds * 1000;
}

export const HOUR_MS = 3_600_000;
