import { cutoffHeadline } from '../knowledge/certificate-rule-text';
import type { PlanStep, PlanStepKind } from '../knowledge/types';
import type { MaintenanceWindow, ReportCertificateRule, ReportDecisions, ReportServer } from './schema';

/**
 * What the owner must decide and approve, read off the plans: new servers and
 * licences for the move to Exchange SE, the maintenance windows and who loses
 * mail in each, and the risk of doing nothing. The first page of the report.
 */

/**
 * Rough planning hours per step, Setup plus the reboot after it. Exchange
 * Setup of a CU or an in-place upgrade to SE typically runs one to three hours
 * on a small server; an SU well under one. Figures to book a window with, not
 * promises; the report says so.
 */
const HOURS: Partial<Record<PlanStepKind, number>> = {
  prerequisite: 1,
  'install-cu': 3,
  'in-place-upgrade': 3,
  'install-su': 1,
};
/** Maintenance mode on and off, health checks before the window closes. */
const WINDOW_OVERHEAD_HOURS = 0.5;

function isEdge(s: ReportServer): boolean {
  return s.facts?.identity.isEdge ?? s.roles.some(r => /edge/i.test(r));
}

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join('');
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function mailImpact(s: ReportServer, all: readonly ReportServer[]): string {
  if (isEdge(s)) {
    const others = all.filter(o => o !== s && isEdge(o)).map(o => o.name);
    return others.length
      ? `Nobody, if ${list(others)} carries Internet mail meanwhile.`
      : 'Internet mail in and out waits (senders retry): late, not lost.';
  }
  if (!s.facts?.maintenance) {
    return 'Unknown (DAG membership could not be read): plan as if its users lose mail access.';
  }
  const dag = s.facts.maintenance.dagName;
  const partners = dag ? all.filter(o => o !== s && o.facts?.maintenance?.dagName === dag).map(o => o.name) : [];
  if (partners.length) return `Nobody, if its databases move to ${list(partners)} first (maintenance mode).`;
  return `Its users lose mail access; mail to them waits in queues and arrives afterwards.`;
}

function windowOf(s: ReportServer, all: readonly ReportServer[]): MaintenanceWindow | null {
  const steps = s.actionItems.filter(a => a.status !== 'done' && HOURS[a.kind] !== undefined);
  if (steps.length === 0) return null;
  const hours = steps.reduce((sum, a) => sum + (HOURS[a.kind] ?? 0), WINDOW_OVERHEAD_HOURS);
  return { server: s.name, work: steps.map(a => a.title), hours: Math.ceil(hours * 2) / 2, mailImpact: mailImpact(s, all) };
}

function risks(servers: readonly ReportServer[], rules: readonly ReportCertificateRule[], today: string): ReportDecisions['risks'] {
  const out: ReportDecisions['risks'] = [];
  for (const rule of rules) {
    // A server that did not answer is in the "could not be checked" line below, not counted as cut off.
    const hit = servers.filter(s => s.reachable && s.eems?.verdict === 'blocked-by-certificate' && s.eems.cutoff === rule.cutoff).map(s => s.name);
    if (hit.length === 0) continue;
    out.push({ cutoff: rule.cutoff, since: rule.effectiveDate, servers: hit, text: `${cutoffHeadline(rule, today)}. ${rule.consequence ?? rule.wording.explanation}` });
  }
  const other: Array<[string, (many: boolean) => string]> = [
    ['ocs-unreachable', () => `cannot reach Microsoft's Office Config Service, so no new emergency mitigation arrives until the connection is fixed.`],
    ['disabled', many => `${many ? 'have' : 'has'} the Emergency Mitigation Service turned off: no emergency mitigation is applied.`],
    ['service-not-running', many => `${many ? 'have' : 'has'} the Emergency Mitigation Service stopped: no emergency mitigation is applied.`],
  ];
  for (const [verdict, text] of other) {
    const hit = servers.filter(s => s.eems?.verdict === verdict).map(s => s.name);
    if (hit.length) out.push({ cutoff: null, since: null, servers: hit, text: `${list(hit)} ${text(hit.length > 1)}` });
  }
  const unknown = servers.filter(s => !s.reachable).map(s => s.name);
  if (unknown.length) out.push({ cutoff: null, since: null, servers: unknown, text: `${list(unknown)} could not be checked: whether ${unknown.length > 1 ? 'they get' : 'it gets'} emergency mitigations is unknown.` });
  return out;
}

/** The decisions of a report, from its servers (worst first) and the certificate rules they were checked against. */
export function decisionsOf(servers: readonly ReportServer[], rules: readonly ReportCertificateRule[], today: string, forest: readonly PlanStep['prerequisites'][number][] = []): ReportDecisions {
  // What Exchange 2019/SE need of AD and the scan found not met: work for the domain controllers first.
  const domainControllers = forest.filter(p => p.met === false).map(p => ({ title: `Domain controller upgrade: ${p.title}`, detail: p.detail }));
  const migrating = servers.filter(s => s.plan?.steps.some(step => step.kind === 'legacy-migration'));
  return {
    newServers: migrating.map(s => s.name),
    seLicences: servers.filter(s => s.plan?.target?.product === 'Exchange SE' && s.product !== 'Exchange SE').map(s => s.name),
    windows: servers.map(s => windowOf(s, servers)).filter((w): w is MaintenanceWindow => w !== null),
    migrations: migrating.map(s => ({
      server: s.name,
      text: `Build a new Windows Server with Exchange SE, move the mailboxes and mail flow of ${s.name} to it (users stay online; Outlook reconnects once per mailbox), then remove ${s.name}.`,
    })),
    risks: risks(servers, rules, today),
    ...(domainControllers.length > 0 ? { domainControllers } : {}),
  };
}
