// Persisted-documents manifests: `{ "<sha256 hex of the text>": "<document text>" }`, the shape
// graphql-codegen's client preset writes to persisted-documents.json (with
// `persistedDocuments: { hashAlgorithm: 'sha256' }`; its default is sha1) and the shape
// `npm run documents:manifest` writes from .graphql files.
import { createHash } from 'node:crypto';
import { Kind, parse, print, visit, type DefinitionNode, type FragmentDefinitionNode } from 'graphql';

/** sha256 of the text's UTF-8 bytes, lowercase hex: the hash of a trusted document. */
export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export type Manifest = Record<string, string>;

/** The fragments `definition` spreads, directly or through other fragments, by name. */
function usedFragments(definition: DefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, into = new Map<string, FragmentDefinitionNode>()) {
  visit(definition, {
    FragmentSpread(node) {
      const name = node.name.value;
      const fragment = fragments.get(name);
      if (!fragment) throw new Error(`fragment ${name} is spread but defined in none of the files`);
      if (into.has(name)) return;
      into.set(name, fragment);
      usedFragments(fragment, fragments, into);
    },
  });
  return into;
}

/**
 * One document per operation of the sources (the files' texts): the operation printed, then
 * the fragments it uses in name order, each keyed by the sha256 of its exact text.
 */
export function manifestOf(sources: readonly string[]): Manifest {
  const definitions = sources.flatMap((text) => parse(text).definitions);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of definitions) {
    if (d.kind !== Kind.FRAGMENT_DEFINITION) continue;
    if (fragments.has(d.name.value)) throw new Error(`fragment ${d.name.value} is defined twice`);
    fragments.set(d.name.value, d);
  }
  const manifest: Manifest = {};
  for (const d of definitions) {
    if (d.kind !== Kind.OPERATION_DEFINITION) continue;
    const used = [...usedFragments(d, fragments).values()].sort((a, b) => a.name.value.localeCompare(b.name.value));
    const text = [d, ...used].map((node) => print(node)).join('\n\n');
    manifest[sha256Hex(text)] = text;
  }
  return manifest;
}
