import type { EemsVerdictKind } from '../analysis/types';
import type { ServerScanResult } from '../assessment/scan-report';
import type { BuildClassification } from '../knowledge/types';

/**
 * Where a server stands with EEMS, in the six words the Health strip and the Explain groups share.
 * One definition, so the strip on Health and the groups on Explain never disagree.
 */
export type ServerStatus = 'cut-off' | 'blocked' | 'no-eems' | 'working' | 'unreachable' | 'unknown';

export interface ServerStatusInfo {
  id: ServerStatus;
  /** Short label for the strip ("Cut off"). */
  label: string;
  /** Heading of the group on Explain ("Cut off by a certificate change"). */
  groupTitle: string;
  tone: 'danger' | 'warning' | 'success' | 'neutral';
}

/** The statuses, worst first: the order of the strip and of the Explain groups. */
export const SERVER_STATUSES: readonly ServerStatusInfo[] = [
  { id: 'cut-off', label: 'Cut off', groupTitle: 'Cut off by a certificate change', tone: 'danger' },
  { id: 'blocked', label: 'Blocked by proxy or firewall', groupTitle: 'Recent enough, but cannot reach Microsoft', tone: 'warning' },
  { id: 'no-eems', label: 'No EEMS', groupTitle: 'EEMS absent or switched off', tone: 'warning' },
  { id: 'working', label: 'Working', groupTitle: 'EEMS working', tone: 'success' },
  { id: 'unreachable', label: 'Unreachable', groupTitle: 'Could not be reached', tone: 'neutral' },
  { id: 'unknown', label: 'Unknown', groupTitle: 'Could not be told', tone: 'neutral' },
];

const BY_VERDICT: Record<EemsVerdictKind, ServerStatus> = {
  'blocked-by-certificate': 'cut-off',
  borderline: 'cut-off',
  'ocs-unreachable': 'blocked',
  disabled: 'no-eems',
  'service-not-running': 'no-eems',
  'not-applicable': 'no-eems',
  healthy: 'working',
  unknown: 'unknown',
};

/**
 * A server's status. A server that did not answer is cut off only when its exact build is known
 * and fails a certificate rule; a version seen by discovery (AD, the shell, OWA) names only the
 * CU, and a later security update of that CU may pass the rule, so such a server is
 * "unreachable", not guessed at.
 */
export function serverStatus(server: Pick<ServerScanResult, 'reachable' | 'eems'> & { classification?: Pick<BuildClassification, 'buildPrecision'> | null }): ServerStatus {
  const fromVerdict = server.eems ? BY_VERDICT[server.eems.verdict] : 'unknown';
  if (server.reachable) return fromVerdict;
  return fromVerdict === 'cut-off' && server.classification?.buildPrecision !== 'cu' ? 'cut-off' : 'unreachable';
}

/** The strip's counts per status, in strip order, zero counts included. */
export function statusCounts(servers: readonly Parameters<typeof serverStatus>[0][]): Array<ServerStatusInfo & { count: number }> {
  const counts = new Map<ServerStatus, number>();
  for (const s of servers) counts.set(serverStatus(s), (counts.get(serverStatus(s)) ?? 0) + 1);
  return SERVER_STATUSES.map(info => ({ ...info, count: counts.get(info.id) ?? 0 }));
}
