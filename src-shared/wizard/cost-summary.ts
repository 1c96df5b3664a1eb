import type { ScanReport, ServerScanResult } from '../assessment/scan-report';
import { cutoffHeadline } from '../knowledge/certificate-rule-text';
import type { CertificateRuleResult, MigrationProject, PlanStepKind } from '../knowledge/types';
import { plural } from './words';
import { andList } from '../domain/and-list';

/**
 * What the plan costs, said once: new servers (and the existing ones that can take mailboxes),
 * licences per resulting server, maintenance windows with hours and who loses mail, Active
 * Directory work and the risk of doing nothing. Explain, Plan, Upgrade and the report's
 * decision page all read these numbers from here, so they cannot disagree.
 */

/**
 * Rough planning hours per step, Setup plus the reboot after it. Exchange Setup of a CU or an
 * in-place upgrade to SE typically runs one to three hours on a small server; an SU well under
 * one. Figures to book a window with, not promises; every screen says so.
 */
const HOURS: Partial<Record<PlanStepKind, number>> = {
  prerequisite: 1,
  'install-cu': 3,
  'in-place-upgrade': 3,
  'install-su': 1,
};
/** Maintenance mode on and off, health checks before the window closes. */
const WINDOW_OVERHEAD_HOURS = 0.5;

/** One server's maintenance window: its work, rough hours and who loses mail meanwhile. */
export interface CostWindow {
  server: string;
  work: string[];
  hours: number;
  mailImpact: string;
}

/** The fields of a server the cost reads; a scanned server and a report's server both have them. */
export type CostServer = Pick<ServerScanResult, 'name' | 'roles' | 'facts' | 'plan'>;

/** The new servers a migration project needs, as the owner buys them: Mailbox servers plus one per old Edge. */
export type NewServerProject = Pick<MigrationProject, 'newServerCount' | 'oldEdgeServers'>;

/** The fields of a migration project the licences read. */
export type LicenceProject = Pick<MigrationProject, 'oldServers' | 'oldEdgeServers' | 'newServerCount' | 'toProduct'>;

/** The Exchange licence one server needs once the plan is done. */
export interface LicenceLine {
  /** The server's name, or "new server replacing EX02" for one a migration builds. */
  server: string;
  product: string;
  /** The product differs from what the server runs now (an in-place upgrade, or a new server). */
  changes: boolean;
  /** A server a migration builds, not one that exists now. */
  newServer: boolean;
  /** For a new server: the old server it replaces (null for an existing one, or a new server beyond one per old server). */
  replaces: string | null;
}

export interface CostSummary {
  newServers: {
    /** Windows Servers to buy or set up (each also needs an Exchange licence). */
    count: number;
    /** Servers they replace, which cannot be upgraded in place. */
    replaces: string[];
    /** Servers on the target (or bridge) product now or after their own update: they can take mailboxes too. */
    canTakeMailboxes: string[];
  };
  /** The Exchange licence each server needs once the plan is done, existing servers first, then the new ones. */
  licences: LicenceLine[];
  /** Moving the mailboxes to Exchange Online instead of new servers; null when no migration is planned. */
  cloudAlternative: string | null;
  windows: CostWindow[];
  /** Sum of the windows' hours. */
  totalHours: number;
  /** Active Directory (schema/domain) preparation, in one sentence; null when none is needed. */
  adWork: string | null;
  /** What happens if nothing is done, one line per cut-off that hits a server. */
  doNothing: string[];
}

function isEdge(s: Pick<ServerScanResult, 'roles' | 'facts'>): boolean {
  return s.facts?.identity.isEdge ?? s.roles.some(r => /edge/i.test(r));
}

