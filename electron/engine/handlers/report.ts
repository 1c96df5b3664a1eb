import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import { compareReports } from '../../../src-shared/report/compare';
import { parseJsonText, parseReport } from '../../../src-shared/report/json';
import type { ReportDocument } from '../../../src-shared/report/schema';
import type { EngineContext } from '../context';
import type { EngineHandlers } from '../dispatch';
import { sessionReport, saveReport } from '../report/export';
import { readInputFile } from '../report/files';

type ReportHandlers = Pick<EngineHandlers, 'exportReport' | 'openReport' | 'compareReports'>;

/** A saved report from a full path the admin gave, or from the text of a file the admin picked. */
async function savedReport(source: { path: string } | { text: string; name: string }): Promise<ReportDocument> {
  if ('text' in source) return parseReport(parseJsonText(source.text, source.name), source.name);
  if (!path.isAbsolute(source.path)) throw new AppError('invalid-input', `"${source.path}" is not a full file path.`);
  const text = await readInputFile(source.path);
  return parseReport(parseJsonText(text, path.basename(source.path)), path.basename(source.path));
}

/** The folder exports go to unless the admin picks another: <data folder>/exports. */
export function exportsDirectory(ctx: EngineContext): string {
  return path.join(ctx.options.dataDirectory, 'exports');
}

/**
 * exportReport: the current session as HTML, JSON, CSV or PDF in the exports
 * folder (or the folder given), recorded in the audit trail.
 * openReport: a saved JSON report, validated, for the read-only review view.
 * compareReports: two saved JSON reports, validated, compared server by server.
 */
export function createReportHandlers(ctx: EngineContext): ReportHandlers {
  return {
    async exportReport({ format, redact, directory }) {
      const session = await ctx.sessions.load();
      const report = await sessionReport(session, { version: ctx.options.version, redact, catalogs: ctx.catalogs });
      const saved = await saveReport(report, format, directory ?? exportsDirectory(ctx), ctx.options.ports);
      await ctx.sessions.appendAudit('report', `Exported the ${redact ? 'redacted ' : ''}${format.toUpperCase()} report ${saved.fileName}.`, 'ok');
      return saved;
    },
    async openReport({ path: file }) {
      return { report: await savedReport({ path: file }) };
    },
    async compareReports({ before, after }) {
      return { comparison: compareReports(await savedReport(before), await savedReport(after)) };
    },
  };
}
