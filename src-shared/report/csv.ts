import type { ReportDocument, ReportServer } from './schema';
import { nextActionOf, verdictLabel } from './labels';

/*
 * The CSV report: one row per server, RFC 4180 (CRLF line ends, fields with
 * a comma, quote or line break quoted, quotes doubled), with a UTF-8 byte
 * order mark so Excel reads non-ASCII names correctly.
 *
 * Cells that a spreadsheet would run as a formula (starting with =, +, -, @,
 * tab or carriage return) get a leading apostrophe: a crafted value in a
 * server's data must never become a formula on the auditor's machine.
 */

const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, guarded against formula injection and quoted when needed. */
export function csvCell(value: string | number | boolean | null): string {
  let text = value === null ? '' : String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Rows joined with CRLF, the last row ended too (RFC 4180 allows both; Excel prefers it). */
export function csvRows(rows: ReadonlyArray<ReadonlyArray<string | number | boolean | null>>): string {
  return rows.map(row => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

type Column = readonly [header: string, value: (s: ReportServer) => string | number | boolean | null];

const COLUMNS: readonly Column[] = [
  ['server', s => s.name],
  ['fqdn', s => s.fqdn],
  ['reachable', s => (s.reachable ? 'yes' : 'no')],
  ['severity', s => s.severity],
  ['product', s => s.product],
  ['cu', s => s.cu],
  ['update', s => s.update],
  ['build', s => s.build],
  ['build released', s => s.buildAge?.releaseDate ?? null],
  ['newest public build', s => s.buildAge?.newestPublicBuild ?? null],
  ['days behind newest', s => s.buildAge?.daysBehindNewest ?? null],
  ['support state', s => s.classification?.supportState ?? null],
  ['eems verdict', s => (s.eems ? verdictLabel(s.eems.verdict) : null)],
  ['certificate cut-off', s => s.eems?.cutoff ?? null],
  ['eems explanation', s => s.eems?.explanation ?? null],
  ['critical findings', s => s.findings.filter(f => f.severity === 'critical').length],
  ['warnings', s => s.findings.filter(f => f.severity === 'warning').length],
  [
    'findings',
    s =>
      s.findings
        .filter(f => f.severity === 'critical' || f.severity === 'warning')
        .map(f => f.title)
        .join('; '),
  ],
  ['target', s => (s.plan?.target ? `${s.plan.target.product} ${s.plan.target.cu}${s.plan.target.update ? ` ${s.plan.target.update}` : ''} (${s.plan.target.build})` : null)],
  ['plan fixes eems', s => (s.plan ? (s.plan.fixesEems ? 'yes' : 'no') : null)],
  ['next action', s => nextActionOf(s)],
  ['action items', s => s.actionItems.map(a => `${a.order}. ${a.title} [${a.status}]`).join(' | ')],
  ['error', s => (s.error ? `${s.error.message}${s.error.fix ? ` Fix: ${s.error.fix}` : ''}` : null)],
];

/** The report as CSV: a header row, then one row per server, worst first. */
export function renderCsv(report: ReportDocument): string {
  const header = COLUMNS.map(([name]) => name);
  const rows = report.servers.map(server => COLUMNS.map(([, value]) => value(server)));
  return `\uFEFF${csvRows([header, ...rows])}`;
}
