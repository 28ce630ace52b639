import { findingIdentity } from '../present/index.js';
import { displayPath, primaryRow, rowSummary } from './locate.js';
import type { FormatOptions } from './index.js';
import type { Report } from './types.js';

/**
 * SARIF 2.1.0 for code scanning: one result per finding, located where the diverging value is
 * defined, with the other services' definitions as related locations.
 */
export function formatSarif(report: Report, options: FormatOptions): string {
  const ruleIds = [...new Set([...report.findings.map((f) => f.ruleId), ...report.checks.map((c) => c.ruleId)])].sort();
  const rules = ruleIds.map((id) => {
    const help = options.ruleHelp?.(id, options.version ?? '0.0.0');
    return {
      id,
      name: id.replace(/(^|-)(\w)/g, (_m, _d, c: string) => c.toUpperCase()),
      shortDescription: { text: options.rules?.[id]?.description ?? id },
      ...(help
        ? { fullDescription: { text: help.fullDescription }, helpUri: help.helpUri, help: { text: help.fullDescription, markdown: help.markdown } }
        : {}),
      defaultConfiguration: { level: options.rules?.[id]?.severity === 'warning' ? 'warning' : 'error' },
    };
  });
  const location = (file: string, line: number | undefined, text?: string) => ({
    physicalLocation: {
      artifactLocation: { uri: encodeUriPath(displayPath(file, options.pathPrefix)), uriBaseId: '%SRCROOT%' },
      ...(line ? { region: { startLine: line } } : {}),
    },
    ...(text ? { message: { text } } : {}),
  });
  const results = report.findings.map((f) => {
    const primary = primaryRow(f);
    const others = f.services.filter((s) => s !== primary && s.source.file);
    return {
      ruleId: f.ruleId,
      ruleIndex: ruleIds.indexOf(f.ruleId),
      level: f.severity,
      message: { text: `${f.message}${f.services.length ? `\n${f.services.map((s) => `- ${rowSummary(s, options.pathPrefix)}`).join('\n')}` : ''}` },
      locations: primary ? [location(primary.source.file!, primary.source.line)] : [location(report.manifest, undefined)],
      ...(others.length
        ? { relatedLocations: others.map((s, i) => ({ id: i + 1, ...location(s.source.file!, s.source.line, rowSummary(s, options.pathPrefix)) })) }
        : {}),
      ...(f.accepted ? { suppressions: [{ kind: 'external', status: 'accepted', justification: f.accepted.reason }] } : {}),
      partialFingerprints: { 'concord/v1': sarifIdentity(f) },
      properties: { environment: f.environment, ...(f.setting ? { setting: f.setting } : {}) },
    };
  });
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'concord', version: options.version ?? '0.0.0', rules } },
        automationDetails: { id: `concord/${report.environment}/` },
        results,
        properties: { environment: report.environment, status: report.status, fingerprintKey: report.fingerprintKey },
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A relative path as a URI reference (RFC 3986): each segment percent-encoded, `/` kept. */
function encodeUriPath(p: string): string {
  return p
    .split('/')
    .map((seg) => encodeURIComponent(seg))
    .join('/');
}

/** The finding's identity as SARIF's `concord/v1` partial fingerprint (its own spelling: `a+b` for variables). */
function sarifIdentity(f: Report['findings'][number]): string {
  const [ruleId, environment, subject, messageId, services] = findingIdentity(f, '+');
  return [ruleId, environment, subject, messageId, services.join(',')].join('|');
}
