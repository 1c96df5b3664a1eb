import { compareSeverity } from '../analysis/severity-rank';
import type { ServerScanResult } from './scan-report';

/**
 * The one "worst first" order of servers: by severity, then by the number of
 * critical findings, then by name. The assessment writes it into the summary
 * (`summary.worstFirst`); readers put servers in that order with
 * {@link inWorstFirstOrder} rather than sorting again.
 */
export function compareServersWorstFirst(a: Pick<ServerScanResult, 'name' | 'severity' | 'findings'>, b: Pick<ServerScanResult, 'name' | 'severity' | 'findings'>): number {
  return compareSeverity(a.severity, b.severity) || criticalCount(b) - criticalCount(a) || a.name.localeCompare(b.name);
}

function criticalCount(server: Pick<ServerScanResult, 'findings'>): number {
  return server.findings.filter(f => f.severity === 'critical').length;
}

/**
 * The servers in the order a summary's `worstFirst` names them; servers it does
 * not name (a summary from an older or hand-edited report) follow, in the
 * worst-first order.
 */
export function inWorstFirstOrder<S extends Pick<ServerScanResult, 'name' | 'severity' | 'findings'>>(servers: readonly S[], worstFirst: readonly string[]): S[] {
  const rank = new Map(worstFirst.map((name, i) => [name, i]));
  const named = servers.filter(s => rank.has(s.name)).sort((a, b) => (rank.get(a.name) as number) - (rank.get(b.name) as number));
  const rest = servers.filter(s => !rank.has(s.name)).sort(compareServersWorstFirst);
  return [...named, ...rest];
}
