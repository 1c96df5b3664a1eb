import { buildReached } from '../../../src-shared/wizard/build-reached';
import { getApi } from '../api';
import { newJobId } from './jobs';
import { callForStep } from './session-actions';
import { useWizardStore } from './wizard-store';

/**
 * Scans one server again for a checklist item that waits for a build, and saves the item as
 * done only when the server reports it (the build of that item's own step, never the plan's
 * final target).
 */
export async function rescanForItem(checklistKey: string, item: string, server: string, expected: string): Promise<void> {
  const jobId = newJobId('reprobe');
  useWizardStore.setState({ reprobe: { item, jobId, confirmed: null, text: null } });
  const result = await callForStep('upgrade', () => getApi().rescanServer({ jobId, serverName: server }));
  if (!result) {
    useWizardStore.setState({ reprobe: null });
    return;
  }
  const now = result.server.build;
  const confirmed = buildReached(now, expected);
  await callForStep('upgrade', () => getApi().updateSession({ checklist: { server: checklistKey, item, done: confirmed } }));
  useWizardStore.setState({
    reprobe: {
      item,
      jobId,
      confirmed,
      text: confirmed ? `${server} now reports build ${now}: confirmed.` : `${server} reports build ${now ?? 'unknown'}, not yet ${expected}. Finish the step (and the reboot), then re-scan again.`,
    },
  });
}