function mailImpact(s: CostServer, all: readonly CostServer[]): string {
  if (isEdge(s)) {
    const others = all.filter(o => o !== s && isEdge(o)).map(o => o.name);
    return others.length ? `Nobody, if ${andList(others)} carries Internet mail meanwhile.` : 'Internet mail in and out waits (senders retry): late, not lost.';
  }
  if (!s.facts?.maintenance) return 'Unknown (DAG membership could not be read): plan as if its users lose mail access.';
  const dag = s.facts.maintenance.dagName;
  const partners = dag ? all.filter(o => o !== s && o.facts?.maintenance?.dagName === dag).map(o => o.name) : [];
  if (partners.length) return `Nobody, if its databases move to ${andList(partners)} first (maintenance mode).`;
  return `Its users lose mail access; mail to them waits in queues and arrives afterwards.`;
}

/**
 * One server's maintenance window for the steps not yet done (`done(stepId)`); null when no step
 * needs a window. The report passes its action items' status, the wizard the checklist ticks.
 */
export function maintenanceWindowOf(s: CostServer, all: readonly CostServer[], done: (stepId: string) => boolean = () => false): CostWindow | null {
  const steps = (s.plan?.steps ?? []).filter(step => !done(step.id) && HOURS[step.kind] !== undefined);
  if (steps.length === 0) return null;
  const hours = steps.reduce((sum, step) => sum + (HOURS[step.kind] ?? 0), WINDOW_OVERHEAD_HOURS);
  return { server: s.name, work: steps.map(step => step.title), hours: Math.ceil(hours * 2) / 2, mailImpact: mailImpact(s, all) };
}

/** Windows Servers the migration projects need: every new Mailbox server and one per old Edge. */
export function newServerCount(projects: readonly NewServerProject[]): number {
  return projects.reduce((sum, p) => sum + p.newServerCount + p.oldEdgeServers.length, 0);
}

function doNothing(servers: readonly ServerScanResult[], today: string): string[] {
  const rules = new Map<string, CertificateRuleResult>();
  for (const s of servers) for (const rule of s.classification?.certificateRules ?? []) if (!rules.has(rule.id)) rules.set(rule.id, rule);
  const out: string[] = [];
  for (const rule of [...rules.values()].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate))) {
    // A server that did not answer is in the "could not be checked" line below, never counted as cut off (as on the decision page).
    const hit = servers.filter(s => s.reachable && s.eems?.verdict === 'blocked-by-certificate' && s.eems.cutoff === rule.cutoff).map(s => s.name);
    if (hit.length) out.push(`${andList(hit)}: ${cutoffHeadline(rule, today)}. They get no emergency mitigation until updated.`);
  }
  const unknown = servers.filter(s => !s.reachable).map(s => s.name);
  if (unknown.length) out.push(`${andList(unknown)} could not be checked: whether ${unknown.length > 1 ? 'they get' : 'it gets'} emergency mitigations is unknown.`);
  return out;
}

/**
 * The licence of every server that runs Exchange once the plan is done: the servers that stay (on
 * their plan's product: an in-place upgrade changes it), then the new servers the migrations build,
 * named for the server each replaces. Servers a migration removes need none.
 */
export function resultingLicences(
  servers: readonly { name: string; product: string | null; plan?: { target: { product: string } | null } | null | undefined }[],
  projects: readonly LicenceProject[],
): LicenceLine[] {
  const replaced = new Set(projects.flatMap(p => [...p.oldServers, ...p.oldEdgeServers]));
  const out: LicenceLine[] = [];
  for (const s of servers) {
    if (replaced.has(s.name)) continue;
    const product = s.plan?.target?.product ?? s.product;
    if (product) out.push({ server: s.name, product, changes: product !== s.product, newServer: false, replaces: null });
  }
  let unnamed = 0;
  for (const p of projects) {
    const mailbox = p.oldServers.filter(n => !p.oldEdgeServers.includes(n));
    for (let i = 0; i < p.newServerCount; i++) {
      const old = mailbox[i];
      out.push({ server: old === undefined ? `new server ${++unnamed}` : `new server replacing ${old}`, product: p.toProduct, changes: true, newServer: true, replaces: old ?? null });
    }
    for (const edge of p.oldEdgeServers) out.push({ server: `new Edge server replacing ${edge}`, product: p.toProduct, changes: true, newServer: true, replaces: edge });
  }
  return out;
}

