import type { ScanReport } from '../assessment/scan-report';
import type { MigrationProject } from '../knowledge/types';
import type { ChecklistSection } from '../wizard/checklist-item';
import { organisationChecklistForScan } from '../wizard/organisation-checklist';
import type { WizardSession } from '../wizard/session';
import type { MigrationPhase, ReportMigration } from './schema';

/**
 * The organisation plan's migration projects as report sections. The items
 * are the Upgrade step's own runbook section for the project (one definition
 * of the work), grouped into the four phases an owner recognises, with the
 * ticks the admin saved under the project's id.
 */

/** Phase of the runbook items that start one; later items stay in it until the next such item. */
const PHASE_OF: Readonly<Record<string, MigrationPhase>> = {
  'new-server': 'new-server',
  certificate: 'coexistence',
  namespace: 'coexistence',
  'mail-flow': 'coexistence',
  edge: 'coexistence',
  'target-databases': 'moves',
  'move-arbitration': 'moves',
  'move-mailboxes': 'moves',
  'move-public-folders': 'moves',
  'move-system-mailboxes': 'moves',
  decommission: 'decommission',
};

/**
 * Items that are no work of their own for the owner: the shell set-up, the hash check, reboot and
 * build check around each Setup (the Setup item stands for them), and each old server's uninstall
 * (the removal item stands for them).
 */
function isOwnerWork(item: ChecklistSection['items'][number]): boolean {
  return item.id !== 'variables' && item.kind !== 'reboot' && !item.id.startsWith('hash-') && !item.id.startsWith('confirm-') && !item.id.startsWith('uninstall-');
}

function itemsOf(section: ChecklistSection, ticks: WizardSession['checklist'][string] | undefined): ReportMigration['items'] {
  let phase: MigrationPhase = 'new-server';
  const items: ReportMigration['items'] = [];
  for (const item of section.items) {
    phase = PHASE_OF[item.id] ?? phase;
    if (!isOwnerWork(item)) continue;
    const tick = ticks?.[item.id];
    items.push({ id: item.id, title: item.title, phase, done: tick?.done === true, at: tick?.done ? tick.at : null });
  }
  return items;
}

function toReportMigration(project: MigrationProject, section: ChecklistSection | undefined, checklist: WizardSession['checklist']): ReportMigration {
  const route = project.route;
  return {
    id: project.id,
    title: section?.title ?? `Replace ${route.fromProduct} with ${route.toProduct}`,
    summary: section?.summary ?? '',
    fromProduct: project.fromProduct,
    toProduct: project.toProduct,
    oldServers: [...project.oldServers],
    oldEdgeServers: [...project.oldEdgeServers],
    newServerCount: project.newServerCount,
    newServerCountWhy: project.newServerCountWhy,
    newServerOs: [...route.newServerOs],
    firstSetup: `${route.newServerProduct}${route.newServerCu === 'RTM' ? ' RTM' : ` ${route.newServerCu}`}`,
    finalBuild: route.finalBuild,
    existingTargetServers: [...project.existingTargetServers],
    ...(project.targetServersAfterOwnPlan ? { targetServersAfterOwnPlan: [...project.targetServersAfterOwnPlan] } : {}),
    notes: [...project.notes],
    items: section ? itemsOf(section, Object.hasOwn(checklist, project.id) ? checklist[project.id] : undefined) : [],
  };
}

/** The scan's migration projects with the runbook's items and the session's ticks; empty without a plan. */
export function migrationsOf(scan: ScanReport, checklist: WizardSession['checklist']): ReportMigration[] {
  const projects = scan.plan?.migrations ?? [];
  if (projects.length === 0) return [];
  const sections = organisationChecklistForScan(scan).filter(s => s.kind === 'migration');
  return projects.map(p =>
    toReportMigration(
      p,
      sections.find(s => s.id === p.id),
      checklist,
    ),
  );
}
