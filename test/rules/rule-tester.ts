import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import type { Rule } from '../../src/rules/define.js';
import type { Report } from '../../src/report/types.js';
import { byRule, checkFiles } from '../helpers.js';

/**
 * The one table-test harness of the rules, in the style of ESLint's RuleTester: each rule's test
 * is a table of small repositories and the findings of that rule on each, in report order. A case
 * without findings is a valid case; the others are invalid cases. The table fails when one of the
 * rule's message ids has no invalid case, so a new message cannot ship untested.
 */

type MessageIds<R> = R extends Rule<never, infer M> ? M : R extends { meta: { messages: infer X } } ? keyof X & string : string;

export interface Expected<M extends string = string> {
  messageId: M;
  /** the services of the finding's rows, in any order */
  services: string[];
  severity?: 'error' | 'warning';
  /** `service@file:line` of every located row, in report order */
  locations?: string[];
}

export interface RuleCase<M extends string = string> {
  name: string;
  /** the repository (path → text); a function when it needs what `beforeAll` made */
  files?: Record<string, string> | (() => Record<string, string>);
  env?: string;
  /** how to run it when a repository checked offline is not enough (a clock, a secret manager) */
  run?: () => Promise<Report>;
  /** the findings of this rule, in report order: [] for a valid case */
  expect: Expected<M>[];
}

export interface TableOptions<M extends string> {
  /** message ids asserted in another test file, by the file (e.g. one that starts a local secret manager) */
  coveredElsewhere?: Partial<Record<M, string>>;
}

export function ruleTester<R extends { meta: { id: string; messages: object } }>(
  rule: R,
  cases: RuleCase<MessageIds<R>>[],
  options: TableOptions<MessageIds<R>> = {},
): void {
  const ruleId = rule.meta.id;
  describe(ruleId, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const files = typeof c.files === 'function' ? c.files() : c.files;
      const report = c.run ? await c.run() : await checkFiles(files ?? {}, c.env);
      const got = byRule(report, ruleId);
      expect(got.map((g) => g.messageId)).toEqual(c.expect.map((e) => e.messageId));
      c.expect.forEach((e, i) => {
        expect(got[i]).toMatchObject({ ruleId, messageId: e.messageId, services: [...e.services].sort() });
        if (e.severity) expect(got[i]!.severity).toBe(e.severity);
        if (e.locations) expect(got[i]!.locations).toEqual(e.locations);
      });
    });

    it('has an invalid case for every message id', () => {
      expect(uncovered(rule.meta.messages, cases, options.coveredElsewhere), `${ruleId}: message ids without an invalid case`).toEqual([]);
    });
  });
}

/** The message ids of a rule that no invalid case expects (and no other test file is named for). */
export function uncovered(messages: object, cases: Pick<RuleCase, 'expect'>[], coveredElsewhere: Partial<Record<string, string>> = {}): string[] {
  const covered = new Set([...cases.flatMap((c) => c.expect.map((e) => e.messageId)), ...Object.keys(coveredElsewhere)]);
  return Object.keys(messages).filter((id) => !covered.has(id));
}

/** A manifest written as an object; `environments` defaults to `[staging]`. */
export function manifest(m: { services: Record<string, unknown>; rules: unknown[]; environments?: string[] } & Record<string, unknown>): string {
  const { services, rules, environments = ['staging'], ...rest } = m;
  // No anchors for objects a test reuses: each manifest reads as if written by hand.
  return stringify({ version: 1, environments, ...rest, services, rules }, { aliasDuplicateObjects: false });
}