/**
 * Exchange Online instead of new servers, in Microsoft Learn's words: a cutover migration
 * ("Perform a cutover migration": up to 2,000 mailboxes, 150 or fewer recommended) or a hybrid
 * deployment (staged migration is for Exchange 2003 and 2007 only), each user with a subscription,
 * and ("Manage recipients in Exchange Hybrid environments") an on-premises Exchange server kept to
 * manage the recipients while directory synchronisation runs.
 */
export const CLOUD_ALTERNATIVE =
  'The mailboxes can move to Exchange Online instead: a subscription per user, then a cutover migration (all at once, at most 2,000; Microsoft recommends 150 or fewer) or a hybrid deployment (in batches); while directory synchronisation runs, Microsoft says to keep an on-premises Exchange server to manage the recipients (in some cases the Management Tools of 2019 CU12 or later suffice).';

/** The cost of the scan's plan; `done(server, stepId)` leaves out work already ticked off. */
export function costSummary(scan: Pick<ScanReport, 'servers' | 'plan'>, today: string, done: (server: string, stepId: string) => boolean = () => false): CostSummary {
  const projects = scan.plan?.migrations ?? [];
  const replaced = new Set(projects.flatMap(p => [...p.oldServers, ...p.oldEdgeServers]));
  const count = newServerCount(projects);
  const licences = resultingLicences(scan.servers, projects);
  // In the plan's order: the order the admin books and runs them.
  const order = scan.plan?.order ?? [];
  const rank = (name: string) => (order.includes(name) ? order.indexOf(name) : order.length);
  const windows = [...scan.servers]
    .sort((a, b) => rank(a.name) - rank(b.name))
    .map(s => maintenanceWindowOf(s, scan.servers, id => done(s.name, id)))
    .filter((w): w is CostWindow => w !== null);
  const ad = scan.plan?.adPreparation;
  return {
    newServers: { count, replaces: [...replaced], canTakeMailboxes: [...new Set(projects.flatMap(p => [...p.existingTargetServers, ...(p.targetServersAfterOwnPlan ?? [])]))] },
    licences,
    cloudAlternative: projects.length > 0 ? CLOUD_ALTERNATIVE : null,
    windows,
    totalHours: windows.reduce((sum, w) => sum + w.hours, 0),
    adWork: ad?.needed ? `Prepare Active Directory once${ad.media ? ` with the ${ad.media} media` : ''} before the first server: ${ad.why}` : null,
    doNothing: doNothing(scan.servers, today),
  };
}

/** "2 new Windows Servers (replacing EX2016A and EX2016B)", or null when none is needed. */
export function newServersSentence(cost: CostSummary): string | null {
  if (cost.newServers.count === 0) return null;
  const more = cost.newServers.canTakeMailboxes.length ? `; ${andList(cost.newServers.canTakeMailboxes)} can take mailboxes too` : '';
  return `${plural(cost.newServers.count, 'new Windows Server')} with Exchange (replacing ${andList(cost.newServers.replaces)}, which cannot be upgraded in place)${more}.`;
}

/** "about 7.5 hours" */
export function hoursText(h: number): string {
  return `about ${h % 1 === 0 ? h : h.toFixed(1)} hour${h === 1 ? '' : 's'}`;
}

/** Steps ticked off in the Upgrade checklist (the step's own item or its Setup item), for `costSummary`'s `done`. */
export function tickedSteps(checklist: Readonly<Record<string, Readonly<Record<string, { done: boolean }>>>>): (server: string, stepId: string) => boolean {
  return (server, stepId) => {
    const ticks = Object.hasOwn(checklist, server) ? checklist[server] : undefined;
    return [stepId, `install-${stepId}`].some(id => ticks !== undefined && Object.hasOwn(ticks, id) && ticks[id]?.done === true);
  };
}
