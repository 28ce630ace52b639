import { describe, expect, expectTypeOf, it } from 'vitest';
import { defineRule, ref, type FromSchema } from '../../src/rules/define.js';
import type jwtCompat from '../../src/rules/jwt-compat.js';
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
  it('types the options from the schema: required ones and ones with a default present, the others optional', () => {
    expectTypeOf<FromSchema<typeof options>>().toEqualTypeOf<{
      target: string;
      days: number;
      setting?: string;
      vars?: string[];
      strict?: boolean;
      level?: 'low' | 'high';
      names?: string[];
    }>();
    expectTypeOf<Parameters<typeof jwtCompat.check>[0]>().toMatchTypeOf<
      RuleContext<{ issuer: string; verifiers: string[]; key: string; alg?: string }, string>
    >();
  });

  it("accepts only the rule's own message ids in report()", () => {
    const rule = defineRule({
      meta: { id: 'demo', description: 'A demonstration rule.', severity: 'warning', options, messages: { far: '{{target}} is {{days}} days away' } },
      check(ctx) {
        expectTypeOf(ctx.options.target).toEqualTypeOf<string>();
        expectTypeOf(ctx.options.days).toEqualTypeOf<number>();
        ctx.report({ messageId: 'far', data: { target: ctx.options.target, days: ctx.options.days }, observations: [] });
        // @ts-expect-error: 'near' is not one of the rule's messages
        ctx.report({ messageId: 'near', data: {}, observations: [] });
      },
    });
    expect(Object.keys(rule.meta.messages)).toEqual(['far']);
  });
});

describe('option defaults', () => {
  it("are the schema's: check sees them unless the manifest gives the option", async () => {
    const seen: unknown[] = [];
    const rule = defineRule({
      meta: { id: 'demo', description: 'A demonstration rule.', severity: 'warning', options, messages: { m: 'x' } },
      check(ctx) {
        seen.push(ctx.options.days, ctx.options.strict);
      },
    });
    const ctx = (o: object) => ({ options: { rule: 'demo', target: 'a', ...o } }) as never;
    await rule.check(ctx({}));
    await rule.check(ctx({ days: 3 }));
    expect(seen).toEqual([14, undefined, 3, undefined]);
  });
});
