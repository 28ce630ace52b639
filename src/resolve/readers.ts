/**
 * Who reads a service's env files: the manifest's `dialect:` (per file, then per service), else
 * the evidence in the service's folder and code, else the reader most services of the platform
 * use, else `node-expand` (what concord assumed before it knew readers: dotenv's syntax with
 * `${…}` expanded). The choice and its evidence are kept for `concord explain` and findings.
 */
import type { Manifest, ServiceSpec } from '../manifest/types.js';
import { codeEvidence, dependencyEvidence, yamlEvidence, type DialectEvidence, type YamlEvidence } from '../sources/dialects/evidence.js';
import type { DialectId } from '../sources/dialects/types.js';
import { expandGlob, type FileRef, type RepoFiles } from '../sources/files.js';

export interface ReaderChoice {
  dialect: DialectId;
  /** where the choice comes from; absent when it was assumed */
  evidence?: DialectEvidence | { dialect: DialectId; why: string; file: string; line?: number };
  /** no evidence: the platform's most common reader (or concord's default) was assumed */
  assumed?: boolean;
  /** what the assumption rests on: the readers other services use, or none (concord's default) */
  assumedFrom?: 'platform' | 'default';
  /** the YAML library reading its config, when a build file says (Spring Boot: SnakeYAML) */
  yaml?: YamlEvidence;
}

export const FALLBACK_DIALECT: DialectId = 'node-expand';

async function evidenceFor(spec: ServiceSpec, files: RepoFiles, manifestFile: string): Promise<ReaderChoice['evidence']> {
  if (spec.dialect) return { dialect: spec.dialect, why: `the manifest says dialect: ${spec.dialect}`, file: manifestFile, line: spec.dialectLine };
  if (spec.env.length === 0 && spec.config.length === 0) return undefined;
  const deps = dependencyEvidence(files, spec.root);
  if (deps) return deps;
  if (!spec.code) return undefined;
  const refs: FileRef[] = [];
  for (const pattern of spec.code) {
    try {
      refs.push(...(await expandGlob(files, spec.root, pattern, { file: manifestFile })));
    } catch {
      // A code glob that matches nothing is reported where code is read; here it is no evidence.
    }
  }
  return codeEvidence(files, refs);
}

/** Each service's reader, deciding the assumed ones by majority over those with evidence. */
/** Every service is looked at (not only those a run checks), so the majority is the platform's. */
export async function chooseReaders(manifest: Manifest, files: RepoFiles): Promise<Map<string, ReaderChoice>> {
  const found = new Map<string, ReaderChoice['evidence']>();
  for (const spec of manifest.services) {
    found.set(spec.name, await evidenceFor(spec, files, manifest.file));
  }
  const counts = new Map<DialectId, number>();
  for (const e of found.values()) if (e) counts.set(e.dialect, (counts.get(e.dialect) ?? 0) + 1);
  const majority = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? FALLBACK_DIALECT;
  const out = new Map<string, ReaderChoice>();
  const from = counts.size > 0 ? 'platform' : 'default';
  for (const spec of manifest.services) {
    const evidence = found.get(spec.name);
    const yaml = spec.config.length > 0 && !evidence ? yamlEvidence(files, spec.root) : undefined;
    out.set(spec.name, {
      ...(evidence ? { dialect: evidence.dialect, evidence } : { dialect: majority, assumed: true, assumedFrom: from }),
      ...(yaml ? { yaml } : {}),
    });
  }
  return out;
}
