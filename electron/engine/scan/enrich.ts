import type { OrganisationSummary, ServerScanResult } from '../../../src-shared/domain/scan';
import type { OrganisationPlan } from '../../../src-shared/knowledge/types';
import { SEVERITY_ORDER, type Severity } from '../../../src-shared/analysis/types';

/**
 * The one step between probing and reporting where the knowledge layer
 * (classifier, planner: src-shared/knowledge/) and the analyzer (findings,
 * EEMS verdict: src-shared/analysis/) fill in a scan result.
 *
 * Until they are wired here, this only sets what the scan itself knows: the
 * severity of servers that could not be probed and an organisation summary
 * built from those severities. Wiring the layers is a change to these two
 * functions only; the scan service, the handlers and the CLI call nothing else.
 */

export interface EnrichContext {
  organisationHasEsu: boolean;
  /** YYYY-MM-DD, the day the scan ran. */
  today: string;
}

/** Fills product, cu, update, classification, findings, eems, plan and severity. */
export function enrichResult(result: ServerScanResult, _context: EnrichContext): ServerScanResult {
  let severity: Severity = 'info';
  if (result.error && result.facts === null) severity = 'critical';
  else if (result.error) severity = 'warning';
  return { ...result, severity };
}

/** The organisation summary and plan over all enriched results. */
export function summariseResults(results: ServerScanResult[], _context: EnrichContext): { summary: OrganisationSummary; plan: OrganisationPlan | null } {
  const bySeverity: Record<Severity, number> = { critical: 0, warning: 0, ok: 0, info: 0 };
  for (const r of results) bySeverity[r.severity]++;
  const worstFirst = [...results]
    .sort((a, b) => SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) || a.name.localeCompare(b.name))
    .map(r => r.name);
  const blockedByCertificate = results
    .filter(r => r.eems?.verdict === 'blocked-by-certificate')
    .map(r => ({ name: r.name, cutoff: r.eems?.cutoff ?? null, build: r.build }));
  return {
    summary: { serverCount: results.length, unreachableCount: results.filter(r => !r.reachable).length, bySeverity, blockedByCertificate, worstFirst },
    plan: null,
  };
}
