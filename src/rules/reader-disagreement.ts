import type { ReaderDisagreement, ReaderView } from '../resolve/reader-disagreements.js';
import { YAML_READER_NAMES } from '../sources/dialects/yaml-scalar.js';
import type { ServiceModel } from '../model.js';
import { mayHoldSecret } from '../resolve/secret-names.js';
import { defineRule } from './define.js';
import type { Observation, RuleContext } from './types.js';

/**
 * The readers of a dotenv line do not read the same value: two consumers of one file (a service's
 * dotenv library and compose's `env_file`), or the reader concord assumed and the one the rest of
 * the platform uses. Also a `${…}` that the service's reader leaves literal, a command it would
 * run (concord never does), and a secret reference that it cuts at `#`. A warning, an error when
 * the value is a secret, a URL or a port. Secrets are shown by fingerprint and length only.
 */
const FIX: Record<string, string> = {
  'double-quoted': 'Written in double quotes, the value reads the same for every reader',
  'single-quoted': 'Written in single quotes, the value reads the same for every reader',
  unquoted: 'Written out in full without quotes (no "#", "$", quotes or spaces at the ends), the value reads the same for every reader',
  none: 'No way of quoting makes these readers agree (the raw reader keeps quotes, others cut at "#"): keep "#", quotes and "$" out of the value, or let one reader read the file',
};

