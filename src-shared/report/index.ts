import { renderCsv } from './csv';
import { renderHtml } from './html/render';
import { renderJson } from './json';
import type { ReportDocument } from './schema';

export { reportFromScan, reportFromSession, type ReportOptions } from './build';
export { parseReport, parseJsonText, renderJson } from './json';
export { renderCsv } from './csv';
export { renderHtml, REPORT_CSP } from './html/render';
export { redactReport, Redactor } from './redact';
export { REPORT_KIND, REPORT_SCHEMA_VERSION, ReportDocument } from './schema';

/** Text formats the report layer renders itself; PDF is the HTML printed by the engine. */
export type TextReportFormat = 'html' | 'json' | 'csv';

/** The report in one of the text formats. */
export function renderReportText(report: ReportDocument, format: TextReportFormat): string {
  switch (format) {
    case 'html':
      return renderHtml(report);
    case 'json':
      return renderJson(report);
    case 'csv':
      return renderCsv(report);
  }
}
