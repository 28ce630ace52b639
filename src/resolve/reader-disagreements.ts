/**
 * Where the readers of one dotenv file do not read the same thing. A file's readers are its
 * consumers (a service's own code with its dialect, compose `env_file` with compose's or the raw
 * reader) and, for a service whose reader was assumed, the readers the rest of the platform uses.
 * Per key: what each reader makes of the line, and which way of writing it all of them would
 * read alike. Also, with a single reader: a `${…}` it leaves literal, a command it would run, a
 * secret reference it cuts at `#`. Values stay here for the rule to fingerprint; nothing is
 * rendered.
 */
import type { Model, ServiceModel } from '../model.js';
import type { Lookup } from '../sources/compose/template.js';
import { DIALECTS, readFileValues } from '../sources/dialects/registry.js';
import { isDialectId, type DialectId, type DialectResult } from '../sources/dialects/types.js';
import type { RepoFiles } from '../sources/files.js';

export type Reading = { kind: 'value'; value: string } | { kind: 'unset' } | { kind: 'unknown'; why: 'command' | 'pid' } | { kind: 'refused' };

export interface ReaderView {
  dialect: DialectId;
  /** services reading the file this way; empty for a reader only assumed plausible */
  services: string[];
  /** concord assumed this reader for these services (no evidence) */
  assumed?: boolean;
  reading: Reading;
  /** where each service reads it, when the line is in several files (one line copied across services) */
  places?: { service: string; file: string; line: number }[];
}

export type QuoteStyle = 'double-quoted' | 'single-quoted' | 'unquoted';

export interface ReaderDisagreement {
  file: string;
  line: number;
  key: string;
  /** why this is worth saying: readers differ, a `${…}` stays literal, a command, a cut reference */
  kind: 'differ' | 'literal-interpolation' | 'command' | 'ref-cut';
  views: ReaderView[];
  /** how to write the line so every reader reads the intended value; absent when no quoting does */
  fix?: QuoteStyle;
}

interface Consumer {
  dialect: DialectId;
  services: Set<string>;
  assumed: boolean;
}

const SECRET_REF = /^(["']?)(?:aws-sm|gcp-sm):\/\/[^\s#"']+#[^\s"']+\1$/;

export function findReaderDisagreements(model: Model, files: RepoFiles): ReaderDisagreement[] {
  const byFile = consumersByFile(model.services);
  const platform = new Set<DialectId>();
  for (const s of model.services.values()) if (s.reader && !s.reader.assumed) platform.add(s.reader.dialect);
  const out: ReaderDisagreement[] = [];
  const sameLine = new Map<string, CopiedLine[]>();
  for (const [file, consumers] of byFile) {
    let text: string | null;
    try {
      text = files.read(files.ref('.', file), { optional: true });
    } catch {
      continue;
    }
    if (text === null || !readersMayDiffer(text)) continue;
    const views = new Map<DialectId, Consumer>(consumers);
    if ([...consumers.values()].some((c) => c.assumed))
      for (const d of platform) if (!views.has(d)) views.set(d, { dialect: d, services: new Set(), assumed: false });
    const lookup = lookupFor(
      model,
      [...consumers.values()].flatMap((c) => [...c.services]),
      file,
    );
    const results = new Map<DialectId, DialectResult>();
    for (const d of views.keys()) results.set(d, readFileValues(d, text, lookup));
    out.push(...compare(file, text, views, results, lookup));
    for (const c of consumers.values()) {
      for (const e of results.get(c.dialect)!.entries) {
        if (!e.rawText) continue;
        const k = `${e.key}\0${e.rawText}`;
        const list = sameLine.get(k) ?? [];
        list.push({ file, line: e.line, key: e.key, consumer: c, reading: readingOf(results.get(c.dialect)!, e.key) });
        sameLine.set(k, list);
      }
    }
  }
  out.push(...copiedLines(sameLine, out));
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.key.localeCompare(b.key));
}

