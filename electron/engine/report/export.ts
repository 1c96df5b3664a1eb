import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import type { WizardSession } from '../../../src-shared/wizard/session';
import type { ReportFormat } from '../../../src-shared/ipc/contract';
import { reportFromSession } from '../../../src-shared/report/build';
import type { ReportDocument } from '../../../src-shared/report/schema';
import type { CatalogStore } from '../catalog-store';
import type { EnginePorts } from '../context';
import { activeReportCatalogOptions } from './catalog';
import { defaultReportFileName, writeReportFile } from './files';
import { produceReport } from './produce';

/** The name reports give as their maker. */
export const REPORT_GENERATOR = 'Exchange Remediation Wizard';

/** Where a report was saved. */
export interface SavedReport {
  path: string;
  fileName: string;
  bytes: number;
}

/** The report of a session as the engine makes it: now, this app version, the active catalog. */
export async function sessionReport(session: WizardSession, options: { version: string; redact: boolean; catalogs: CatalogStore; now?: Date }): Promise<ReportDocument> {
  return reportFromSession(session, {
    generatedAt: (options.now ?? new Date()).toISOString(),
    generator: { name: REPORT_GENERATOR, version: options.version },
    ...(await activeReportCatalogOptions(options.catalogs)),
    redact: options.redact,
  });
}

/** A file name in `directory` that does not exist yet (adds -2, -3... when needed). */
function freeFileName(directory: string, fileName: string): string {
  const ext = path.extname(fileName);
  const stem = fileName.slice(0, fileName.length - ext.length);
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? fileName : `${stem}-${n}${ext}`;
    if (!existsSync(path.join(directory, candidate))) return candidate;
  }
}

/**
 * Renders `report` in `format` and saves it in `directory` under a new,
 * dated file name; an earlier export is never overwritten.
 */
export async function saveReport(report: ReportDocument, format: ReportFormat, directory: string, ports: Pick<EnginePorts, 'printToPdf'>): Promise<SavedReport> {
  if (!path.isAbsolute(directory)) {
    throw new AppError('invalid-input', `"${directory}" is not a full folder path.`, { fix: 'Give a full path such as C:\\Reports.' });
  }
  const content = await produceReport(report, format, ports);
  const fileName = freeFileName(directory, defaultReportFileName(format, report.generatedAt, report.redacted));
  const file = path.join(directory, fileName);
  const bytes = await writeReportFile(file, content);
  return { path: file, fileName, bytes };
}
