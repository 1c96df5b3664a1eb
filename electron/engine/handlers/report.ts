import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import { parseJsonText, parseReport } from '../../../src-shared/report/json';
import type { EngineContext } from '../context';
import type { EngineHandlers } from '../dispatch';
import { sessionReport, saveReport } from '../report/export';
import { readInputFile } from '../report/files';

type ReportHandlers = Pick<EngineHandlers, 'exportReport' | 'openReport'>;

/** The folder exports go to unless the admin picks another: <data folder>/exports. */
export function exportsDirectory(ctx: EngineContext): string {
  return path.join(ctx.options.dataDirectory, 'exports');
}

/**
 * exportReport: the current session as HTML, JSON, CSV or PDF in the exports
 * folder (or the folder given), recorded in the audit trail.
 * openReport: a saved JSON report, validated, for the read-only review view.
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
      if (!path.isAbsolute(file)) throw new AppError('invalid-input', `"${file}" is not a full file path.`);
      const text = await readInputFile(file);
      return { report: parseReport(parseJsonText(text, path.basename(file)), path.basename(file)) };
    },
  };
}
