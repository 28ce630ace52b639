import { subjectOf } from '../present/index.js';
import { displayPath, primaryRow, rowSummary } from './locate.js';
import type { FormatOptions } from './index.js';
import type { Finding, Report } from './types.js';

/** JUnit XML: one test case per rule × subject (setting, variables) × environment. */
export function formatJunit(report: Report, options: FormatOptions): string {
  const cases = new Map<string, { ruleId: string; subject: string; findings: Finding[] }>();
  const key = (ruleId: string, subject: string) => `${ruleId}\u0000${subject}`;
  for (const c of report.checks) cases.set(key(c.ruleId, c.subject), { ruleId: c.ruleId, subject: c.subject, findings: [] });
  for (const f of report.findings) {
    const k = key(f.ruleId, subjectOf(f));
    const entry = cases.get(k) ?? { ruleId: f.ruleId, subject: subjectOf(f), findings: [] };
    entry.findings.push(f);
    cases.set(k, entry);
  }
  const sorted = [...cases.values()].sort((a, b) => a.ruleId.localeCompare(b.ruleId) || a.subject.localeCompare(b.subject));
  const failures = sorted.filter((c) => c.findings.some((f) => f.severity === 'error' && !f.accepted)).length;
  const errors = report.incomplete.length;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="concord" tests="${sorted.length + errors}" failures="${failures}" errors="${errors}">`,
    `  <testsuite name="concord ${esc(report.environment)}" tests="${sorted.length + errors}" failures="${failures}" errors="${errors}" skipped="0">`,
  ];
  for (const c of sorted) {
    const name = `${c.subject || c.ruleId} (${report.environment})`;
    const errorsHere = c.findings.filter((f) => f.severity === 'error' && !f.accepted);
    const warnings = c.findings.filter((f) => f.severity === 'warning' || f.accepted);
    const primary = errorsHere[0] ? primaryRow(errorsHere[0]) : undefined;
    const fileAttr = primary?.source.file
      ? ` file="${esc(displayPath(primary.source.file, options.pathPrefix))}"${primary.source.line ? ` line="${primary.source.line}"` : ''}`
      : '';
    lines.push(`    <testcase classname="concord.${esc(c.ruleId)}" name="${esc(name)}"${fileAttr}>`);
    for (const f of errorsHere) lines.push(`      <failure type="${esc(f.messageId)}" message="${esc(f.message)}">${esc(details(f, options))}</failure>`);
    if (warnings.length) {
      const text = warnings.map((f) => `${f.accepted ? `accepted (${f.accepted.reason})` : 'warning'}: ${f.message}\n${details(f, options)}`).join('\n\n');
      lines.push(`      <system-out>${esc(text)}</system-out>`);
    }
    lines.push('    </testcase>');
  }
  for (const i of report.incomplete) {
    lines.push(
      `    <testcase classname="concord.${esc(i.ruleId ?? 'secrets')}" name="${esc(i.ref ?? i.ruleId ?? 'incomplete')} (${esc(report.environment)})">`,
    );
    lines.push(`      <error type="${esc(i.reason ?? 'incomplete')}" message="${esc(i.message)}"/>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>', '</testsuites>');
  return `${lines.join('\n')}\n`;
}

function details(f: Finding, options: FormatOptions): string {
  return f.services.map((s) => rowSummary(s, options.pathPrefix)).join('\n');
}

function esc(s: string): string {
  // XML 1.0 forbids most control characters even escaped.
  return s
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}
