// The value of a `Result` of @mmg/engine, or a thrown error naming why there is none (the
// engine's own tests have the same helper in packages/engine/test/helpers.ts).
export function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(`expected ok, got error: ${r.error.message}`);
  return r.value;
}
