import chainDivergence from './chain-divergence.js';
import chainDrift from './chain-drift.js';
import composeInterpolation from './compose-interpolation.js';
import consistent from './consistent.js';
import credentialMatch from './credential-match.js';
import hardcodedFallback from './hardcoded-fallback.js';
import jwtCompat from './jwt-compat.js';
import k8sManifest from './k8s-manifest.js';
import tlsPair from './tls-pair.js';
import envTemplate from './env-template.js';
import distinctAcrossEnvs from './distinct-across-envs.js';
import noLiteralFallback from './no-literal-fallback.js';
import pair from './pair.js';
import portMatch from './port-match.js';
import readerDisagreement from './reader-disagreement.js';
import required from './required.js';
import secretRef from './secret-ref.js';
import secretStrength from './secret-strength.js';
import type { AnyRule } from './define.js';

/**
 * Every built-in rule by id. Adding a rule: its module (everything about it is in its `defineRule`
 * meta), one line here, its table test; then `npm run docs:rules` writes its schema, its
 * rules/defaults.json entry and its page.
 */
export const RULES: ReadonlyMap<string, AnyRule> = new Map(
  (
    [
      consistent,
      portMatch,
      credentialMatch,
      noLiteralFallback,
      chainDivergence,
      required,
      pair,
      distinctAcrossEnvs,
      secretStrength,
      secretRef,
      jwtCompat,
      tlsPair,
      hardcodedFallback,
      chainDrift,
      composeInterpolation,
      k8sManifest,
      readerDisagreement,
      envTemplate,
    ] as AnyRule[]
  ).map((r) => [r.meta.id, r]),
);
