import type { IpcResult } from '../../../src-shared/ipc/contract';
import type { WizardSession } from '../../../src-shared/wizard/session';
import { useWizardStore, type ErrorPlace } from './wizard-store';

/**
 * Runs an API call for a step: clears the step's error, shows the new one in
 * place when the call fails, and keeps the session the engine returns.
 */
export async function callForStep<T>(place: ErrorPlace, call: () => Promise<IpcResult<T>>): Promise<T | null> {
  const { setError } = useWizardStore.getState();
  setError(place, null);
  const result = await call();
  if (!result.ok) {
    setError(place, result.error);
    return null;
  }
  const value = result.value as unknown;
  if (value && typeof value === 'object' && 'session' in value) {
    useWizardStore.getState().setSession((value as { session: WizardSession }).session);
  }
  return result.value;
}
