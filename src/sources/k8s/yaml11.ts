import { Document, isScalar, Scalar, type Node } from 'yaml';

/**
 * Kubernetes reads manifests with go-yaml v2 (sigs.k8s.io/yaml), which follows YAML 1.1: an
 * unquoted `on`, `yes`, `0755` or `8080` is a boolean or a number, and the API server rejects it
 * where the schema wants a string (env values, ConfigMap data). The project parses with YAML 1.2,
 * so plain scalars are re-resolved here with the yaml library's own 1.1 schema.
 */
const TAGS_11 = new Document(null, { version: '1.1' }).schema.tags.filter(
  (t) => t.default === true && t.test instanceof RegExp && !('collection' in t && t.collection),
);

/** Where go-yaml v2 parts from the 1.1 schema: sexagesimal numbers stay strings, `0o755` is an int. */
const STAYS_STRING = /^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$/;
const GO_OCTAL = /^[-+]?0o[0-7_]+$/;

export type JsonKind = 'string' | 'bool' | 'number' | 'null' | 'collection';

/** What JSON type Kubernetes gets for this node. */
export function kubernetesType(node: Node | undefined): JsonKind {
  if (!isScalar(node)) return node ? 'collection' : 'null';
  if ((node as Scalar).type !== Scalar.PLAIN) return 'string';
  const src = String((node as Scalar & { source?: string }).source ?? node.value ?? '');
  if (STAYS_STRING.test(src)) return 'string';
  if (GO_OCTAL.test(src)) return 'number';
  const tag = TAGS_11.find((t) => t.test!.test(src))?.tag ?? '';
  if (tag.endsWith(':bool')) return 'bool';
  if (tag.endsWith(':int') || tag.endsWith(':float')) return 'number';
  if (tag.endsWith(':null')) return 'null';
  return 'string';
}
