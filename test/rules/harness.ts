import { describe, expect, it } from 'vitest';
import { byRule, checkFiles } from '../helpers.js';

export interface Expected {
  messageId: string;
  services: string[];
  severity?: 'error' | 'warning';
  /** `service@file:line` of every located row, in report order */
  locations?: string[];
}

export interface RuleCase {
  name: string;
  files: Record<string, string>;
  env?: string;
  /** [] for a valid case */
  expect: Expected[];
}

/** ESLint-style table: each case is a small repository and the findings of one rule on it. */
export function ruleTable(ruleId: string, cases: RuleCase[]): void {
  describe(ruleId, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const report = await checkFiles(c.files, c.env);
      const got = byRule(report, ruleId);
      expect(got).toHaveLength(c.expect.length);
      c.expect.forEach((e, i) => {
        expect(got[i]).toMatchObject({ ruleId, messageId: e.messageId, services: [...e.services].sort() });
        if (e.severity) expect(got[i]!.severity).toBe(e.severity);
        if (e.locations) expect(got[i]!.locations).toEqual(e.locations);
      });
    });
  });
}

/** A manifest from its services and rules blocks (YAML text, indented as under the top level). */
export function manifest(services: string, rules: string, environments = '[staging]'): string {
  return `version: 1\nenvironments: ${environments}\nservices:\n${services}\nrules:\n${rules}\n`;
}
