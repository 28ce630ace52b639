/**
 * YAML config per consumer: an unquoted scalar whose meaning depends on the YAML version (`on`,
 * `0755`, `1_000`, `1:30`) takes the meaning the service's own YAML library gives it (PyYAML for
 * Python, SnakeYAML for Spring Boot, go-yaml v3 for Go, YAML 1.1 for Ruby's Psych, YAML 1.2 for Node), and where that differs
 * from YAML 1.2 in a setting under check it is a disagreement naming both readings.
 */
import type { Entry, Model } from '../model.js';
import { meaningText, readPlainScalar, sameMeaning, type Meaning, type YamlReader } from '../sources/dialects/yaml-scalar.js';
import type { ReaderChoice } from './readers.js';

export interface YamlDisagreement {
  file: string;
  line?: number;
  setting: string;
  service: string;
  /** each reader in play and what it makes of the scalar; the first is the service's own */
  readings: { reader: YamlReader; meaning: Meaning; assumed?: boolean }[];
}

export function yamlReaderOf(choice: ReaderChoice | undefined): YamlReader {
  if (choice?.yaml) return choice.yaml.reader;
  switch (choice?.dialect) {
    case 'python':
      return 'pyyaml';
    case 'go':
      return 'go-yaml-v3';
    case 'ruby':
      return 'yaml-1.1';
    default:
      return 'yaml-1.2';
  }
}

/** Config entries as `reader` reads them (copies: a file's entries are shared by its services). */
export function readConfigAs(entries: Entry[], reader: YamlReader): Entry[] {
  if (reader === 'yaml-1.2' || !entries.some((e) => e.plain !== undefined)) return entries;
  return entries.map((e) => {
    if (e.plain === undefined) return e;
    const value = meaningText(readPlainScalar(e.plain, reader));
    return value === e.value ? e : { ...e, value, yaml12: e.value };
  });
}

export function findYamlDisagreements(model: Model): YamlDisagreement[] {
  const out: YamlDisagreement[] = [];
  for (const svc of model.services.values()) {
    const own = yamlReaderOf(svc.reader);
    for (const [setting, r] of svc.settings) {
      if (r.source?.kind !== 'config' || !r.via) continue;
      const entry = svc.vars.get(r.via)?.at(-1);
      const plain = entry?.plain;
      if (!entry || plain === undefined) continue;
      const known = svc.reader && (!svc.reader.assumed || svc.reader.yaml);
      const readers: { reader: YamlReader; assumed?: boolean }[] = [{ reader: own, ...(known ? {} : { assumed: true }) }];
      if (own !== 'yaml-1.2') readers.push({ reader: 'yaml-1.2' });
      // No evidence of the service's YAML library: YAML 1.1 (PyYAML, Psych, SnakeYAML) is as plausible.
      if (!known) readers.push({ reader: 'yaml-1.1' });
      const readings = readers.map((x) => ({ ...x, meaning: readPlainScalar(plain, x.reader) }));
      if (readings.every((x) => sameMeaning(x.meaning, readings[0]!.meaning))) continue;
      out.push({ file: entry.source.file ?? '', ...(entry.source.line ? { line: entry.source.line } : {}), setting, service: svc.name, readings });
    }
  }
  return out;
}
