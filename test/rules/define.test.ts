import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineRule, ref, type FromSchema } from '../../src/rules/define.js';
import jwtCompat from '../../src/rules/jwt-compat.js';
import type { RuleContext } from '../../src/rules/types.js';

const options = {
  description: 'Options of the demo rule: a demonstration.',
  required: ['target'],
  properties: {
    setting: ref.setting,
    vars: ref.vars,
    target: { type: 'string', minLength: 1 },
    days: { type: 'integer', minimum: 0, default: 14 },
    strict: { type: 'boolean' },
    level: { enum: ['low', 'high'] },
    names: { type: 'array', items: { type: 'string' } },
  },
} as const;

describe('defineRule', () => {
  it('types the options from the schema: required ones required, the others optional', () => {
    expectTypeOf<FromSchema<typeof options>>().toEqualTypeOf<{
      target: string;
      setting?: string;
      vars?: string[];
      days?: number;
      strict?: boolean;
      level?: 'low' | 'high';
      names?: string[];
    }>();
    expectTypeOf<Parameters<typeof jwtCompat.check>[0]>().toMatchTypeOf<RuleContext<{ issuer: string; verifiers: string[]; key: string; alg?: string }, string>>();
  });

  it("accepts only the rule's own message ids in report()", () => {
    const rule = defineRule({
      meta: { id: 'demo', description: 'A demonstration rule.', severity: 'warning', options, messages: { far: '{{target}} is {{days}} days away' } },
      check(ctx) {
        expectTypeOf(ctx.options.target).toEqualTypeOf<string>();
        ctx.report({ messageId: 'far', data: { target: ctx.options.target, days: ctx.options.days ?? 14 }, observations: [] });
        // @ts-expect-error: 'near' is not one of the rule's messages
        ctx.report({ messageId: 'near', data: {}, observations: [] });
      },
    });
    expect(Object.keys(rule.meta.messages)).toEqual(['far']);
  });
});
