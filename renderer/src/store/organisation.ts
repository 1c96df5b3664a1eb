import type { OrganisationChoice } from '../../../src-shared/wizard/session';
import { getApi } from '../api';
import { discoverFromChoice } from './discovery';
import { callForStep } from './session-actions';
import { useWizardStore } from './wizard-store';

/**
 * Saves the Welcome step's choices. A different source means a different server list, so the
 * servers found before are dropped; discovery starts at once when there are none (the Discover
 * step shows its progress). Returns whether the engine saved it.
 */
export async function chooseOrganisation(organisation: OrganisationChoice): Promise<boolean> {
  const previous = useWizardStore.getState().session?.organisation;
  const changed = !previous || previous.mode !== organisation.mode || previous.serverNames.join() !== organisation.serverNames.join();
  const result = await callForStep('welcome', () => getApi().updateSession(changed ? { organisation, discovered: [] } : { organisation }));
  if (!result) return false;
  if (result.session.discovered.length === 0) void discoverFromChoice(organisation);
  return true;
}
