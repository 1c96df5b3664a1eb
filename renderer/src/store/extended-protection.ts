import type { AppErrorShape } from '../../../src-shared/domain/errors';
import type { ExtendedProtectionChoice } from '../../../src-shared/knowledge/extended-protection';
import { getApi } from '../api';
import { useWizardStore } from './wizard-store';

/**
 * Saves the admin's Extended Protection choice for one server's Setup: the engine plans the
 * session's scan again with it and returns the session, whose runbook then shows the Setup
 * command with (or without) /DoNotEnableEP. Returns the engine's error, to show at the control;
 * null when saved.
 */
export async function chooseExtendedProtection(serverName: string, choice: ExtendedProtectionChoice): Promise<AppErrorShape | null> {
  const session = useWizardStore.getState().session;
  if (!session) return { code: 'not-found', message: 'The session is not loaded yet.', fix: 'Wait a moment and choose again.' };
  const result = await getApi().setExtendedProtectionChoice({ sessionId: session.id, serverName, choice });
  if (!result.ok) return result.error;
  useWizardStore.getState().setSession(result.value.session);
  return null;
}
