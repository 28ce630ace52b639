import type { AuditEnvironment, AuditReport } from '../audit-types.js';
import { statusWord } from '../../present/index.js';
import type { Finding } from '../types.js';
import { esc, fileLink, plural, slug, type PageContext } from './common.js';
import { findingsTable } from './findings.js';
import { graphSection } from './graph.js';
import { matrixTable } from './matrix.js';
import { CSS } from './style.js';
import { SCRIPT } from './script.js';
import { summarySection } from './summary.js';

export type AuditHtmlOptions = PageContext;

/**
 * The audit as one self-contained HTML page (no network, no external assets): a summary per
 * rule, severity and environment; per environment (tabs) the service graph, a services ×
 * settings matrix in which every finding has a cell, and the findings with file:line; the
 * secrets reused across environments; a legend. Only ever given a masked audit.
 */
export function formatAuditHtml(a: AuditReport, options: AuditHtmlOptions = {}): string {
  const ctx: PageContext = options;
  const ids = new Map<Finding, string>();
  a.environments.forEach((e) => e.report.findings.forEach((f, i) => ids.set(f, `f-${slug(e.environment)}-${i + 1}`)));
  const status = statusWord(a.status);
  const all = a.environments.flatMap((e) => e.report.findings);
  const rules = [...new Set(all.map((f) => f.ruleId))].sort();
  const services = [...new Set(a.environments.flatMap((e) => e.matrix.services))];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>concord audit · ${esc(a.manifest)}</title>
<style>${CSS}</style>
</head>
<body>
<header>
  <h1>concord audit <span class="status ${a.status}">${status}</span></h1>
  <p class="totals">${plural(a.summary.errors, 'error')} · ${plural(a.summary.warnings, 'warning')} · ${plural(a.summary.environments, 'environment')} · ${plural(a.summary.services, 'service')} · ${plural(a.summary.settings, 'setting')}</p>
  <p class="muted">${fileLink(ctx, a.manifest, undefined)} · secrets are shown as keyed fingerprints (HMAC-SHA256, ${a.fingerprintKey === 'env' ? 'keyed by CONCORD_FINGERPRINT_KEY' : 'a random key for this page'}), never as values.</p>
</header>
<main>
${summarySection(a)}
<nav class="tabs" role="tablist" aria-label="environments">${a.environments.map((e) => `<button type="button" role="tab" data-environment="${esc(e.environment)}" aria-controls="env-${slug(e.environment)}">${esc(e.environment)}<span class="n">${e.report.summary.errors} ✖ ${e.report.summary.warnings} ⚠</span></button>`).join('')}</nav>
<div class="filters no-print" role="search">
  <label>rule <select id="f-rule"><option value="">all</option>${rules.map((r) => `<option>${esc(r)}</option>`).join('')}</select></label>
  <label>severity <select id="f-severity"><option value="">all</option><option>error</option><option>warning</option><option>accepted</option></select></label>
  <label>service <select id="f-service"><option value="">all</option>${services.map((s) => `<option>${esc(s)}</option>`).join('')}</select></label>
  <label>setting <input type="search" id="f-setting" placeholder="name contains…"></label>
  <label><input type="checkbox" id="only-flagged"> only rows with findings</label>
  <span><b id="shown-count">${all.length}</b> <span id="shown-word">findings</span> shown</span>
</div>
${a.environments.map((e) => environmentSection(e, ids, ctx)).join('\n')}
${reuseSection(a, ctx)}
${LEGEND}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function environmentSection(e: AuditEnvironment, ids: Map<Finding, string>, ctx: PageContext): string {
  const r = e.report;
  return `<section class="environment" id="env-${slug(e.environment)}" data-environment="${esc(e.environment)}" role="tabpanel">
  <h2>${esc(e.environment)} <span class="status ${r.status}">${plural(r.summary.errors, 'error')} · ${plural(r.summary.warnings, 'warning')}</span></h2>
  <h3>Service graph</h3>
  ${graphSection(e, ids, ctx)}
  <h3>Findings</h3>
  ${findingsTable(e, ids, ctx)}
  <h3>Settings × services</h3>
  ${matrixTable(e, ids, ctx)}
</section>`;
}

function reuseSection(a: AuditReport, ctx: PageContext): string {
  if (a.reuse.length === 0)
    return '<section class="reuse"><h2>Secrets reused across environments</h2><p class="ok">None: every secret differs between environments.</p></section>';
  const rows = a.reuse
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r.setting)}</th><td><code>${esc(r.fingerprint)}</code></td><td>${r.uses.map((u) => `${esc(u.environment)}: ${esc(u.service)} ${fileLink(ctx, u.source?.file, u.source?.line)}`).join('<br>')}</td></tr>`,
    )
    .join('\n');
  return `<section class="reuse"><h2>Secrets reused across environments</h2><table><thead><tr><th scope="col">setting</th><th scope="col">fingerprint</th><th scope="col">used in</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

const LEGEND = `<section class="legend-section"><h2>Legend</h2><table class="legend"><tbody>
<tr><td><span class="swatch" style="background:var(--calm)">value</span></td><td>the value most services of the row hold (a secret's fingerprint, <code>hmac:…</code>)</td></tr>
<tr><td><span class="swatch odd-swatch" style="outline:2px solid hsl(8 70% 55%);background:hsl(8 85% 92%);color:hsl(8 70% 28%)">≠ value</span></td><td>an odd one out: a value other than the largest group's; each other value has its own colour</td></tr>
<tr><td><span class="swatch" style="color:var(--bad-ink)">unset</span></td><td>the setting resolves to nothing in that service · <code>·</code> the service does not define it</td></tr>
<tr><td><span class="mark error">✖ rule</span><span class="mark warning">⚠ rule</span><span class="mark accepted">✔ rule</span></td><td>a finding about that cell: error, warning, accepted (click it for the finding); italic rows are what a finding judged besides settings (ports, variables, code)</td></tr>
<tr><td><span class="dot"></span>green edge</td><td>a service calls another (a URL, host:port or connection string names it) and no finding is about that setting</td></tr>
<tr><td><span class="dot bad"></span>red edge</td><td>a finding is about that connection: the port, the credentials or the value disagree (hover or click it)</td></tr>
</tbody></table></section>`;
