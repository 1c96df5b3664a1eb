import { create } from 'zustand';
import type { DiscoveredServer } from '../../../src-shared/domain/discovery';
import type { OrganisationChoice } from '../../../src-shared/wizard/session';
import { getApi } from '../api';
import { newJobId } from './jobs';
import { callForStep } from './session-actions';
import { useWizardStore } from './wizard-store';

export type DiscoveryMethod = 'demo' | 'active-directory' | 'exchange-shell' | 'manual';

interface DiscoveryState {
  jobId: string | null;
  busy: boolean;
}

/** The running discovery, shown by the Discover step. */
export const useDiscoveryStore = create<DiscoveryState>()(() => ({ jobId: null, busy: false }));

/** Finds servers and saves them in the session; manual additions keep what was there. */
export async function discover(method: DiscoveryMethod, names?: string[]): Promise<void> {
  const jobId = newJobId('discover');
  useDiscoveryStore.setState({ jobId, busy: true });
  const result = await callForStep('discover', () => getApi().discoverServers({ jobId, method, ...(names ? { names } : {}) }));
  useDiscoveryStore.setState({ busy: false });
  if (!result) return;
  const existing = method === 'manual' ? (useWizardStore.getState().session?.discovered ?? []) : [];
  await saveDiscovered(mergeServers(existing, result.servers));
  const first = result.errors[0];
  if (first) useWizardStore.getState().setError('discover', first);
}

/** Starts discovery from the source chosen on the Welcome step. */
export function discoverFromChoice(choice: OrganisationChoice): Promise<void> {
  if (choice.mode === 'demo') return discover('demo');
  if (choice.mode === 'domain') return discover('active-directory');
  return discover('manual', choice.serverNames);
}

export async function saveDiscovered(servers: DiscoveredServer[]): Promise<void> {
  await callForStep('discover', () => getApi().updateSession({ discovered: servers }));
}

/** Keeps the first entry per server name (case-insensitive), adding new ones at the end. */
export function mergeServers(existing: DiscoveredServer[], found: DiscoveredServer[]): DiscoveredServer[] {
  const seen = new Set(existing.map(s => s.name.toLowerCase()));
  const merged = [...existing];
  for (const server of found) {
    if (seen.has(server.name.toLowerCase())) continue;
    seen.add(server.name.toLowerCase());
    merged.push(server);
  }
  return merged;
}
