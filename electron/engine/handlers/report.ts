import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import { compareReports } from '../../../src-shared/report/compare';
import { parseJsonText, parseReport } from '../../../src-shared/report/json';
import type { ReportDocument } from '../../../src-shared/report/schema';
import type { EngineContext } from '../context';
import type { EngineHandlers } from '../dispatch';
import { makeReport, saveReport } from '../report/export';
import { readInputFile } from '../report/files';

type ReportHandlers = Pick<EngineHandlers, 'exportReport' | 'openReport' | 'compareReports' | 'revealReport'>;

/**
 * A saved JSON report, from a file the admin chose (confined like every renderer path) or from
 * the text of a file picked in the browser. Errors never carry the parser's detail: it quotes
 * the file's first bytes, which must not reach the page.
 */
async function savedReport(ctx: EngineContext, source: { path: string } | { text: string; name: string }): Promise<ReportDocument> {
  try {
    if ('text' in source) return parseReport(parseJsonText(source.text, source.name), source.name);
    const file = ctx.paths.confine(source.path, 'read');
    const text = await readInputFile(file);
    return parseReport(parseJsonText(text, path.basename(file)), path.basename(file));
  } catch (err) {
    if (err instanceof AppError) throw new AppError(err.code, err.message, err.fix ? { fix: err.fix } : {});
    throw err;
  }
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
  // Only files this engine itself wrote may be opened or shown: the page cannot name any other file.
  const written = new Set<string>();
  return {
    async exportReport({ format, redact, directory }) {
      const target = directory === undefined ? exportsDirectory(ctx) : ctx.paths.confine(directory, 'write');
      const session = await ctx.sessions.load();
      const report = makeReport({ kind: 'session', session }, { version: ctx.options.version, redact, active: await ctx.catalogs.active() });
      const saved = await saveReport(report, format, target, ctx.options.ports);
      await ctx.sessions.appendAudit('report', `Exported the ${redact ? 'redacted ' : ''}${format.toUpperCase()} report ${saved.fileName}.`, 'ok');
      written.add(path.resolve(saved.path));
      return saved;
    },
    async revealReport({ path: file, action }) {
      const reveal = ctx.options.ports.revealPath;
      if (!reveal) {
        throw new AppError('unsupported', 'The browser cannot open files on this computer.', { fix: `Open it from its folder: ${file}` });
      }
      const resolved = path.resolve(file);
      if (!written.has(resolved)) {
        throw new AppError('invalid-input', 'Only a report the wizard has just exported can be opened from here.', { fix: 'Export the report again, then open it from the list.' });
      }
      await reveal(resolved, action);
      return { done: true };
    },
    async openReport({ path: file }) {
      return { report: await savedReport(ctx, { path: file }) };
    },
    async compareReports({ before, after }) {
      return { comparison: compareReports(await savedReport(ctx, before), await savedReport(ctx, after)) };
    },
  };
}
