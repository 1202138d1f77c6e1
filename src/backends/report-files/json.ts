// JSON as Model Monitor and Clarify write it. Clarify writes Python's json.dumps output, which
// may hold the bare tokens NaN, Infinity and -Infinity (smclarify's INFINITY = float("inf"));
// they become the strings "NaN", "Infinity", "-Infinity" (Model Monitor's own spelling of NaN),
// so the documents stay storable JSON.
const TOKENS = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;

/** The parsed document, or null when the text is not JSON even with those tokens. */
export function parseReportJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    try {
      return JSON.parse(text.replace(TOKENS, (m) => (m.startsWith('"') ? m : `"${m}"`))) as unknown;
    } catch {
      return null;
    }
  }
}
