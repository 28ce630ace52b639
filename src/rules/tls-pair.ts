import type { X509Certificate } from 'node:crypto';
import { readKeyMaterial, type KeyMaterial } from '../auth/material.js';
import type { ResolvedSetting } from '../model.js';
import { defineRule, type MessageIdOf } from './define.js';
import { observe, servicesInScope, type Observation } from './types.js';

/**
 * A certificate and its key, configured together: both present, the key is the certificate's,
 * the certificate is within its validity, and (with a CA) it was issued by that CA.
 */
export default defineRule({
  meta: {
    id: 'tls-pair',
    description: 'A certificate and its private key are configured together, match, are within validity and chain to the given CA.',
    severity: 'error',
    options: {
      description: 'Options of the tls-pair rule: a certificate and its key are configured together, match, are valid and chain to the CA.',
      required: ['cert', 'key'],
      properties: {
        cert: { type: 'string', minLength: 1, description: 'Setting holding the certificate (PEM inline, a file path, or a secret reference).' },
        key: { type: 'string', minLength: 1, description: 'Setting holding the private key.' },
        ca: { type: 'string', minLength: 1, description: 'Setting holding the CA certificate the certificate must chain to.' },
        warnDays: { type: 'integer', minimum: 0, default: 14, description: 'Warn this many days before the certificate expires.' },
      },
    },
    names: { cert: 'setting', key: 'setting', ca: 'setting' },
    judgesTogether: true,
    messages: {
      partial:
        '{{service}} has its {{present}} ({{presentSetting}}) but not its {{missing}} ({{missingSetting}}): a half-configured mTLS client falls back to plaintext',
      unreadable: "{{service}}'s {{what}} ({{setting}}) cannot be read: {{reason}}",
      mismatch: "{{service}}'s private key ({{key}}) is not the key of its certificate ({{cert}}, {{subject}})",
      expired: "{{service}}'s certificate ({{subject}}) expired on {{notAfter}}",
      notYetValid: "{{service}}'s certificate ({{subject}}) is not valid before {{notBefore}}",
      expiresSoon: "{{service}}'s certificate ({{subject}}) expires on {{notAfter}}, in {{days}} days",
      untrusted: "{{service}}'s certificate ({{subject}}) was not issued by its CA ({{ca}}, {{caSubject}})",
    },
    docs: {
      what: `A certificate (\`cert\`) and its private key (\`key\`) are configured together in each service, belong to each other, are within their validity period (warned \`warnDays\` before expiry) and chain to the CA (\`ca\`) when one is given.`,
      why: `A certificate renewed without its key, or signed by another CA than the clients trust, brings down every TLS connection at once, usually at night when the old certificate expires.`,
      failing: {
        'concord.yaml': `version: 1
services:
  billing:
    env: [billing/.env]
    settings: { tls_cert: [TLS_CERT_FILE], tls_key: [TLS_KEY_FILE] }
rules:
  - rule: tls-pair
    cert: tls_cert
    key: tls_key
`,
        'billing/.env': 'TLS_CERT_FILE=tls/client.crt\n',
      },
      passing: {
        'billing/.env': `# the certificate and the key of one issuance (openssl x509 -pubkey and openssl pkey -pubout agree)
TLS_CERT_FILE=tls/client.crt
TLS_KEY_FILE=tls/client.key
`,
      },
      needs: 'the certificate and key files of tls/ (real PEM files, left out here)',
      fix: `Deploy the certificate and key from the same issuance (check with \`openssl x509 -noout -pubkey\` against \`openssl pkey -pubout\`), renew before expiry, and issue from the CA the clients trust.`,
    },
  },
  async check(ctx) {
    const o = ctx.options;
    const { warnDays } = o;
    ctx.cover(`${o.cert} + ${o.key}`);
    for (const svc of servicesInScope(ctx)) {
      const cert = svc.settings.get(o.cert);
      const key = svc.settings.get(o.key);
      const has = (r: ResolvedSetting | undefined) => r !== undefined && r.linkIndex !== null && r.value !== '';
      if (!cert && !key) continue;
      const base = { service: svc.name, setting: o.cert };
      if (has(cert) !== has(key)) {
        const [present, missing] = has(cert) ? (['certificate', 'private key'] as const) : (['private key', 'certificate'] as const);
        const p = has(cert) ? cert! : key!;
        ctx.report({
          messageId: 'partial',
          setting: o.cert,
          subject: `${o.cert} + ${o.key}`,
          data: { ...base, present, missing, presentSetting: has(cert) ? o.cert : o.key, missingSetting: has(cert) ? o.key : o.cert },
          observations: [
            observe(p, { secret: true, value: undefined, fingerprint: undefined, digest: undefined, note: present }),
            { service: svc.name, secret: false, via: has(cert) ? o.key : o.cert, note: 'not set' },
          ],
        });
        continue;
      }
      if (!has(cert) || !has(key)) continue;
      const report = (messageId: MessageIdOf<typeof ctx>, data: Record<string, string | number>, observations: Observation[], severity?: 'warning') =>
        ctx.report({
          messageId,
          setting: o.cert,
          subject: `${o.cert} + ${o.key}`,
          data: { ...base, ...data },
          observations,
          ...(severity ? { severity } : {}),
        });

      const c = await readKeyMaterial(cert!.value!, svc.name, ctx.io);
      const k = await readKeyMaterial(key!.value!, svc.name, ctx.io);
      const certRow = (extra = {}) =>
        observe(cert!, {
          secret: false,
          value: c !== 'offline-url' && c.kind === 'certificate' ? `x509:${c.cert.fingerprint256.replace(/:/g, '').slice(0, 16).toLowerCase()}` : undefined,
          note: where(c),
          ...extra,
        });
      const keyRow = () => observe(key!, { secret: true, value: undefined, note: where(k) });
      if (c === 'offline-url' || c.kind !== 'certificate') {
        report(
          'unreadable',
          {
            what: 'certificate',
            setting: o.cert,
            reason: c === 'offline-url' ? 'a URL is not a certificate' : c.kind === 'unreadable' ? c.reason : 'it is not a PEM certificate',
          },
          [certRow()],
        );
        continue;
      }
      if (k === 'offline-url' || k.kind !== 'private') {
        report(
          'unreadable',
          {
            what: 'private key',
            setting: o.key,
            reason: k === 'offline-url' ? 'a URL is not a key' : k.kind === 'unreadable' ? k.reason : 'it is not a PEM private key',
          },
          [keyRow()],
        );
        continue;
      }
      const subject = c.cert.subject.replace(/\n/g, ', ');
      if (!c.cert.checkPrivateKey(k.key)) report('mismatch', { cert: o.cert, key: o.key, subject }, [certRow(), keyRow()]);

      const now = ctx.io.now.getTime();
      const notBefore = new Date(c.cert.validFrom);
      const notAfter = new Date(c.cert.validTo);
      const day = (d: Date) => d.toISOString().slice(0, 10);
      if (now > notAfter.getTime()) report('expired', { subject, notAfter: day(notAfter) }, [certRow()]);
      else if (now < notBefore.getTime()) report('notYetValid', { subject, notBefore: day(notBefore) }, [certRow()]);
      else {
        const days = Math.floor((notAfter.getTime() - now) / 86_400_000);
        if (days < warnDays) report('expiresSoon', { subject, notAfter: day(notAfter), days }, [certRow()], 'warning');
      }

      if (o.ca) {
        const caR = svc.settings.get(o.ca);
        if (!has(caR)) continue;
        const ca = await readKeyMaterial(caR!.value!, svc.name, ctx.io);
        if (ca === 'offline-url' || ca.kind !== 'certificate') {
          report(
            'unreadable',
            {
              what: 'CA certificate',
              setting: o.ca,
              reason: ca === 'offline-url' ? 'a URL is not a certificate' : ca.kind === 'unreadable' ? ca.reason : 'it is not a PEM certificate',
            },
            [observe(caR!, { secret: false, value: undefined })],
          );
          continue;
        }
        if (!issuedBy(c.cert, ca.cert)) {
          report('untrusted', { subject, ca: o.ca, caSubject: ca.cert.subject.replace(/\n/g, ', ') }, [
            certRow(),
            observe(caR!, { secret: false, value: undefined, note: where(ca) }),
          ]);
        }
      }
    }
  },
});

function issuedBy(cert: X509Certificate, ca: X509Certificate): boolean {
  try {
    return cert.checkIssued(ca) && cert.verify(ca.publicKey);
  } catch {
    return false;
  }
}

function where(m: KeyMaterial | 'offline-url'): string {
  if (m === 'offline-url') return 'a URL';
  return m.from === 'inline' ? `inline ${m.kind}` : `${m.kind} in ${m.from}`;
}
