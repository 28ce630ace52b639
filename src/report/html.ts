// The audit page lives in ./html/: one module per part of the page.
export { formatAuditHtml, type AuditHtmlOptions } from './html/page.js';
