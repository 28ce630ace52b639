import type { RuleContext, RuleDocs } from './types.js';

/**
 * One rule, defined in one place: its id, default severity, one-line description, options (a JSON
 * Schema: schemas/rules/<id>.schema.json is generated from it), messages, documentation and what
 * the manifest loader and a pre-commit run must know of its options. `check` gets options typed by
 * that schema and a `report` that accepts only the ids of `messages`.
 */

/** What an option names: checked by the manifest loader, loaded by a pre-commit run. */
export type NameKind = 'setting' | 'settings' | 'service' | 'services' | 'setting-or-literal';

/** The part of JSON Schema rule options use (draft-07). */
export interface PropertySchema {
  readonly type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  readonly $ref?: string;
  readonly enum?: readonly (string | number | boolean)[];
  readonly items?: PropertySchema;
  readonly minLength?: number;
  readonly minItems?: number;
  readonly uniqueItems?: boolean;
  readonly minimum?: number;
  readonly default?: unknown;
  readonly description?: string;
}

/**
 * A rule's own options. `rule`, `severity`, `services` and `environments` are every rule's and
 * are added by the schema generator; the common ones a rule takes are `ref.setting`, `ref.vars`…
 */
export interface OptionsSchema {
  /** the schema's description: "Options of the <id> rule: …" */
  readonly description: string;
  readonly properties: Readonly<Record<string, PropertySchema>>;
  /** the options that must be given (besides `rule`) */
  readonly required?: readonly string[];
  readonly anyOf?: readonly { readonly required: readonly string[] }[];
}

const common = <K extends string>(k: K) => ({ $ref: `common.schema.json#/definitions/${k}` }) as const;

/** The common options, by reference to common.schema.json. */
export const ref = {
  setting: common('setting'),
  settings: common('settings'),
  vars: common('vars'),
} as const;

interface CommonTypes {
  rule: string;
  severity: 'error' | 'warning' | 'off';
  services: string[];
  environments: string[];
  setting: string;
  settings: string[];
  vars: string[];
}

/** The TypeScript type of one property schema (the subset above). */
export type FromProperty<P> = P extends { readonly $ref: `common.schema.json#/definitions/${infer K}` }
  ? K extends keyof CommonTypes
    ? CommonTypes[K]
    : unknown
  : P extends { readonly enum: readonly (infer E)[] }
    ? E
    : P extends { readonly type: 'string' }
      ? string
      : P extends { readonly type: 'integer' | 'number' }
        ? number
        : P extends { readonly type: 'boolean' }
          ? boolean
          : P extends { readonly type: 'array'; readonly items: infer I }
            ? FromProperty<I>[]
            : unknown;

type Required<S> = S extends { readonly required: readonly (infer R)[] } ? R : never;
type Defaulted<P> = { [K in keyof P]: P[K] extends { readonly default: unknown } ? K : never }[keyof P];
type Given<S extends OptionsSchema> = Required<S> | Defaulted<S['properties']>;
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The options a rule's `check` sees: required properties and properties with a `default` (which
 * `defineRule` fills in) are present, the others optional.
 */
export type FromSchema<S extends OptionsSchema> = Simplify<
  { -readonly [K in keyof S['properties'] as K extends Given<S> ? K : never]: FromProperty<S['properties'][K]> } & {
    -readonly [K in keyof S['properties'] as K extends Given<S> ? never : K]?: FromProperty<S['properties'][K]>;
  }
>;

export interface RuleMeta<S extends OptionsSchema = OptionsSchema, M extends Readonly<Record<string, string>> = Readonly<Record<string, string>>> {
  id: string;
  /** one line: `concord rules`, SARIF `shortDescription`, the manifest schema */
  description: string;
  /** the severity when the manifest gives none */
  severity: 'error' | 'warning';
  options: S;
  /** `{{placeholder}}` templates, filled from a finding's data; reporting another id is a type error */
  messages: M;
  /** what `concord rules ID`, docs/rules/ID.md and SARIF say about the rule (its options come from `options`) */
  docs?: RuleDocs;
  /** options beyond `setting`, `settings` and `services` that name settings or services */
  names?: Readonly<Record<string, NameKind>>;
  /** the settings the rule names are judged together (a pair, a token flow): a change to one loads all */
  judgesTogether?: boolean;
  /** without a `target`, the rule finds services by host name, so it may reach any of them */
  findsTargetsByHost?: boolean;
  /** it checks the input itself, so it runs unless the manifest configures it (e.g. `severity: off`) */
  runsUnlisted?: boolean;
  /** it compares chains written in a manifest: a discovered platform (each setting one variable) skips it */
  needsDeclaredChains?: boolean;
}

export interface Rule<O = unknown, M extends string = string> {
  meta: RuleMeta<OptionsSchema, Readonly<Record<M, string>>>;
  check(ctx: RuleContext<O, M>): void | Promise<void>;
}

/** A rule whose options and message ids are unknown to the caller: the engine's view. */
export type AnyRule = Rule<never, string>;

export function defineRule<const S extends OptionsSchema, const M extends Readonly<Record<string, string>>>(rule: {
  meta: RuleMeta<S, M>;
  check(ctx: RuleContext<FromSchema<S>, keyof M & string>): void | Promise<void>;
}): Rule<FromSchema<S>, keyof M & string> {
  const defaults = optionDefaults(rule.meta.options);
  if (Object.keys(defaults).length === 0) return rule as Rule<FromSchema<S>, keyof M & string>;
  // The schema's defaults are the rule's: written once, shown by `concord rules`, used by `check`.
  return { meta: rule.meta, check: (ctx) => rule.check({ ...ctx, options: { ...defaults, ...ctx.options } }) };
}

/** The `default` of each option that has one. */
export function optionDefaults(schema: OptionsSchema): Record<string, unknown> {
  return Object.fromEntries(Object.entries(schema.properties).flatMap(([k, p]) => (p.default === undefined ? [] : [[k, p.default]])));
}

/** The context a rule's `check` gets, for helpers outside it: `ContextOf<typeof rule>`. */
export type ContextOf<R> = R extends Rule<infer O, infer M> ? RuleContext<O, M> : never;

/** The message ids of a rule's context, for a rule's own `report` helpers: `MessageIdOf<typeof ctx>`. */
export type MessageIdOf<C> = C extends RuleContext<infer _O, infer M> ? M : never;
