import { z } from 'zod';
import { AppError } from '../domain/errors';
import { REPORT_KIND, REPORT_SCHEMA_VERSION, ReportDocument } from './schema';

/**
 * The JSON report: the report model as it is, pretty-printed, and the way
 * back from a saved file (validated, with errors an admin can act on).
 */

/** The JSON text of a report. */
export function renderJson(report: ReportDocument): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** The first few validation problems as "path: message; ...", for error messages. */
export function describeIssues(error: z.ZodError, max = 5): string {
  return error.issues
    .slice(0, max)
    .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
    .join('; ');
}

/**
 * Validates a parsed JSON value as a saved report. A report from a newer
 * version of the wizard is refused with that reason rather than half-read.
 */
export function parseReport(value: unknown, where = 'The file'): ReportDocument {
  const head = z.object({ kind: z.literal(REPORT_KIND), schemaVersion: z.number() }).safeParse(value);
  if (!head.success) {
    throw new AppError('invalid-input', `${where} is not a report saved by the Exchange Remediation Wizard.`, {
      fix: 'Open a .json file that the wizard or "exwiz report --format json" wrote.',
    });
  }
  if (head.data.schemaVersion !== REPORT_SCHEMA_VERSION) {
    throw new AppError('unsupported', `${where} is a version ${head.data.schemaVersion} report; this wizard reads version ${REPORT_SCHEMA_VERSION}.`, {
      fix: head.data.schemaVersion > REPORT_SCHEMA_VERSION ? 'Open it with a newer version of the wizard.' : 'Export the report again with this version of the wizard.',
    });
  }
  const parsed = ReportDocument.safeParse(value);
  if (!parsed.success) {
    throw new AppError('invalid-input', `${where} is a wizard report, but it is damaged or was edited: ${describeIssues(parsed.error)}.`, {
      fix: 'Export the report again from the wizard.',
    });
  }
  return parsed.data;
}

/** Parses JSON text, turning a syntax error into a clear AppError. */
export function parseJsonText(text: string, where = 'The file'): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new AppError('invalid-input', `${where} is not valid JSON.`, { detail: err instanceof Error ? err.message : String(err) });
  }
}
