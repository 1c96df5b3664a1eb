import type { OrganisationPlan, ServerPlan } from '../knowledge/types';
import { isInstallStep } from '../knowledge/step-kinds';

/** One stop on a server's upgrade path, as the Plan step draws it. */
export interface PathStop {
  label: string;
  /** The build at this stop, when there is one. */
  build: string | null;
  /** now: where the server is; step: an interim stop; target: where it ends; migration: work on a new server; remove: the old server goes. */
  kind: 'now' | 'step' | 'target' | 'migration' | 'remove';
}

/**
 * A server's upgrade path as stops, e.g. 2019 CU11 → CU15 → SE → SE Nov26SU, or 2016 CU22 →
 * CU23 Oct25SU (interim) → new SE server → move mailboxes → remove 2016.
 */
export function upgradePath(plan: ServerPlan, current: { product: string | null; cu: string | null }): PathStop[] {
  const stops: PathStop[] = [{ label: [current.product, current.cu].filter(Boolean).join(' ') || 'Current build', build: plan.currentBuild, kind: 'now' }];
  const own = plan.steps.filter(isInstallStep);
  own.forEach((step, i) => {
    const last = i === own.length - 1 && !plan.migration;
    stops.push({ label: stepLabel(step.title), build: step.resultingBuild, kind: last ? 'target' : 'step' });
  });
  const m = plan.migration;
  if (m) {
    const first = `${m.newServerProduct}${m.newServerCu === 'RTM' ? '' : ` ${m.newServerCu}`}`;
    stops.push({ label: `New ${first} server`, build: null, kind: 'migration' });
    stops.push({ label: 'Move mailboxes', build: null, kind: 'migration' });
    stops.push({ label: `Remove ${m.fromProduct}`, build: null, kind: 'remove' });
    if (m.afterRemovalSteps.some(isInstallStep)) stops.push({ label: `New server to ${m.toProduct}`, build: m.finalBuild, kind: 'target' });
    else stops.push({ label: `${m.toProduct} on the new server`, build: m.finalBuild, kind: 'target' });
  }
  return stops;
}

/** The path in words, for the picture's text alternative and the report. */
export function upgradePathText(stops: readonly PathStop[]): string {
  return stops.map(s => `${s.label}${s.build ? ` (${s.build})` : ''}${s.kind === 'step' ? ', interim' : ''}`).join(' → ');
}

function stepLabel(title: string): string {
  return title.replace(/^(Install|Upgrade in place to) /, '').replace(/ \([0-9.]+\)$/, '');
}

/** One maintenance window of the plan. */
export interface MaintenanceWindow {
  /** 1-based. */
  number: number;
  servers: string[];
  why: string;
}

/**
 * The maintenance windows in order: one server at a time (each update takes that server down;
 * DAG members strictly one at a time so the others keep the databases), then each migration,
 * which runs over days beside the old servers.
 */
export function maintenanceWindows(plan: Pick<OrganisationPlan, 'order' | 'servers' | 'migrations'>, dagOf: (server: string) => string | null): MaintenanceWindow[] {
  const windows: MaintenanceWindow[] = [];
  for (const name of plan.order) {
    const p = plan.servers.find(s => s.serverName === name);
    if (!p || !p.steps.some(isInstallStep)) continue;
    const dag = dagOf(name);
    windows.push({
      number: windows.length + 1,
      servers: [name],
      why: dag
        ? `Member of ${dag}: alone, in maintenance mode, while the other members keep the databases online.`
        : p.migration
          ? 'Interim patch only: this server is replaced by the migration.'
          : 'Its users are offline during the update: out of hours.',
    });
  }
  for (const m of plan.migrations ?? []) {
    windows.push({
      number: windows.length + 1,
      servers: m.oldServers,
      why: `The migration to ${m.route.toProduct}: the new server is built beside the old ones; mailbox moves run in the background; only the switch of URLs and mail flow needs a quiet hour.`,
    });
  }
  return windows;
}
