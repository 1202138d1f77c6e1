// `npm run documents:register -- <manifest.json>`: registers a persisted-documents manifest
// (graphql-codegen's persisted-documents.json with hashAlgorithm sha256, or
// `npm run documents:manifest`'s) as the team's trusted documents, through the gateway's
// registerTrustedDocuments mutation, in batches. The environment gives the gateway and the key:
// GATEWAY_URL (default http://127.0.0.1:4000/graphql) and MMG_API_KEY (an ADMIN key of the team).
import { readFile } from 'node:fs/promises';
import { z } from 'zod';

const BATCH = 200;
const Manifest = z.record(z.string(), z.string());
const Answer = z.object({
  data: z.object({ registerTrustedDocuments: z.object({ added: z.number() }) }).nullish(),
  errors: z.array(z.looseObject({ message: z.string(), extensions: z.looseObject({ code: z.string().optional(), field: z.string().optional() }).optional() })).optional(),
});
const MUTATION = 'mutation Register($documents: [TrustedDocumentInput!]!) { registerTrustedDocuments(documents: $documents) { added } }';

const [file] = process.argv.slice(2);
const key = process.env['MMG_API_KEY'];
const url = process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:4000/graphql';
if (!file || !key) {
  process.stderr.write('usage: MMG_API_KEY=<ADMIN key> [GATEWAY_URL=…/graphql] npm run documents:register -- <manifest.json>\n');
  process.exit(2);
}
const entries = Object.entries(Manifest.parse(JSON.parse(await readFile(file, 'utf8'))));
let added = 0;
for (let start = 0; start < entries.length; start += BATCH) {
  const batch = entries.slice(start, start + BATCH);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: MUTATION, variables: { documents: batch.map(([hash, body]) => ({ hash, body })) } }),
  });
  const answer = Answer.parse(await res.json());
  if (!answer.data || (answer.errors ?? []).length > 0) {
    for (const e of answer.errors ?? []) {
      // documents[i] of this batch: name the manifest entry by its hash.
      const at = /^documents\[(\d+)\]/.exec(e.extensions?.field ?? '')?.[1];
      const entry = at === undefined ? '' : ` (manifest entry ${batch[Number(at)]?.[0] ?? '?'})`;
      process.stderr.write(`${e.extensions?.code ?? 'ERROR'}: ${e.message}${entry}\n`);
    }
    process.stderr.write(`stopped: ${start} of ${entries.length} documents sent before this batch, ${added} of them new\n`);
    process.exit(1);
  }
  added += answer.data.registerTrustedDocuments.added;
}
process.stdout.write(`${entries.length} documents registered (${added} new, ${entries.length - added} registered before)\n`);
