import { existsSync } from 'node:fs';
import path from 'node:path';
import { AppError } from '../../../src-shared/domain/errors';
import type { ReportFormat } from '../../../src-shared/ipc/contract';
import { catalogTrustLabel } from '../../../src-shared/knowledge/catalog-trust';
import { reportFromScan, reportFromSession } from '../../../src-shared/report/build';
import { redactReport } from '../../../src-shared/report/redact';
import type { ReportDocument } from '../../../src-shared/report/schema';
import type { ActiveCatalog } from '../catalog-store';
import type { EnginePorts } from '../context';
import { reportCatalogOptions } from './catalog';
import { defaultReportFileName, writeReportFile } from './files';
import type { ReportInput } from './input';
import { produceReport } from './produce';

/** The name reports give as their maker. */
export const REPORT_GENERATOR = 'Exchange Remediation Wizard';

/** Where a report was saved. */
export interface SavedReport {
  path: string;
  fileName: string;
  bytes: number;
}

/**
 * The report of a scan, a session or a saved report as the wizard and `exwiz report` both make
 * it: now, this app version, the active catalog (its newest builds, its rules, how far it is
 * trusted). A saved report is kept as it was made; it can be redacted now, never un-redacted.
 */
export function makeReport(input: ReportInput, options: { version: string; redact: boolean; active: ActiveCatalog; now?: Date }): ReportDocument {
  const reportOptions = {
    generatedAt: (options.now ?? new Date()).toISOString(),
    generator: { name: REPORT_GENERATOR, version: options.version },
    ...reportCatalogOptions(options.active.catalog),
    catalogTrust: catalogTrustLabel(options.active),
    redact: options.redact,
  };
  switch (input.kind) {
    case 'scan':
      return reportFromScan(input.scan, reportOptions);
    case 'session':
      return reportFromSession(input.session, reportOptions);
    case 'report':
      return options.redact && !input.report.redacted ? redactReport(input.report) : input.report;
  }
}

/** Renders `report` in `format` and writes it to `file` (replaced if it exists); returns the bytes written. */
export async function writeReport(report: ReportDocument, format: ReportFormat, file: string, ports: Pick<EnginePorts, 'printToPdf'>): Promise<number> {
  return writeReportFile(file, await produceReport(report, format, ports));
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
  const fileName = freeFileName(directory, defaultReportFileName(format, report.generatedAt, report.redacted));
  const file = path.join(directory, fileName);
  const bytes = await writeReport(report, format, file, ports);
  return { path: file, fileName, bytes };
}
