import { accountsFor, type Account } from '../graph/accounts.js';
import { callsOf } from '../graph/calls.js';
import { clientCredential, type ClientCredential } from '../graph/credentials.js';
import { defineRule } from './define.js';
import type { Observation } from './types.js';

/**
 * A client's credential for a server it calls — the password in its `DATABASE_URL`, or its
 * `DB_PASSWORD` next to a `DB_HOST` — is one the server's own environment creates
 * (`POSTGRES_PASSWORD`, `MYSQL_ROOT_PASSWORD`, `REDIS_PASSWORD`…), compared by fingerprint.
 */
export default defineRule({
  meta: {
    id: 'credential-match',
    description:
      "Along each edge of the service graph, the password a client presents (in its URL or its *_PASSWORD next to *_HOST) is one the server's environment creates (POSTGRES_PASSWORD, MYSQL_ROOT_PASSWORD, REDIS_PASSWORD…), compared by fingerprint.",
    severity: 'error',
    options: {
      description: 'Options of the credential-match rule: the password a client presents along an edge is one its server creates.',
      properties: {},
    },
    findsTargetsByHost: true,
    messages: {
      differs: '{{target}} does not accept the password {{clients}} present ({{setting}}): it sets another one in {{accounts}}',
    },
    docs: {
      what: `Along each edge of the service graph (a URL, a connection string or a \`*_HOST\` + \`*_PORT\` pair naming another service), the password the client presents is one the server creates from its own environment, as the official images read it: \`POSTGRES_PASSWORD\` for \`POSTGRES_USER\` (default \`postgres\`), \`MYSQL_PASSWORD\` for \`MYSQL_USER\` and \`MYSQL_ROOT_PASSWORD\` for \`root\`, the MariaDB, MongoDB and RabbitMQ equivalents, and Redis's \`REDIS_PASSWORD\`. The client's password is the one inside its address, or the setting named like the address (\`DB_HOST\` → \`DB_PASSWORD\`, \`PGHOST\` → \`PGPASSWORD\`). Values are compared by keyed fingerprint. A client that logs in as a user the server's environment does not create (one made by an init script) is not judged; a password held under the same name on both sides is \`consistent\`'s to compare.`,
      why: `The application's \`DATABASE_URL\` and the database's \`POSTGRES_PASSWORD\` are written in two places, often by two people; when one is rotated alone, every deploy passes its checks and the application fails to log in at start-up.`,
      failing: {
        'compose.yaml': `services:
  api:
    image: example/api
    environment:
      DATABASE_URL: postgres://app:rotated-in-march-2026@db:5432/app
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: the-password-from-before-the-rotation
`,
      },
      passing: {
        'compose.yaml': `services:
  api:
    image: example/api
    environment:
      DATABASE_URL: postgres://app:the-password-from-before-the-rotation@db:5432/app
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: app
      POSTGRES_PASSWORD: the-password-from-before-the-rotation
`,
      },
      fix: `Change the side that is stale: the client's password (the file and line shown first) or the server's variable. Better, have both read one secret: a compose \`secrets:\` entry, one Kubernetes Secret, or one secret manager reference.`,
    },
  },
  check(ctx) {
    const services = ctx.options.services;
    const calls = callsOf(ctx.model);
    const seen = new Set<string>();
    const misses = new Map<
      string,
      { target: string; settings: string[]; clients: Observation[]; held: { a: Account; digest: string; fingerprint: string }[] }
    >();
    for (const call of calls) {
      const target = call.host?.service;
      if (!target || target === call.client || (services && !services.includes(call.client.name) && !services.includes(target.name))) continue;
      const accounts = accountsFor(call, calls);
      if (accounts.length === 0) continue;
      const cred = clientCredential(call);
      if (!cred) continue;
      // The same name on both sides is consistent's comparison; each credential is judged once.
      if (accounts.some((a) => a.variable === cred.setting)) continue;
      const key = `${call.client.name}\u0000${cred.setting}\u0000${target.name}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const candidates = cred.user === undefined ? accounts : accounts.filter((a) => a.user === undefined || a.user === cred.user);
      // A user the server's environment does not create was made elsewhere: nothing to compare.
      if (candidates.length === 0) continue;
      const presented = ctx.fingerprint(cred.password);
      const held = candidates.map((a) => ({ a, ...ctx.fingerprint(a.password) }));
      ctx.cover(`${call.client.name} → ${target.name} credentials`);
      if (held.some((h) => h.digest === presented.digest)) continue;
      // Every client presenting the same stale password to the same server is one finding.
      const group = `${target.name}\u0000${presented.digest}`;
      const found = misses.get(group);
      if (found) {
        found.clients.push(clientObservation(call.client.name, cred, presented));
        if (!found.settings.includes(cred.setting)) found.settings.push(cred.setting);
      } else misses.set(group, { target: target.name, settings: [cred.setting], clients: [clientObservation(call.client.name, cred, presented)], held });
    }
    for (const m of misses.values()) {
      ctx.report({
        messageId: 'differs',
        setting: m.settings[0]!,
        subject: `${m.target} credentials`,
        data: {
          clients: m.clients.map((c) => c.service).join(', '),
          target: m.target,
          setting: m.settings.join(', '),
          accounts: [...new Set(m.held.map((h) => h.a.variable))].join(', '),
        },
        observations: [...m.clients, ...m.held.map((h) => accountObservation(m.target, h.a, h))],
      });
    }
  },
});

function clientObservation(service: string, cred: ClientCredential, fp: { digest: string; fingerprint: string }): Observation {
  return { service, secret: true, ...fp, via: cred.setting, ...(cred.source ? { source: cred.source } : {}), note: 'the password it presents' };
}

function accountObservation(service: string, a: Account, fp: { digest: string; fingerprint: string }): Observation {
  return { service, secret: true, digest: fp.digest, fingerprint: fp.fingerprint, via: a.variable, source: a.source, note: 'the password it sets' };
}
