import type { DiscoveredServer } from '../../../src-shared/domain/discovery';
import type { OrganisationChoice } from '../../../src-shared/wizard/session';
import { typedNameProblems, type NameProblem } from '../../../src-shared/wizard/typed-names';
import { getApi } from '../api';
import { newJobId } from './jobs';
import { callForStep } from './session-actions';
import { mergeServers, useWizardStore } from './wizard-store';

export type DiscoveryMethod = 'demo' | 'active-directory' | 'exchange-shell' | 'manual';

function setDiscovery(discovery: { jobId: string | null; busy: boolean }): void {
  useWizardStore.setState({ discovery });
}

/** Finds servers and saves them in the session; manual additions keep what was there. */
export async function discover(method: DiscoveryMethod, names?: string[]): Promise<void> {
  const jobId = newJobId('discover');
  setDiscovery({ jobId, busy: true });
  const result = await callForStep('discover', () => getApi().discoverServers({ jobId, method, ...(names ? { names } : {}) }));
  setDiscovery({ jobId, busy: false });
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

/**
 * Adds servers typed on the Discover step: each entry checked as one name, then asked of DNS.
 * Returns what was refused (with the reason for each) so the step shows it next to the field;
 * the names DNS does not know are listed as not found and never added.
 */
export async function addTypedServers(text: string): Promise<NameProblem[]> {
  const { names, problems } = typedNameProblems(text);
  if (names.length === 0) return problems;
  const dns = await callForStep('discover', () => getApi().resolveHostNames({ names }));
  if (!dns) return problems;
  const known: string[] = [];
  for (const answer of dns.results) {
    if (answer.found === false) problems.push({ name: answer.name, kind: 'not-in-dns', message: `No server called ${answer.name} in DNS — check the spelling.` });
    else if (answer.dnsName === null)
      // Kerberos needs the server's name; an address DNS has no name for cannot be scanned.
      problems.push({ name: answer.name, kind: 'invalid', message: `${answer.name} is an IP address and DNS has no name for it: type the server's DNS name (Kerberos needs names).` });
    else known.push(answer.name);
  }
  if (known.length > 0) await discover('manual', known);
  return problems;
}
