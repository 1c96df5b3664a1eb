import { isServer } from '../domain/server-identity';
import type { DownloadResult, StageResult } from '../domain/transfer';
import type { WizardSession } from '../wizard/session';
import { stagedCopyOf } from '../wizard/staged-copy';
import type { PlanStep, ServerPlan } from '../knowledge/types';
import type { ActionItem, ActionItemStatus, ChecklistEntry, ReportDownload, ReportStaging } from './schema';

/**
 * Turns a server's plan into action items (Health Checker users have asked
 * for exactly this for years, CSS-Exchange #542) and marks each with what the
 * session already did: downloaded and verified, staged, ticked off.
 *
 * A plan step is done when its upgrade-checklist item is ticked off
 * (src-shared/wizard/upgrade-checklist.ts names them).
 */

/** The report's view of a verified download. */
export function toReportDownload(download: DownloadResult): ReportDownload {
  const m = download.manifest;
  return {
    fileName: m.fileName,
    updateId: m.updateId,
    sha256: m.sha256,
    sizeBytes: m.sizeBytes,
    hashMatched: m.expectedSha256 === null ? null : m.expectedSha256.toLowerCase() === m.sha256.toLowerCase(),
    signatureChecked: m.signature.checked,
    signatureStatus: m.signature.status,
    signer: m.signature.signer,
    verifiedAt: m.verifiedAt,
    origin: m.sourceUrl ?? m.importedFrom,
  };
}

/** The report's view of a staged copy. */
export function toReportStaging(stage: StageResult): ReportStaging {
  const parts = stage.destinationPath.split(/[\\/]/).filter(p => p !== '');
  return {
    server: stage.server,
    destinationPath: stage.destinationPath,
    sha256: stage.sha256,
    alreadyStaged: stage.alreadyStaged,
    bytesCopied: stage.bytesCopied,
    fileName: parts[parts.length - 1] ?? stage.destinationPath,
  };
}

export interface TransferState {
  downloads: readonly DownloadResult[];
  staging: readonly StageResult[];
  checklist: WizardSession['checklist'];
  organisationHasEsu: boolean;
}

/** A server as the session records it: by short name and FQDN (either may appear in staging and the checklist). */
export interface ServerRef {
  name: string;
  fqdn: string | null;
}

/** The upgrade-checklist item ids that stand for a plan step. */
function checklistIdsOf(step: PlanStep): string[] {
  const ids = [step.id, `install-${step.id}`];
  if (step.kind === 'prepare-schema' || step.kind === 'prepare-ad') ids.push('prepare-ad');
  return ids;
}

function statusOf(step: PlanStep, done: boolean, download: DownloadResult | null, staged: StageResult | null, hasEsu: boolean): ActionItemStatus {
  if (done) return 'done';
  if (staged) return 'staged';
  if (download) return 'downloaded';
  if (step.esuOnly && !hasEsu) return 'needs-esu';
  return step.updateId ? 'to-download' : 'to-do';
}

/**
 * The action items of one server, in plan order. A "none" step (nothing to
 * do) yields no item: the plan summary says so instead.
 */
export function actionItemsFor(server: ServerRef, plan: ServerPlan | null, state: TransferState): ActionItem[] {
  if (!plan) return [];
  const checklist = checklistFor(server, state.checklist);
  const items: ActionItem[] = [];
  for (const step of plan.steps) {
    if (step.kind === 'none') continue;
    const download = step.updateId ? (state.downloads.find(d => d.manifest.updateId === step.updateId) ?? null) : null;
    const staged = stagedCopyOf(state.staging, server, download);
    const ids = checklistIdsOf(step);
    const tick = checklist.find(c => ids.includes(c.item) && c.done) ?? null;
    items.push({
      order: items.length + 1,
      stepId: step.id,
      kind: step.kind,
      title: step.title,
      why: step.why,
      resultingBuild: step.resultingBuild,
      updateId: step.updateId,
      esuOnly: step.esuOnly,
      prerequisites: step.prerequisites,
      status: statusOf(step, tick?.done === true, download, staged, state.organisationHasEsu),
      doneAt: tick?.done ? tick.at : null,
      download: download ? toReportDownload(download) : null,
      staged: staged ? toReportStaging(staged) : null,
    });
  }
  return items;
}

/** The ticks saved for one server (by short name or FQDN, case-insensitively), titled by their ids. */
export function checklistFor(server: ServerRef, checklist: WizardSession['checklist']): ChecklistEntry[] {
  const entries: ChecklistEntry[] = [];
  for (const [recorded, items] of Object.entries(checklist)) {
    if (!isServer(recorded, server)) continue;
    for (const [item, state] of Object.entries(items)) entries.push({ item, title: item, done: state.done, at: state.at, proof: state.proof ?? null });
  }
  return entries;
}
