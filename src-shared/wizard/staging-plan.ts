import type { ScanReport } from '../assessment/scan-report';
import type { OrganisationPlan, ServerPlan } from '../knowledge/types';
import { isInstallStep } from '../knowledge/step-kinds';
import { AppError } from '../domain/errors';
import type { WizardSession } from '../wizard/session';
import { matchesServer } from './server-labels';

/** Where one update file goes. */
export interface StagingTarget {
  updateId: string;
  /** Scanned servers whose own steps install the file: stage it there. */
  servers: string[];
  /**
   * Migration projects whose new server installs it: it stays on the jump box until the new
   * server exists (then copy it there), and never goes onto an old server of the project.
   */
  newServerOf: string[];
}

/**
 * Which file goes where: a file is staged on a scanned server only when that server's own plan
 * installs it (a CU, an SU, the in-place upgrade). The media of a migration's new server (Exchange
 * SE for 2016, 2019 CU14 and SE for 2013) is for a server that does not exist yet: it stays on the
 * jump box, and is never copied onto the old server it replaces.
 */
export function stagingPlan(servers: readonly Pick<ServerPlan, 'serverName' | 'steps'>[], plan: Pick<OrganisationPlan, 'migrations'> | null): StagingTarget[] {
  const targets = new Map<string, StagingTarget>();
  const target = (id: string) => {
    let t = targets.get(id);
    if (!t) {
      t = { updateId: id, servers: [], newServerOf: [] };
      targets.set(id, t);
    }
    return t;
  };
  for (const server of servers) {
    for (const step of server.steps) {
      if (step.updateId === null || !isInstallStep(step)) continue;
      const t = target(step.updateId);
      if (!t.servers.includes(server.serverName)) t.servers.push(server.serverName);
    }
  }
  for (const project of plan?.migrations ?? []) {
    for (const step of [...project.route.newServerSteps, ...project.route.afterRemovalSteps]) {
      if (step.updateId === null) continue;
      const t = target(step.updateId);
      if (!t.newServerOf.includes(project.id)) t.newServerOf.push(project.id);
    }
  }
  return [...targets.values()];
}

/** The files to stage on one scanned server, in its plan's order. */
export function filesForServer(scan: Pick<ScanReport, 'servers' | 'plan'>, serverName: string): string[] {
  const server = scan.servers.find(s => s.name === serverName);
  return (server?.plan?.steps ?? [])
    .filter(s => isInstallStep(s) && s.updateId !== null)
    .map(s => s.updateId as string)
    .filter((id, i, all) => all.indexOf(id) === i);
}

/**
 * Whether a file may be staged on a scanned server: only when that server's own plan installs it.
 * The reason says where the file belongs instead (the new server of a migration, or no server).
 */
export function mayStageOn(scan: Pick<ScanReport, 'servers' | 'plan'>, updateId: string, serverName: string): { ok: true } | { ok: false; why: string } {
  if (filesForServer(scan, serverName).includes(updateId)) return { ok: true };
  const plans = scan.servers.flatMap(s => (s.plan ? [s.plan] : []));
  const t = stagingPlan(plans, scan.plan).find(x => x.updateId === updateId);
  if (t && t.newServerOf.length > 0) {
    return { ok: false, why: `${updateId} is for the new server of the migration, not for ${serverName}: keep it on the jump box and copy it to the new server once it exists.` };
  }
  return { ok: false, why: `${serverName}'s plan does not install ${updateId}.` };
}

/**
 * Why the stage handler must refuse to copy a downloaded file to a scanned server (its plan does
 * not install it); null when the copy is fine or nothing is known to decide on (no scan, a file
 * the wizard did not download, a destination without a server).
 */
export function stagingRefusal(session: Pick<WizardSession, 'scan' | 'downloads'>, file: string, server: string | undefined): string | null {
  if (!server || !session.scan) return null;
  const updateId = session.downloads.find(d => d.path === file)?.manifest.updateId ?? null;
  const scanned = session.scan.servers.find(s => matchesServer(server, s));
  if (updateId === null || !scanned) return null;
  const decision = mayStageOn(session.scan, updateId, scanned.name);
  return decision.ok ? null : decision.why;
}

/**
 * The host a file is staged on when the request names a scanned server: that server's own FQDN
 * (else its name), never the text of the request, which only picks the server ("ex01.attacker.test"
 * would otherwise count as EX01 by its first label). A full name other than the server's is
 * refused. A server the scan does not know is staged on as named.
 */
export function stagingHost(session: Pick<WizardSession, 'scan'>, server: string): string {
  const scanned = session.scan?.servers.find(s => matchesServer(server, s));
  if (!scanned) return server;
  const known = scanned.fqdn ?? scanned.name;
  if (server.includes('.') && server.trim().toLowerCase().replace(/\.$/, '') !== known.toLowerCase()) {
    throw new AppError('invalid-input', `${server} is not where ${scanned.name} was found (${known}), so nothing was copied there.`, {
      fix: `Copy to ${scanned.name} from the Stage step, which uses ${known}; if its DNS name changed, scan it again first.`,
    });
  }
  return known;
}
