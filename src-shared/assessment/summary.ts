import type { Severity } from '../analysis/types';
import type { OrganisationSummary, ServerScanResult } from './scan-report';
import { compareServersWorstFirst } from './worst-first';

/**
 * When the server's certificate cut-off took effect: the effectiveDate of the rule it failed
 * (its own rule results carry it), null when the verdict names no rule the results know.
 */
function cutoffDate(s: ServerScanResult): string | null {
  const cutoff = s.eems?.cutoff;
  if (!cutoff) return null;
  return s.classification?.certificateRules.find(r => r.cutoff === cutoff)?.effectiveDate ?? null;
}

/** Cut-offs worst first: a server cut off since 2023 is worse off than one cut off since 2026; an unknown date last. */
function compareCutoffs(a: ServerScanResult, b: ServerScanResult): number {
  const da = cutoffDate(a);
  const db = cutoffDate(b);
  if (da !== db) return da === null ? 1 : db === null ? -1 : da.localeCompare(db);
  return a.name.localeCompare(b.name);
}

/**
 * The organisation at a glance: servers by severity, the servers cut off by a
 * certificate change (worst first), and every server ordered worst first. The
 * one count of the organisation: the report's summary extends it.
 */
export function summariseOrganisation(servers: readonly ServerScanResult[]): OrganisationSummary {
  const bySeverity: Record<Severity, number> = { critical: 0, warning: 0, ok: 0, info: 0 };
  for (const s of servers) bySeverity[s.severity]++;
  const blocked = servers
    // Unreachable servers are counted as not checked (unreachableCount), never as cut off.
    .filter(s => s.reachable && s.eems?.verdict === 'blocked-by-certificate')
    .sort(compareCutoffs)
    .map(s => ({ name: s.name, cutoff: s.eems?.cutoff ?? null, build: s.build }));
  return {
    serverCount: servers.length,
    unreachableCount: servers.filter(s => !s.reachable).length,
    bySeverity,
    blockedByCertificate: blocked,
    worstFirst: [...servers].sort(compareServersWorstFirst).map(s => s.name),
  };
}