interface CopiedLine {
  file: string;
  line: number;
  key: string;
  consumer: Consumer;
  reading: Reading;
}

/**
 * One line (same key, same text) in the files of several services whose readers read it
 * differently: the usual way a shared secret ends up different in a Python and a Node service.
 */
function copiedLines(sameLine: Map<string, CopiedLine[]>, already: ReaderDisagreement[]): ReaderDisagreement[] {
  const out: ReaderDisagreement[] = [];
  for (const list of sameLine.values()) {
    if (new Set(list.map((x) => x.file)).size < 2) continue;
    if (list.every((x) => same(x.reading, list[0]!.reading))) continue;
    if (already.some((d) => d.kind === 'differ' && d.key === list[0]!.key && list.some((x) => x.file === d.file))) continue;
    const views = new Map<string, ReaderView>();
    for (const x of list) {
      const id = `${x.consumer.dialect}\0${JSON.stringify(x.reading)}`;
      let v = views.get(id);
      if (!v)
        views.set(id, (v = { dialect: x.consumer.dialect, services: [], reading: x.reading, places: [], ...(x.consumer.assumed ? { assumed: true } : {}) }));
      for (const service of [...x.consumer.services].sort()) {
        if (!v.services.includes(service)) v.services.push(service);
        v.places!.push({ service, file: x.file, line: x.line });
      }
    }
    const first = list[0]!;
    const viewList = [...views.values()];
    const fix = quoteFix(first.key, [...new Set(viewList.map((v) => v.dialect))], viewList, () => undefined);
    out.push({ file: first.file, line: first.line, key: first.key, kind: 'differ', views: viewList, ...withFix(fix) });
  }
  return out;
}

/**
 * Lines of plain `KEY=value` (a name of letters, digits and `_`; no quote, `#`, `$`, backslash,
 * backtick, shell operator or `~`, white space at an edge or around `=`, `export`, a line without
 * `=`) read the same in every dialect: a file of only those
 * is skipped without parsing it eight ways (most files of a large platform).
 */
