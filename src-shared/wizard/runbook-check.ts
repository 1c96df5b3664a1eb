import type { ScanReport } from '../assessment/scan-report';
import { isEdgeTransport, reportedBuild } from '../domain/exchange-server';
import { builtInCatalog } from '../knowledge/catalog';
import type { Catalog } from '../knowledge/catalog-schema';
import { observedLevels } from '../knowledge/organisation-planner';
import { scannedServerName } from '../knowledge/organisation-facts';
import { planInputFromFacts, planInputWithoutFacts } from '../knowledge/plan-input';
import type { PlanInput } from '../knowledge/types';
import type { ChecklistSection } from './checklist-item';
import { simulateRunbook } from './plan-simulator';

/** The planner's inputs of a scan, as the assessment made them (facts where read, else the build alone). */
export function planInputsOfScan(scan: Pick<ScanReport, 'servers'>): PlanInput[] {
  return scan.servers.flatMap(s => {
    const build = reportedBuild(s)?.text ?? null;
    if (s.facts) return [{ ...planInputFromFacts(s.facts), serverName: s.name, build }];
    return build === null ? [] : [planInputWithoutFacts({ serverName: s.name, build, isEdge: isEdgeTransport(s), roles: s.roles })];
  });
}

/**
 * The runbook of a scan walked through the plan simulator: an item whose Setup (or AD
 * preparation) Exchange would refuse when the runbook reaches it carries `refusedBecause`, so every
 * view shows it as a blocker with its reason instead of a command to run.
 */
export function withSimulatedRefusals(scan: ScanReport, sections: readonly ChecklistSection[], catalog: Catalog = builtInCatalog()): ChecklistSection[] {
  const inputs = planInputsOfScan(scan);
  if (inputs.length === 0) return [...sections];
  const observed = observedLevels(scan.adLevels ?? null);
  const { failures } = simulateRunbook(inputs, sections, {
    catalog,
    today: scan.generatedAt.slice(0, 10),
    hasEsu: scan.organisationHasEsu,
    ...(observed ? { adLevels: observed } : {}),
    ...(scan.adLevels?.forest ? { forest: scan.adLevels.forest } : {}),
    publicFolderHierarchy: hierarchyServer(scan, inputs),
  });
  if (failures.length === 0) return [...sections];
  return sections.map(section => ({
    ...section,
    items: section.items.map(item => {
      const reasons = failures.filter(f => f.section === section.id && f.item === item.id).map(f => f.reason);
      return reasons.length > 0 ? { ...item, refusedBecause: [...new Set(reasons)] } : item;
    }),
  }));
}

/** The scanned server holding the public-folder hierarchy mailbox, when the scan found it on one. */
function hierarchyServer(scan: Pick<ScanReport, 'organisation'>, inputs: readonly PlanInput[]): string | null {
  const h = scan.organisation?.publicFolderHierarchy;
  if (h?.state !== 'on-server' || h.server === null) return null;
  return scannedServerName(
    h.server,
    inputs.map(i => i.serverName),
  );
}