export default defineRule({
  meta: {
    id: 'reader-disagreement',
    description:
      'Every reader of a dotenv line reads the same value: npm dotenv cuts at #, compose and python-dotenv do not, the raw reader keeps quotes; a ${…} the reader leaves literal, a command it would run and a secret reference it cuts at # are findings. A warning, an error when the value is a secret, a URL or a port (severity: warning makes them all warnings).',
    severity: 'error',
    options: {
      description:
        'Options of the reader-disagreement rule: every reader of a dotenv line (npm dotenv, dotenv-expand, compose, raw, python-dotenv, godotenv, Ruby dotenv, a shell) reads the same value.',
      properties: {},
    },
    runsUnlisted: true,
    messages: {
      differ: '{{key}} at {{file}}:{{line}} is read differently by {{readers}}. {{fix}}',
      'differ-expansion':
        '{{key}} at {{file}}:{{line}} is read differently by {{readers}}: for {{literal}}, "${…}" stays literal text; the others expand it. {{fix}}',
      'ref-cut':
        '{{key}} at {{file}}:{{line}} is a secret reference with a #key, but the unquoted value is cut at "#" by {{readers}}: the service asks for the whole secret. {{fix}}',
      'literal-interpolation':
        '{{key}} at {{file}}:{{line}} contains "${", which is not interpolated by {{readers}}: the service gets the reference as literal text. Write the value itself, or load the file with a reader that expands (dotenv-expand)',
      command:
        '{{key}} at {{file}}:{{line}} has a command substitution, run at start-up by {{readers}}: concord never runs commands, so the value is unknown. Write the value itself',
      'yaml-scalar':
        '{{setting}} at {{file}}:{{line}} is an unquoted YAML scalar that the YAML versions in play read differently ({{readers}}). Quote it if it is a string, or write it so that every reader agrees',
    },
    docs: {
      what: `The programs that read a dotenv line read the same value: two consumers of one file (a service's dotenv library and compose's \`env_file\`), services in different languages sharing a line, the reader concord assumed and the one the rest of the platform uses. Also reported: a \`\${…}\` the service's reader leaves literal, a command substitution a reader would run (concord never does), a secret reference cut at \`#\`, and an unquoted YAML scalar the YAML versions in play read differently. A warning; an error when the value is a secret, a URL or a port.`,
      why: `\`JWT_SECRET=abc#def\` is \`abc\` to npm dotenv and \`abc#def\` to python-dotenv and docker compose: a Node service and a Python service then sign and verify with different secrets from the same file.`,
      failing: {
        'concord.yaml': `version: 1
services:
  api:
    root: api
    env: [.env]
    dialect: node
    settings: { token: [API_TOKEN] }
  worker:
    root: worker
    env: [.env]
    dialect: python
    settings: { token: [API_TOKEN] }
rules:
  - rule: reader-disagreement
`,
        'api/.env': 'API_TOKEN=Kq8Lz3Xw9Rt2#Vn5Bm7Yc4\n',
        'worker/.env': 'API_TOKEN=Kq8Lz3Xw9Rt2#Vn5Bm7Yc4\n',
      },
      passing: {
        'api/.env': 'API_TOKEN="Kq8Lz3Xw9Rt2#Vn5Bm7Yc4"\n',
        'worker/.env': 'API_TOKEN="Kq8Lz3Xw9Rt2#Vn5Bm7Yc4"\n',
      },
      fix: `Quote the value as the finding says (double quotes make npm dotenv, python-dotenv, godotenv, Ruby dotenv, bash and compose agree), write out what a \`\${…}\` should expand to, and never put a command substitution in a dotenv file.`,
    },
  },
  check(ctx) {
    const scope = ctx.options.services;
    for (const d of ctx.model.readerDisagreements ?? []) {
      const services = [...new Set(d.views.flatMap((v) => v.services))];
      if (scope && !services.some((s) => scope.includes(s))) continue;
      ctx.cover(d.key);
      // Secret by its name (read widely, as masking does), by a setting declared secret whose chain
      // reads it, or by coming from a secret store: then every reader's reading is a fingerprint.
      const secret = ctx.isSecretName(d.key) || mayHoldSecret(d.key) || services.some((s) => readsAsSecret(ctx.model.services.get(s), d.key));
      const observations = d.views.flatMap((v) => observationsOf(ctx, d, v, secret, services));
      const serious =
        secret ||
        d.kind === 'ref-cut' ||
        d.views.some((v) => v.reading.kind === 'value' && (/^[a-z][a-z0-9+.-]*:\/\//i.test(v.reading.value) || /^\d{1,5}$/.test(v.reading.value))) ||
        /port/i.test(d.key);
      // A reader that keeps `${…}` literal while another expands it: say which, as the masked
      // values may hide the difference.
      const literal =
        d.kind === 'differ' ? d.views.filter((v) => v.reading.kind === 'value' && /\$\{[A-Za-z_]/.test(v.reading.value)).map((v) => v.dialect) : [];
      const expanded = literal.length > 0 && literal.length < d.views.length;
      ctx.report({
        messageId: expanded ? 'differ-expansion' : d.kind,
        vars: [d.key],
        data: {
          key: d.key,
          file: d.file,
          line: d.line,
          readers: readersText(d.views),
          fix: FIX[d.fix ?? 'none']!,
          ...(expanded ? { literal: [...new Set(literal)].join(', ') } : {}),
        },
        observations,
        severity: serious ? 'error' : 'warning',
      });
    }
    for (const y of ctx.model.yamlDisagreements ?? []) {
      if (scope && !scope.includes(y.service)) continue;
      ctx.cover(y.setting);
      const secret = ctx.model.services.get(y.service)?.settings.get(y.setting)?.secret ?? false;
      const readers = y.readings
        .map((r) => `${YAML_READER_NAMES[r.reader]}${r.assumed ? ' [assumed: no evidence]' : ''}: ${TYPE_NAMES[r.meaning.type]}`)
        .join('; ');
      const observations: Observation[] = y.readings.map((r) => {
        const fp = ctx.fingerprint(r.meaning.value);
        return {
          service: y.service,
          secret,
          via: r.reader,
          value: r.meaning.value,
          digest: fp.digest,
          fingerprint: fp.fingerprint,
          note: `${r.reader}: ${TYPE_NAMES[r.meaning.type]}`,
          source: { kind: 'config', file: y.file, ...(y.line ? { line: y.line } : {}) },
        };
      });
      ctx.report({
        messageId: 'yaml-scalar',
        setting: y.setting,
        data: { setting: y.setting, file: y.file, line: y.line ?? '', readers },
        observations,
        severity: 'warning',
      });
    }
  },
});

const TYPE_NAMES: Record<string, string> = {
  str: 'a string',
  bool: 'a boolean',
  null: 'null',
  date: 'a date',
  int: 'an integer',
  float: 'a float',
  number: 'a number',
};

function readersText(views: ReaderView[]): string {
  return views
    .map(
      (v) =>
        `${v.dialect}${v.services.length ? ` (${v.services.join(', ')})` : ' (what other services of the platform use)'}${v.assumed ? ' [assumed: no evidence]' : ''}`,
    )
    .join(' and ');
}

function observationsOf(ctx: RuleContext<unknown>, d: ReaderDisagreement, v: ReaderView, secret: boolean, all: string[]): Observation[] {
  const r = v.reading;
  // A reader only assumed plausible reads on behalf of the services whose reader was assumed.
  const services = v.services.length ? v.services : all.slice(0, 1);
  return services.map((service) => {
    const at = v.places?.find((p) => p.service === service) ?? d;
    const base: Observation = { service, secret, via: v.dialect, source: { kind: 'dotenv', file: at.file, line: at.line, dialect: v.dialect } };
    if (r.kind === 'unset') return { ...base, note: `${v.dialect}: not set` };
    if (r.kind === 'refused') return { ...base, note: `${v.dialect}: refuses the file` };
    if (r.kind === 'unknown') return { ...base, note: `${v.dialect}: ${r.why === 'pid' ? 'its process id' : 'runs a command'}, value unknown` };
    const fp = ctx.fingerprint(r.value);
    return {
      ...base,
      value: r.value,
      digest: fp.digest,
      fingerprint: fp.fingerprint,
      note: `${v.dialect} reads ${r.value.length} characters${v.services.length ? '' : ' (if it read this file)'}`,
    };
  });
}

/** A service treats the variable as a secret: a secret setting's chain reads it, or a secret store supplies it. */
function readsAsSecret(svc: ServiceModel | undefined, key: string): boolean {
  if (!svc) return false;
  if (svc.vars.get(key)?.some((e) => e.fromSecretStore)) return true;
  return [...svc.settings.values()].some((r) => r.secret && (r.setting === key || r.chain.some((l) => l.kind === 'var' && l.name === key)));
}
