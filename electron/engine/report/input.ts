import { AppError } from '../../../src-shared/domain/errors';
import { ScanReport } from '../../../src-shared/assessment/scan-report';
import { reassessFromFacts } from '../../../src-shared/assessment/reassess-from-facts';
import type { Catalog } from '../../../src-shared/knowledge/catalog';
import { WizardSession } from '../../../src-shared/wizard/session';
import { describeIssues, parseJsonText, parseReport } from '../../../src-shared/report/json';
import { REPORT_KIND, type ReportDocument } from '../../../src-shared/report/schema';
import { readInputFile } from './files';

/**
 * What a report can be made from: a scan ("exwiz scan --json"), a saved
 * wizard session (session.json) or an already exported JSON report.
 */
export type ReportInput = { kind: 'scan'; scan: ScanReport } | { kind: 'session'; session: WizardSession } | { kind: 'report'; report: ReportDocument };

/** Tells the three inputs apart by their distinctive fields, then validates the one it is. */
export function classifyReportInput(value: unknown, where: string): ReportInput {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new AppError('invalid-input', `${where} holds no JSON object, so it is not a scan, a session or a report.`, { fix: 'Use the JSON that "exwiz scan --json" prints.' });
  }
  const fields = value as Record<string, unknown>;
  if (fields.kind === REPORT_KIND) return { kind: 'report', report: parseReport(value, where) };
  if (fields.currentStep !== undefined) {
    const session = WizardSession.safeParse(value);
    if (!session.success) throw new AppError('invalid-input', `${where} looks like a wizard session but does not match its format: ${describeIssues(session.error, 3)}.`);
    return { kind: 'session', session: session.data };
  }
  if (fields.servers !== undefined && fields.summary !== undefined) {
    const scan = ScanReport.safeParse(value);
    if (!scan.success) {
      throw new AppError('invalid-input', `${where} looks like a scan but does not match the scan format: ${describeIssues(scan.error, 3)}.`, {
        fix: 'Scan again with this version ("exwiz scan --json > scan.json"); a scan from another version of the wizard may not fit.',
      });
    }
    return { kind: 'scan', scan: scan.data };
  }
  throw new AppError('invalid-input', `${where} is not a scan, a wizard session or a report.`, {
    fix: 'Use the JSON that "exwiz scan --json" prints, a session.json, or a JSON report the wizard exported.',
  });
}

/**
 * Reads and classifies an input file. A scan, and a session's scan, keep only what was probed:
 * every conclusion (plan, findings, verdicts) is drawn again from those facts and the active
 * catalog, so no text of the file reaches a command or a verdict (`reassessFromFacts`).
 */
export async function readReportInput(file: string, activeCatalog: () => Promise<Catalog>): Promise<ReportInput> {
  const text = await readInputFile(file);
  const input = classifyReportInput(parseJsonText(text, file), file);
  if (input.kind === 'scan') return { kind: 'scan', scan: reassessFromFacts(input.scan, await activeCatalog()) };
  if (input.kind === 'session' && input.session.scan)
    return { kind: 'session', session: { ...input.session, scan: reassessFromFacts(input.session.scan, await activeCatalog(), input.session.extendedProtectionChoices) } };
  return input;
}
