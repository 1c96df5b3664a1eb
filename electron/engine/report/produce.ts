import { AppError } from '../../../src-shared/domain/errors';
import type { ReportFormat } from '../../../src-shared/ipc/contract';
import { renderHtml, renderReportText } from '../../../src-shared/report/index';
import type { ReportDocument } from '../../../src-shared/report/schema';
import type { EnginePorts } from '../context';

/**
 * One report in one format, ready to write: text formats are rendered by the
 * pure report layer, PDF is the same HTML printed through the host's port
 * (Electron's printToPDF in the app, headless Chromium in the CLI and browser mode).
 */
export async function produceReport(report: ReportDocument, format: ReportFormat, ports: Pick<EnginePorts, 'printToPdf'>): Promise<string | Uint8Array> {
  if (format !== 'pdf') return renderReportText(report, format);
  if (!ports.printToPdf) {
    throw new AppError('unsupported', 'PDF export is not available here.', { fix: 'Export HTML and print it to PDF from a browser, or run the wizard where Chromium or Microsoft Edge is installed.' });
  }
  const pdf = await ports.printToPdf(renderHtml(report));
  // A PDF starts with "%PDF-"; anything else means the printer failed without saying so.
  if (pdf.byteLength < 5 || Buffer.from(pdf.subarray(0, 5)).toString('latin1') !== '%PDF-') {
    throw new AppError('io', 'Printing the report to PDF produced no valid PDF file.', { fix: 'Export HTML instead and print it from a browser.' });
  }
  return pdf;
}
