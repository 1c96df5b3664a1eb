import type { ReportFormat } from '../../../src-shared/ipc/contract';
import { getApi } from '../api';
import { callForStep } from './session-actions';
import type { ReportSlice } from './slices';
import { useWizardStore } from './wizard-store';

/*
 * The Report step's calls to the engine; its state is the store's report slice (slices.ts), so
 * Start over clears it with the rest. The step renders the slice and calls these actions; it
 * never calls the API itself.
 */

export type { ExportedReport } from './slices';

/** One saved report to compare: a typed full path, or the text of a file picked in the page. */
export type ReportSource = { path: string } | { text: string; name: string };

function update(change: (report: ReportSlice['report']) => Partial<ReportSlice['report']>): void {
  useWizardStore.setState(s => ({ report: { ...s.report, ...change(s.report) } }));
}

/** Whether exports replace identifying values with placeholders. */
export function setRedact(redact: boolean): void {
  update(() => ({ redact }));
}

/** Exports the session's report in one format; the file joins the list of this run's exports. */
export async function exportReport(format: ReportFormat): Promise<void> {
  const { redact } = useWizardStore.getState().report;
  update(() => ({ busy: format }));
  const result = await callForStep('report', () => getApi().exportReport({ format, redact }));
  update(report => ({
    busy: null,
    exported: result ? [{ format, path: result.path, bytes: result.bytes, redacted: redact }, ...report.exported] : report.exported,
  }));
}

/** Opens a saved JSON report read-only. */
export async function openSavedReport(path: string): Promise<void> {
  const result = await callForStep('report', () => getApi().openReport({ path: path.trim() }));
  if (result) update(() => ({ review: result.report }));
}

export function closeReview(): void {
  update(() => ({ review: null }));
}

/** Compares two saved reports, the older first. */
export async function compareSavedReports(before: ReportSource, after: ReportSource): Promise<void> {
  const result = await callForStep('report', () => getApi().compareReports({ before, after }));
  if (result) update(() => ({ comparison: result.comparison }));
}

/** Opens an exported report with its default app, or shows it in its folder (Electron only; the engine refuses other files). */
export async function revealExport(path: string, action: 'open' | 'show-in-folder'): Promise<void> {
  await callForStep('report', () => getApi().revealReport({ path, action }));
}
