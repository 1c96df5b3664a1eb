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
      const target = directory === undefined ? exportsDirectory(ctx) : ctx.paths.confine(directory, 'write');
      const session = await ctx.sessions.load();
      const report = await sessionReport(session, { version: ctx.options.version, redact, catalogs: ctx.catalogs });
      const saved = await saveReport(report, format, target, ctx.options.ports);
      await ctx.sessions.appendAudit('report', `Exported the ${redact ? 'redacted ' : ''}${format.toUpperCase()} report ${saved.fileName}.`, 'ok');
      return saved;
    },
    async openReport({ path: given }) {
      const file = ctx.paths.confine(given, 'read');
      try {
        const text = await readInputFile(file);
        return { report: parseReport(parseJsonText(text, path.basename(file)), path.basename(file)) };
      } catch (err) {
        // The parser's own message quotes the file's first bytes: never hand those to the page.
        if (err instanceof AppError) throw new AppError(err.code, err.message, err.fix ? { fix: err.fix } : {});
        throw err;
      }
    },
  };
}
