import type { Severity } from '../analysis/types';
import type { OrganisationSummary, ServerScanResult } from './scan-report';
import { compareServersWorstFirst } from './worst-first';

/** Certificate cut-offs, worst first: a server cut off since 2023 is worse off than one cut off since 2026. */
function cutoffRank(cutoff: string | null): number {
  return cutoff === null ? 9999 : Number(cutoff.replace('-', ''));
}

/**
 * The organisation at a glance: servers by severity, the servers cut off by a
 * certificate change (worst first), and every server ordered worst first.
 */
export function summariseOrganisation(servers: readonly ServerScanResult[]): OrganisationSummary {
  const bySeverity: Record<Severity, number> = { critical: 0, warning: 0, ok: 0, info: 0 };
  for (const s of servers) bySeverity[s.severity]++;
  const blocked = servers
    // Unreachable servers are counted as not checked (unreachableCount), never as cut off.
    .filter(s => s.reachable && s.eems?.verdict === 'blocked-by-certificate')
    .sort((a, b) => cutoffRank(a.eems?.cutoff ?? null) - cutoffRank(b.eems?.cutoff ?? null) || a.name.localeCompare(b.name))
    .map(s => ({ name: s.name, cutoff: s.eems?.cutoff ?? null, build: s.build }));
  return {
    serverCount: servers.length,
    unreachableCount: servers.filter(s => !s.reachable).length,
    bySeverity,
    blockedByCertificate: blocked,
    worstFirst: [...servers].sort(compareServersWorstFirst).map(s => s.name),
  };
}
