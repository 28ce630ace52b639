import { formatJson } from './json.js';
import { formatPretty } from './pretty.js';
import type { Report } from './types.js';

export const FORMATS = ['pretty', 'json'] as const;
export type Format = (typeof FORMATS)[number];

export interface FormatOptions {
  color: boolean;
  quiet?: boolean;
}

/** Every formatter is `(report, options) → string` and only ever sees a masked report. */
export function format(report: Report, fmt: Format, options: FormatOptions): string {
  switch (fmt) {
    case 'json':
      return formatJson(report);
    case 'pretty':
      return formatPretty(report, options);
  }
}

export type { Report, Finding, FindingService, Summary } from './types.js';
