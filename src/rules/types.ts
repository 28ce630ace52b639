import type { Severity } from '../manifest/types.js';
import type { Model, Provenance, ResolvedSetting, ServiceModel } from '../model.js';

export type { Rule } from './define.js';

/**
 * What a rule saw in one service: raw data, masked by the engine before any formatter sees it.
 * Rules never build sentences from values; they name a messageId and give data.
 */
export interface Observation {
  service: string;
  /** set when the observation belongs to another environment than the run's */
  environment?: string;
  /** the raw value: dropped by the mask step for secrets */
  value?: string;
  secret: boolean;
  digest?: string;
  fingerprint?: string;
  ref?: string;
  /** 1-based link of the chain that resolved */
  link?: number;
  chainLength?: number;
  /** the variable, key or claim that supplied the value */
  via?: string;
  source?: Provenance;
  /** a short non-secret remark: "not set", "listens here" */
  note?: string;
  /** value class letter, set by the engine: observations with the same digest share one */
  class?: string;
}

export interface RuleFinding<M extends string = string> {
  /** one of the rule's `meta.messages` ids */
  messageId: M;
  data: Record<string, string | number>;
  setting?: string;
  vars?: string[];
  /** what was checked, when it is neither a setting nor variables (e.g. `auth ports`) */
  subject?: string;
  observations: Observation[];
  /** a rule may lower its own severity for a finding it cannot be sure of */
  severity?: Exclude<Severity, 'off'>;
}

export interface CommonOptions {
  rule: string;
  severity?: Severity;
  services?: string[];
  environments?: string[];
  setting?: string;
  settings?: string[];
}

export interface RuleContext<O, M extends string = string> {
  environment: string;
  /** every environment of the manifest */
  environments: string[];
  model: Model;
  options: O & CommonOptions;
  /** the model of another environment, loaded on first use */
  modelFor(environment: string): Promise<Model>;
  report(finding: RuleFinding<M>): void;
  /** keyed fingerprint of a value the model did not already fingerprint (a literal link) */
  fingerprint(value: string): { digest: string; fingerprint: string };
  /** whether a variable or setting name holds a secret, by the manifest's patterns */
  isSecretName(name: string): boolean;
  /** records what the rule checked (a setting, a variable group), so passing checks can be listed */
  cover(subject: string): void;
  /** what rules may reach beyond the model: the clock, files of a service, the network (online only) */
  io: RuleIo;
}

export interface RuleIo {
  /** "now" for validity and expiry (overridable with --now) */
  now: Date;
  /**
   * A file named by a setting's value, relative to the service's root and inside the repository;
   * undefined when there is no such file. Its text is treated as a secret from then on.
   */
  readFile(service: string, file: string): { text: string; file: string } | undefined;
  /** GET a URL with the run's timeout; undefined when the run is offline */
  fetchText?: (url: string) => Promise<{ ok: true; text: string } | { ok: false; reason: string }>;
  /** something that could not be checked: makes the run incomplete (exit 3) */
  incomplete(entry: { ref?: string; services: string[]; reason: string; message: string }): void;
}

/** A rule's documentation, written next to its messages; each field is markdown. */
export interface RuleDocs {
  /** what the rule checks, in a paragraph */
  what: string;
  /** why it matters: the incident it prevents */
  why: string;
  /** a small repository (path → text) on which the rule reports; test/rules/docs.test.ts runs it */
  failing: Record<string, string>;
  /** the files that change so that it passes (the others stay as in `failing`) */
  passing: Record<string, string>;
  /** what running the examples takes beyond these files (a secret manager, real certificates): then they are not run */
  needs?: string;
  /** how to fix a finding */
  fix: string;
}

/** The services a rule looks at: its `services` option, or every service. */
export function servicesInScope(ctx: RuleContext<unknown>): ServiceModel[] {
  const names = ctx.options.services;
  return [...ctx.model.services.values()].filter((s) => !names || names.includes(s.name));
}

/** The settings a rule looks at: `setting`/`settings`, or every setting that passes `fallback`. */
export function settingsInScope(ctx: RuleContext<unknown>, fallback: (setting: string) => boolean = () => true): string[] {
  const { setting, settings } = ctx.options;
  const list = setting || settings ? [...new Set([...(setting ? [setting] : []), ...(settings ?? [])])] : [...ctx.model.settingNames].sort().filter(fallback);
  for (const s of list) ctx.cover(s);
  return list;
}

/** Each in-scope service's resolution of a setting (services that do not define it are absent). */
export function resolutions(ctx: RuleContext<unknown>, setting: string): ResolvedSetting[] {
  const all = ctx.model.bySetting.get(setting) ?? [];
  const names = ctx.options.services;
  return names ? all.filter((r) => names.includes(r.service)) : all;
}

/**
 * Resolutions split by who can talk to whom: compose services reach each other only over a shared
 * docker network, so two compose projects' `db` services (no network in common) are never judged
 * together by name. A service outside compose (no networks known) may reach any of them: while
 * one is present, all stay one group.
 */
export function reachableGroups(ctx: RuleContext<unknown>, list: ResolvedSetting[]): ResolvedSetting[][] {
  const nets = list.map((r) => ctx.model.services.get(r.service)?.networks);
  if (nets.some((n) => n === undefined)) return list.length ? [list] : [];
  const parent = list.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const owner = new Map<string, number>();
  nets.forEach((ns, i) => {
    for (const n of ns!) {
      const j = owner.get(n);
      if (j === undefined) owner.set(n, i);
      else parent[find(i)] = find(j);
    }
  });
  const groups = new Map<number, ResolvedSetting[]>();
  list.forEach((r, i) => groups.set(find(i), [...(groups.get(find(i)) ?? []), r]));
  return [...groups.values()];
}

/** Whether any service treats the setting as a secret. */
export function isSecretSetting(ctx: RuleContext<unknown>, setting: string): boolean {
  return (ctx.model.bySetting.get(setting) ?? []).some((r) => r.secret);
}

export function observe(r: ResolvedSetting, extra: Partial<Observation> = {}): Observation {
  return {
    service: r.service,
    value: r.value,
    secret: r.secret,
    digest: r.digest,
    fingerprint: r.fingerprint,
    ref: r.ref,
    link: r.linkIndex === null ? undefined : r.linkIndex + 1,
    chainLength: r.chain.length,
    via: r.via,
    source: r.source,
    note: r.linkIndex === null ? 'not set' : undefined,
    ...extra,
  };
}

/** A row for something a service lacks, pointing at where the manifest declares it. */
export function missing(s: ServiceModel, what: { via?: string; note: string; declaredAt?: { file: string; line?: number } }): Observation {
  const at = what.declaredAt ?? s.declaredAt;
  return {
    service: s.name,
    secret: false,
    note: what.note,
    ...(what.via ? { via: what.via } : {}),
    source: { kind: 'manifest', file: at.file, line: at.line },
  };
}
