// The data-capture record printed in the source documents (../shared/seeds: a captured text/csv request,
// its data ending in "\n" as clients send it), written as SageMaker writes it (one compact JSON line, its
// keys in that order): the template path, the JSON.parse path and the schema must read the same record,
// and the data-quality text path must profile its payload as the split fields do.
import { describe, expect, test } from '@jest/globals';
import { captureFromSchema, csvRecordText, DataQualityAccumulator, decodePayload, parseCaptureJson, parseCaptureLine } from '@mmg/engine';
import { seedTexts } from '../support/samples.js';

/** Each JSON object in the seeds whose first key is "captureData", as the text printed. */
function printedCaptures(): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const [file, text] of seedTexts()) {
    for (let at = text.indexOf('"captureData"'); at !== -1; at = text.indexOf('"captureData"', at + 1)) {
      const start = text.lastIndexOf('{', at);
      let depth = 0;
      for (let i = start; i < text.length; i++) {
        if (text[i] === '{') depth++;
        else if (text[i] === '}' && --depth === 0) {
          // The document indents its code with no-break spaces, which JSON does not count as whitespace.
          found.push([file, text.slice(start, i + 1).replace(/\u00a0/g, ' ')]);
          break;
        }
      }
    }
  }
  return found;
}

const captures = printedCaptures().filter(([, t]) => {
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false; // a fragment of a larger example, not a whole record
  }
});
const describeSeeds = captures.length > 0 ? describe : describe.skip;
if (captures.length === 0) console.warn('capture-seed: skipped, no capture record in the seed documents (set SAGEMAKER_SEEDS_DIR)');

describeSeeds('the capture record printed in the seeds', () => {
  test.each(captures)('%s: read alike by every path, as printed and as one compact line', (_, printed) => {
    const line = JSON.stringify(JSON.parse(printed));
    const reference = captureFromSchema(JSON.parse(line) as unknown, 1);
    expect(reference.ok).toBe(true);
    expect(parseCaptureLine(line, 1)).toStrictEqual(reference);
    expect(parseCaptureJson(line, 1)).toStrictEqual(reference);
    expect(parseCaptureLine(printed, 1)).toStrictEqual(reference);
  });

  test.each(captures)('%s: its CSV payload goes in as text and profiles as its split fields', (_, printed) => {
    const rec = parseCaptureLine(JSON.stringify(JSON.parse(printed)), 1);
    if (!rec.ok || !rec.value.input) throw new Error('no endpointInput');
    const decoded = decodePayload(rec.value.input);
    if (!decoded.ok || decoded.value.format !== 'CSV') return; // only CSV payloads have a text path
    const text = csvRecordText(rec.value.input);
    expect(text).toBeDefined();
    const viaText = new DataQualityAccumulator();
    const viaFields = new DataQualityAccumulator();
    expect(viaText.addCsvText(text!)).toBe(true);
    for (const fields of decoded.value.records) viaFields.addFields(fields);
    expect(JSON.stringify(viaText.result())).toBe(JSON.stringify(viaFields.result()));
  });
});
