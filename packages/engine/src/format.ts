// Numbers in report text as SageMaker's analyzer (Scala on the JVM) prints them.

/**
 * Java's Double.toString: shortest round-trip digits, always with a fraction
 * ("100.0", "0.0", "99.64592817400101"), scientific outside [1e-3, 1e7) ("1.0E-4", "1.2345E7").
 */
export function javaDouble(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (!Number.isFinite(x)) return x > 0 ? 'Infinity' : '-Infinity';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const a = Math.abs(x);
  if (a >= 1e-3 && a < 1e7) {
    const s = String(x);
    return s.includes('.') ? s : `${s}.0`;
  }
  const [mantissa, exp] = x.toExponential().split('e') as [string, string];
  return `${mantissa.includes('.') ? mantissa : `${mantissa}.0`}E${exp.replace('+', '')}`;
}

/** A ratio as a percentage, unrounded: 1 → "100.0%", 0.9964592817400101 → "99.64592817400101%". */
export const javaPercent = (ratio: number): string => `${javaDouble(ratio * 100)}%`;
