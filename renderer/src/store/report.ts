import { create } from 'zustand';
import type { ReportFormat } from '../../../src-shared/ipc/contract';
import type { ReportComparison } from '../../../src-shared/report/compare';
import type { ReportDocument } from '../../../src-shared/report/schema';
import { getApi } from '../api';
import { callForStep } from './session-actions';

/**
 * The Report step's state and its calls to the engine: exports made in this
 * run, the saved report under review, and the before/after comparison. The
 * step renders this and calls these actions; it never calls the API itself.
 */

/** A report the wizard wrote in this run (the only files "Open" and "Show in folder" may touch). */
export interface ExportedReport {
  format: ReportFormat;
  path: string;
  bytes: number;
  redacted: boolean;
}

/** One saved report to compare: a typed full path, or the text of a file picked in the page. */
export type ReportSource = { path: string } | { text: string; name: string };

interface ReportState {
  redact: boolean;
  /** The format being exported, while it is. */
  busy: ReportFormat | null;
  /** Newest first. */
  exported: ExportedReport[];
  review: ReportDocument | null;
  comparison: ReportComparison | null;
}

const initial: ReportState = { redact: false, busy: null, exported: [], review: null, comparison: null };

export const useReportStore = create<ReportState>(() => ({ ...initial }));

/** Whether exports replace identifying values with placeholders. */
export function setRedact(redact: boolean): void {
  useReportStore.setState({ redact });
}

/** Exports the session's report in one format; the file joins the list of this run's exports. */
export async function exportReport(format: ReportFormat): Promise<void> {
  const { redact } = useReportStore.getState();
  useReportStore.setState({ busy: format });
  const result = await callForStep('report', () => getApi().exportReport({ format, redact }));
  useReportStore.setState(state => ({
    busy: null,
    exported: result ? [{ format, path: result.path, bytes: result.bytes, redacted: redact }, ...state.exported] : state.exported,
  }));
}

/** Opens a saved JSON report read-only. */
export async function openSavedReport(path: string): Promise<void> {
  const result = await callForStep('report', () => getApi().openReport({ path: path.trim() }));
  if (result) useReportStore.setState({ review: result.report });
}

export function closeReview(): void {
  useReportStore.setState({ review: null });
}

/** Compares two saved reports, the older first. */
export async function compareSavedReports(before: ReportSource, after: ReportSource): Promise<void> {
  const result = await callForStep('report', () => getApi().compareReports({ before, after }));
  if (result) useReportStore.setState({ comparison: result.comparison });
}

/** Opens an exported report with its default app, or shows it in its folder (Electron only; the engine refuses other files). */
export async function revealExport(path: string, action: 'open' | 'show-in-folder'): Promise<void> {
  await callForStep('report', () => getApi().revealReport({ path, action }));
}
