import type { Report } from './types.js';

/** The machine contract: the report as it is, already masked. */
export function formatJson(report: Report): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}
