import type { ScanReport, ServerScanResult } from '../domain/scan';
import { upgradeChecklist } from '../wizard/upgrade-checklist';
import type { ChecklistEntry } from './schema';

/**
 * The upgrade checklist of one server as the report shows it: every item of
 * the wizard's checklist in order, with its tick, once the admin has started
 * ticking (until then there is nothing to report). Ticks whose item the
 * checklist no longer has (the plan changed) are kept at the end.
 */
export function checklistProgress(server: ServerScanResult, scan: ScanReport, ticks: readonly ChecklistEntry[]): ChecklistEntry[] {
  if (ticks.length === 0) return [];
  const items = server.plan ? upgradeChecklist(checklistServerOf(server, scan), server.plan, { stagedPaths: {}, preparesActiveDirectory: preparesAd(server, scan) }) : [];
  const byId = new Map(ticks.map(t => [t.item, t]));
  const entries: ChecklistEntry[] = items.map(item => {
    const tick = byId.get(item.id);
    return { item: item.id, title: item.title, done: tick?.done ?? false, at: tick?.done ? tick.at : null };
  });
  const known = new Set(items.map(i => i.id));
  return [...entries, ...ticks.filter(t => !known.has(t.item))];
}

function isEdge(server: ServerScanResult): boolean {
  return server.facts?.identity.isEdge ?? server.roles.some(r => /edge/i.test(r));
}

/** AD preparation belongs to the first server in the plan's order that is not an Edge server, as in the Upgrade step. */
function preparesAd(server: ServerScanResult, scan: ScanReport): boolean {
  const first = (scan.plan?.order ?? []).find(name => {
    const s = scan.servers.find(x => x.name === name);
    return s !== undefined && !isEdge(s);
  });
  return first === server.name;
}

function checklistServerOf(server: ServerScanResult, scan: ScanReport) {
  const other = scan.servers.find(s => s.name !== server.name && s.reachable && !isEdge(s));
  return {
    name: server.name,
    fqdn: server.fqdn,
    product: server.product,
    isEdge: isEdge(server),
    dagName: server.facts?.maintenance?.dagName ?? null,
    redirectTarget: other?.fqdn ?? other?.name ?? null,
  };
}
