import { cutoffHeadline } from '../knowledge/certificate-rule-text';
import { reuseSentence } from '../knowledge/organisation-planner';
import type { MigrationProject, PlanStep } from '../knowledge/types';
import { CLOUD_ALTERNATIVE, maintenanceWindowOf, resultingLicences } from '../wizard/cost-summary';
import type { MaintenanceWindow, ReportCertificateRule, ReportDecisions, ReportServer } from './schema';
import { andList } from '../domain/and-list';

/**
 * What the owner must decide and approve, read off the plans: new servers, the servers already
 * there that can take a migration's mailboxes instead, a licence per server that runs Exchange
 * once the plan is done, Exchange Online as the alternative to new servers, the maintenance
 * windows and who loses mail in each, and the risk of doing nothing. The first page of the
 * report. The windows' hours, the licences and the cloud alternative come from
 * `wizard/cost-summary`, the one place the wizard's steps read them too.
 */

function windowOf(s: ReportServer, all: readonly ReportServer[]): MaintenanceWindow | null {
  return maintenanceWindowOf(s, all, stepId => s.actionItems.some(a => a.stepId === stepId && a.status === 'done'));
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
    if (hit.length) out.push({ cutoff: null, since: null, servers: hit, text: `${andList(hit)} ${text(hit.length > 1)}` });
  }
  const unknown = servers.filter(s => !s.reachable).map(s => s.name);
  if (unknown.length)
    out.push({
      cutoff: null,
      since: null,
      servers: unknown,
      text: `${andList(unknown)} could not be checked: whether ${unknown.length > 1 ? 'they get' : 'it gets'} emergency mitigations is unknown.`,
    });
  return out;
}

/**
 * The decisions of a report, from its servers (worst first), the certificate rules they were
 * checked against, the forest's prerequisites and the plan's migration projects.
 */
export function decisionsOf(
  servers: readonly ReportServer[],
  rules: readonly ReportCertificateRule[],
  today: string,
  forest: readonly PlanStep['prerequisites'][number][] = [],
  projects: readonly MigrationProject[] = [],
): ReportDecisions {
  // What Exchange 2019/SE need of AD and the scan found not met: work for the domain controllers first.
  const domainControllers = forest.filter(p => p.met === false).map(p => ({ title: `Domain controller upgrade: ${p.title}`, detail: p.detail }));
  const migrating = servers.filter(s => s.plan?.steps.some(step => step.kind === 'legacy-migration'));
  const licences = resultingLicences(servers, projects);
  const reuse = projects.flatMap(p => {
    const text = reuseSentence(p);
    return text ? [{ project: p.id, servers: [...p.existingTargetServers, ...(p.targetServersAfterOwnPlan ?? [])], text }] : [];
  });
  return {
    newServers: migrating.map(s => s.name),
    seLicences: licences.filter(l => l.changes && l.product === 'Exchange SE').map(l => l.server),
    licences,
    ...(reuse.length > 0 ? { reuse } : {}),
    ...(projects.length > 0 ? { cloudAlternative: CLOUD_ALTERNATIVE } : {}),
    windows: servers.map(s => windowOf(s, servers)).filter((w): w is MaintenanceWindow => w !== null),
    migrations: migrating.map(s => ({
      server: s.name,
      text: `Build a new Windows Server with Exchange SE, move the mailboxes and mail flow of ${s.name} to it (users stay online; Outlook reconnects once per mailbox), then remove ${s.name}.`,
    })),
    risks: risks(servers, rules, today),
    ...(domainControllers.length > 0 ? { domainControllers } : {}),
  };
}
