import type { AutoCheckOutcome } from '../../../src-shared/wizard/auto-checks';
import { getApi } from '../api';
import { newJobId } from './jobs';
import { callForStep } from './session-actions';
import { useWizardStore } from './wizard-store';

/** Where a check's state is kept: one per runbook item, so each tab keeps its own results. */
export const autoCheckKey = (checklistKey: string, item: string) => `${checklistKey}/${item}`;

/**
 * Runs the wizard's own check of one runbook item ("done when") on its server. The engine ticks
 * the item, with its evidence, only when the check passes; a failed or unknown check is shown on
 * the item with what was read. `updateScan` (the final re-scan of a server) also saves the new
 * facts as the session's scan.
 */
export async function runAutoCheck(checklistKey: string, item: string, updateScan = false): Promise<void> {
  const jobId = newJobId('check');
  const key = autoCheckKey(checklistKey, item);
  const set = (state: { jobId: string; outcome: AutoCheckOutcome | null; checkedAt: string | null }) => useWizardStore.setState(s => ({ autoChecks: { ...s.autoChecks, [key]: state } }));
  set({ jobId, outcome: null, checkedAt: null });
  const result = await callForStep('upgrade', () => getApi().runAutoCheck({ jobId, checklistKey, item, ...(updateScan ? { updateScan } : {}) }));
  if (!result) {
    useWizardStore.setState(s => {
      const { [key]: _dropped, ...rest } = s.autoChecks;
      return { autoChecks: rest };
    });
    return;
  }
  set({ jobId, outcome: result.outcome, checkedAt: result.checkedAt });
}
