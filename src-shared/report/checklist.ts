import type { ScanReport, ServerScanResult } from '../assessment/scan-report';
import { checklistForScanServer } from '../wizard/upgrade-checklist';
import type { ChecklistEntry } from './schema';

/**
 * The upgrade checklist of one server as the report shows it: every item of
 * the wizard's checklist in order, with its tick, once the admin has started
 * ticking (until then there is nothing to report). Ticks whose item the
 * checklist no longer has (the plan changed) are kept at the end.
 */
export function checklistProgress(server: ServerScanResult, scan: ScanReport, ticks: readonly ChecklistEntry[]): ChecklistEntry[] {
  if (ticks.length === 0) return [];
  const items = checklistForScanServer(server, scan, {});
  const byId = new Map(ticks.map(t => [t.item, t]));
  const entries: ChecklistEntry[] = items.map(item => {
    const tick = byId.get(item.id);
    return { item: item.id, title: item.title, done: tick?.done ?? false, at: tick?.done ? tick.at : null, proof: tick?.done ? (tick.proof ?? null) : null };
  });
  const known = new Set(items.map(i => i.id));
  return [...entries, ...ticks.filter(t => !known.has(t.item))];
}
