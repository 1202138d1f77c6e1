// Label values that come from outside (clients' operation names, backends' check types) are
// bounded: each Prometheus label value is a series kept for the life of the process.
/** The first `max` distinct values (at most `maxLength` long) keep their name; the rest count as "other". */
export function boundedLabel(max: number, maxLength = 100): (value: string, mayAdd?: boolean) => string {
  const known = new Set<string>();
  return (value, mayAdd = true) => {
    if (known.has(value)) return value;
    if (!mayAdd || known.size >= max || value.length > maxLength) return 'other';
    known.add(value);
    return value;
  };
}

/** Check types are a short fixed list per backend; a backend inventing more stays bounded. */
export const checkTypeLabel = boundedLabel(50);