const MAY_DIFFER = /[#$'"`\\\r\uFEFF;&|<>()~]|[ \t]=|=[ \t]|^[ \t]|[ \t]$|^export\b|^[^=\n]+$|^[A-Za-z0-9_]*[^A-Za-z0-9_=\n][^=\n]*=/m;

export function readersMayDiffer(text: string): boolean {
  return MAY_DIFFER.test(text);
}

function consumersByFile(services: Map<string, ServiceModel>): Map<string, Map<DialectId, Consumer>> {
  const byFile = new Map<string, Map<DialectId, Consumer>>();
  for (const s of services.values()) {
    for (const { file, dialect: d } of s.dotenvReads ?? []) {
      if (!isDialectId(d)) continue;
      let m = byFile.get(file);
      if (!m) byFile.set(file, (m = new Map()));
      let c = m.get(d);
      if (!c) m.set(d, (c = { dialect: d, services: new Set(), assumed: false }));
      c.services.add(s.name);
      if (s.reader?.assumed && s.reader.dialect === d) c.assumed = true;
    }
  }
  return byFile;
}

/** The variables the file's consumers get from elsewhere (the orchestrator, other files). */
function lookupFor(model: Model, services: string[], file: string): Lookup {
  return (name) => {
    for (const s of services) {
      const e = model.services
        .get(s)
        ?.vars.get(name)
        ?.filter((x) => x.source.file !== file)
        .at(-1);
      if (e) return { value: e.value, source: { kind: e.source.kind, file: e.source.file, line: e.source.line } };
    }
    return undefined;
  };
}

function readingOf(r: DialectResult, key: string): Reading & { line?: number; rawText?: string } {
  if (r.error) return { kind: 'refused' };
  const e = r.entries.filter((x) => x.key === key).at(-1);
  if (!e || e.noValue) return { kind: 'unset' };
  if (e.unknown) return { kind: 'unknown', why: e.unknown, line: e.line, rawText: e.rawText };
  return { kind: 'value', value: e.value, line: e.line, rawText: e.rawText };
}

const same = (a: Reading, b: Reading) => a.kind === b.kind && (a.kind !== 'value' || a.value === (b as { value: string }).value);

function compare(file: string, _text: string, views: Map<DialectId, Consumer>, results: Map<DialectId, DialectResult>, lookup: Lookup): ReaderDisagreement[] {
  const keys = new Set<string>();
  for (const r of results.values()) for (const e of r.entries) keys.add(e.key);
  const out: ReaderDisagreement[] = [];
  for (const key of keys) {
    const readings = [...views.values()].map((c) => ({ c, r: readingOf(results.get(c.dialect)!, key) }));
    const located = readings.find((x) => x.r.line !== undefined)?.r;
    const line = located?.line ?? 1;
    const rawText = located?.rawText ?? '';
    const viewList: ReaderView[] = readings.map(({ c, r }) => ({
      dialect: c.dialect,
      services: [...c.services].sort(),
      ...(c.assumed ? { assumed: true } : {}),
      reading: r.kind === 'value' ? { kind: 'value', value: r.value } : r.kind === 'unknown' ? { kind: 'unknown', why: r.why } : { kind: r.kind },
    }));
    const consumed = viewList.filter((v) => v.services.length > 0);
    const disagree = readings.some((x) => !same(x.r, readings[0]!.r));
    const fix = () => quoteFix(key, [...views.keys()], viewList, lookup);
    if (disagree) {
      out.push({ file, line, key, kind: kindOf(rawText, viewList), views: viewList, ...withFix(fix()) });
      continue;
    }
    // One reading for all: still a finding when it is not what the line means.
    const r = consumed[0]?.reading;
    if (!r) continue;
    const unquoted = !/^["'`]/.test(rawText);
    if (SECRET_REF.test(rawText) && r.kind === 'value' && !r.value.includes('#'))
      out.push({ file, line, key, kind: 'ref-cut', views: consumed, ...withFix(fix()) });
    else if (r.kind === 'unknown') out.push({ file, line, key, kind: 'command', views: consumed });
    else if (
      r.kind === 'value' &&
      /\$\{[A-Za-z_][A-Za-z0-9_]*/.test(r.value) &&
      unquoted &&
      consumed.every((v) => DIALECTS[v.dialect].interpolation === 'none')
    ) {
      out.push({ file, line, key, kind: 'literal-interpolation', views: consumed });
    }
  }
  return out;
}

function kindOf(rawText: string, views: ReaderView[]): ReaderDisagreement['kind'] {
  if (views.some((v) => v.reading.kind === 'unknown')) return 'command';
  if (SECRET_REF.test(rawText)) return 'ref-cut';
  return 'differ';
}

const withFix = (fix: QuoteStyle | undefined) => (fix ? { fix } : {});

/**
 * The first way of writing the line that every reader reads as one intended value: the value
 * most consumers read (the longest on a tie, as a cut value is the shorter one).
 */
function quoteFix(key: string, dialects: DialectId[], views: ReaderView[], lookup: Lookup): QuoteStyle | undefined {
  const candidates = views.flatMap((v) => (v.reading.kind === 'value' ? [{ value: v.reading.value, weight: v.services.length }] : []));
  candidates.sort((a, b) => b.weight - a.weight || b.value.length - a.value.length);
  for (const { value } of candidates) {
    if (/[\n'"]/.test(value)) continue;
    const forms: [QuoteStyle, string][] = [
      ['unquoted', value],
      ['double-quoted', `"${value}"`],
      ['single-quoted', `'${value}'`],
    ];
    for (const [style, written] of forms) {
      if (dialects.every((d) => readFileValues(d, `${key}=${written}\n`, lookup).entries.find((e) => e.key === key)?.value === value)) return style;
    }
  }
  return undefined;
}
