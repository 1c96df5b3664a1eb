import type { AutoCheckOutcome } from '../../../src-shared/wizard/auto-checks';
import type { UpdatePackage } from '../../../src-shared/knowledge/types';
import type { ReportFormat } from '../../../src-shared/ipc/contract';
import type { ReportComparison } from '../../../src-shared/report/compare';
import type { ReportDocument } from '../../../src-shared/report/schema';

/*
 * The state of the store's newer slices and their starting values, in a module of their own so
 * the store and the action modules (transfer.ts, upgrade.ts, collector.ts, report.ts) import them without
 * a cycle.
 */

/** The Download and Stage steps' state: the plan's files, and the transfers this window ran. */
export interface TransferSlice {
  /** The catalog entries of the plan's files (null until listed), for the ids they were listed for. */
  packages: { ids: string; list: UpdatePackage[]; missing: string[] } | null;
  /** The job of each file's latest download or import, by update id. */
  downloadJobs: Record<string, string>;
  downloadFailures: Record<string, string>;
  /** The job of each server × file copy, by `stageCellKey`. */
  stageJobs: Record<string, string>;
  stageFailures: Record<string, string>;
  /** What a "Download all" or "Copy all" is doing now (null: idle). */
  transferRun: { kind: 'download' | 'stage'; jobId: string | null; label: string } | null;
}

/** The Upgrade step's checks run by the wizard, by `autoCheckKey` (runbook section and item): the job, then its outcome. */
export interface UpgradeSlice {
  autoChecks: Record<string, { jobId: string; outcome: AutoCheckOutcome | null; checkedAt: string | null }>;
}

/** The offline collector on the Health step: where the script was saved, and the import's job. */
export interface CollectorSlice {
  collector: { scriptPath: string | null; importJobId: string | null };
}

/** A report the wizard wrote in this run (the only files "Open" and "Show in folder" may touch). */
export interface ExportedReport {
  format: ReportFormat;
  path: string;
  bytes: number;
  redacted: boolean;
}

/** The Report step: exports made in this run, the saved report under review, the before/after comparison. */
export interface ReportSlice {
  report: {
    redact: boolean;
    /** The format being exported, while it is. */
    busy: ReportFormat | null;
    /** Newest first. */
    exported: ExportedReport[];
    review: ReportDocument | null;
    comparison: ReportComparison | null;
  };
}

/** The starting values, also restored by Start over. */
export function initialSlices(): TransferSlice & UpgradeSlice & CollectorSlice & ReportSlice {
  return {
    packages: null,
    downloadJobs: {},
    downloadFailures: {},
    stageJobs: {},
    stageFailures: {},
    transferRun: null,
    autoChecks: {},
    collector: { scriptPath: null, importJobId: null },
    report: { redact: false, busy: null, exported: [], review: null, comparison: null },
  };
}
