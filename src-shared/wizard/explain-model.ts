import type { DocLink, EemsVerdict, Evidence } from '../analysis/types';
import type { ScanReport, ServerScanResult } from '../assessment/scan-report';
import { cutoffHeadline, ruleWording } from '../knowledge/certificate-rule-text';
import type { CertificateRuleResult } from '../knowledge/types';
import { costSummary, type CostSummary } from './cost-summary';
import { findingFixItems } from './fix-items';
import { buildLabel, releasedLabel } from './server-labels';
import { SERVER_STATUSES, serverStatus, type ServerStatus } from './server-status';
import { plural } from './words';

/**
 * What the Explain step says, computed once from the scan: the organisation's answer first,
 * then the servers grouped by status, then the build timeline. Every word about a cut-off comes
 * from the certificate rule's own data (`ruleWording`, `cutoffHeadline`), so a third rule in an
 * imported catalog is worded exactly like the first two.
 */
export interface ExplainModel {
  answer: OrganisationAnswer;
  groups: ExplainGroup[];
  timeline: TimelineModel;
  /** What the plan costs: the same numbers Plan, Upgrade and the report's decision page show. */
  cost: CostSummary;
}

export interface OrganisationAnswer {
  /** "Yes — 4 of your 7 servers are cut off", "No — …", "Not known yet — …". */
  headline: string;
  tone: 'cut-off' | 'clear' | 'unknown';
  /** One line per cut-off that hits at least one server, oldest first. */
  cutoffs: CutoffLine[];
  /** What fixes it, said once: "2 in-place upgrades and 2 new Exchange SE servers (with a mailbox move)". */
  fix: string | null;
  /** Servers the answer could not include, and how to include them. */
  unknown: string | null;
}

export interface CutoffLine {
  ruleId: string;
  /** "Cut off since January 2025: builds older than March 2023". */
  headline: string;
  servers: string[];
  /** "3 servers: EX01, EX02, EX05". */
  serversText: string;
}

export interface ExplainGroup {
  status: ServerStatus;
  title: string;
  tone: 'danger' | 'warning' | 'success' | 'neutral';
  servers: ExplainServer[];
}

export interface ExplainServer {
  name: string;
  /** "Exchange 2019 CU11 Mar23SU". */
  build: string;
  /** "Nov 2022, 4 years old", null when the release date is unknown. */
  released: string | null;
  /** "Cut off since January 2025: builds older than March 2023" for a cut-off server, else the status. */
  headline: string;
  /** What is going on, in the verdict's own words. */
  explanation: string;
  /** Why updating fixes it (the rule's wording), only for a cut-off server. */
  whyUpdatingFixes: string | null;
  /** The fix, said once. */
  fix: string | null;
  evidence: Evidence[];
  links: DocLink[];
}

export interface TimelineModel {
  /** First and last date the axis covers (YYYY-MM-DD). */
  from: string;
  to: string;
  lines: Array<{ ruleId: string; date: string; label: string }>;
  points: Array<{ name: string; date: string; cutOff: boolean; mark: TimelineMark }>;
  /** Servers whose build date is unknown, so they have no dot. */
  undated: string[];
  /** The picture in words, for `role="img"`. */
  description: string;
}

/**
 * How a server's dot is drawn: cut off, at risk for another reason (proxy, EEMS off, stuck in
 * maintenance), unknown (not scanned: its place is the worst case), or fine. Only a server the
 * scan read and found working with nothing to fix is "ok" (green).
 */
export type TimelineMark = 'cut-off' | 'at-risk' | 'unknown' | 'ok';

function markOf(s: ServerScanResult): TimelineMark {
  if (!s.reachable || s.facts === null) return 'unknown';
  const status = serverStatus(s);
  if (status === 'cut-off') return 'cut-off';
  if (status === 'unreachable' || status === 'unknown') return 'unknown';
  if (status === 'working' && findingFixItems(s).length === 0) return 'ok';
  return 'at-risk';
}

/** Builds the whole Explain model. `today` (YYYY-MM-DD) dates "4 years old" and "since/from". */
export function explainModel(report: Pick<ScanReport, 'servers' | 'summary'> & Partial<Pick<ScanReport, 'plan'>>, today: string): ExplainModel {
  const order = new Map(report.summary.worstFirst.map((name, i) => [name, i]));
  const servers = [...report.servers].sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0));
  const rules = rulesOf(servers);
  const cost = costSummary({ servers, plan: report.plan ?? null }, today);
  return {
    answer: organisationAnswer(servers, rules, today, cost),
    groups: groupServers(servers, rules, today),
    timeline: timeline(servers, rules),
    cost,
  };
}

/** Every certificate rule the scan knows, oldest first (from the classifications, so an imported rule is included). */
function rulesOf(servers: readonly ServerScanResult[]): CertificateRuleResult[] {
  const byId = new Map<string, CertificateRuleResult>();
  for (const s of servers) for (const rule of s.classification?.certificateRules ?? []) if (!byId.has(rule.id)) byId.set(rule.id, rule);
  return [...byId.values()].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
}

/** The rule that cuts this server off, as its verdict names it. */
function blockingRule(server: ServerScanResult, rules: readonly CertificateRuleResult[]): CertificateRuleResult | null {
  const cutoff = server.eems?.cutoff;
  if (!cutoff) return null;
  return server.classification?.certificateRules.find(r => r.cutoff === cutoff) ?? rules.find(r => r.cutoff === cutoff) ?? null;
}

function organisationAnswer(servers: readonly ServerScanResult[], rules: readonly CertificateRuleResult[], today: string, cost: CostSummary): OrganisationAnswer {
  const total = servers.length;
  const cutOff = servers.filter(s => serverStatus(s) === 'cut-off');
  const unknown = servers.filter(s => ['unreachable', 'unknown'].includes(serverStatus(s)));
  const cutoffs: CutoffLine[] = [];
  for (const rule of rules) {
    const hit = cutOff.filter(s => blockingRule(s, rules)?.id === rule.id).map(s => s.name);
    if (hit.length === 0) continue;
    cutoffs.push({ ruleId: rule.id, headline: cutoffHeadline(rule, today), servers: hit, serversText: `${plural(hit.length, 'server')}: ${hit.join(', ')}` });
  }
  const unknownText =
    unknown.length === 0
      ? null
      : `${plural(unknown.length, 'server')} could not be checked (${unknown.map(s => s.name).join(', ')}): the answer does not include ${unknown.length === 1 ? 'it' : 'them'}. Open ${unknown.length === 1 ? 'it' : 'each'} on the Health step for the reason, then scan again or run the offline collector there.`;
  let headline: string;
  let tone: OrganisationAnswer['tone'];
  if (cutOff.length > 0) {
    headline = `Yes — ${cutOff.length} of your ${plural(total, 'server')} ${cutOff.length === 1 ? 'is' : 'are'} cut off`;
    tone = 'cut-off';
  } else if (unknown.length > 0) {
    headline = `Not known yet — none of the ${total - unknown.length} servers checked is cut off, but ${plural(unknown.length, 'server')} could not be checked`;
    tone = 'unknown';
  } else {
    headline = `No — none of your ${plural(total, 'server')} is cut off by a certificate change`;
    tone = 'clear';
  }
  return { headline, tone, cutoffs, fix: fixSentence(cutOff, cost), unknown: unknownText };
}

/**
 * What the plan does for the cut-off servers: in-place updates counted from each server's plan,
 * new servers from the cost (the migration projects), so Explain says the number Plan and the report say.
 */
function fixSentence(cutOff: readonly ServerScanResult[], cost: CostSummary): string | null {
  if (cutOff.length === 0) return null;
  let inPlace = 0;
  let migrating = 0;
  let unplanned = 0;
  for (const s of cutOff) {
    const kinds = new Set(s.plan?.steps.map(step => step.kind) ?? []);
    if (kinds.has('legacy-migration')) migrating++;
    else if (kinds.has('in-place-upgrade') || kinds.has('install-cu') || kinds.has('install-su')) inPlace++;
    else unplanned++;
  }
  const parts: string[] = [];
  if (inPlace > 0) parts.push(`${plural(inPlace, 'server')} updated in place`);
  // A plan saved before migration projects has no count of its own: one new server per old one.
  const newServers = cost.newServers.count || migrating;
  if (migrating > 0) parts.push(`${plural(newServers, 'new Exchange server')} to replace older ones (with a mailbox move)`);
  const planned = parts.length > 0 ? `Only updating fixes it: ${parts.join(' and ')}. The Plan step shows the order.` : null;
  const gap = unplanned > 0 ? `${plural(unplanned, 'server')} ${unplanned === 1 ? 'has' : 'have'} no update path yet: see the Plan step.` : null;
  return [planned, gap].filter(Boolean).join(' ');
}

function groupServers(servers: readonly ServerScanResult[], rules: readonly CertificateRuleResult[], today: string): ExplainGroup[] {
  return SERVER_STATUSES.map(info => ({
    status: info.id,
    title: info.groupTitle,
    tone: info.tone,
    servers: servers.filter(s => serverStatus(s) === info.id).map(s => explainServer(s, rules, today, info.label)),
  })).filter(g => g.servers.length > 0);
}

function explainServer(server: ServerScanResult, rules: readonly CertificateRuleResult[], today: string, statusLabel: string): ExplainServer {
  const v: EemsVerdict | null = server.eems;
  const rule = blockingRule(server, rules);
  const wording = rule ? ruleWording(rule) : null;
  const borderline = v?.verdict === 'borderline';
  return {
    name: server.name,
    build: buildLabel(server),
    released: releasedLabel(server.classification?.releaseDate, today),
    headline: rule ? `${borderline ? 'May be cut off — ' : ''}${cutoffHeadline(rule, today)}` : statusLabel,
    explanation: v?.explanation ?? server.error?.message ?? 'No verdict for this server.',
    whyUpdatingFixes: wording ? wording.whyUpdatingFixes : null,
    fix: v?.fix ?? server.error?.fix ?? null,
    evidence: v?.evidence ?? [],
    links: v?.links ?? [],
  };
}

function timeline(servers: readonly ServerScanResult[], rules: readonly CertificateRuleResult[]): TimelineModel {
  const lines = rules.map(rule => {
    const w = ruleWording(rule);
    return { ruleId: rule.id, date: w.buildsReleasedBefore, label: w.chartLabel };
  });
  const points: TimelineModel['points'] = [];
  const undated: string[] = [];
  for (const s of servers) {
    const date = s.classification?.releaseDate ?? null;
    if (!date || !/^\d{4}-\d{2}/.test(date)) undated.push(s.name);
    else points.push({ name: s.name, date: date.length === 7 ? `${date}-01` : date.slice(0, 10), cutOff: serverStatus(s) === 'cut-off', mark: markOf(s) });
  }
  const dates = [...lines.map(l => l.date), ...points.map(p => p.date)].sort();
  const from = `${(dates[0] ?? '2020-01-01').slice(0, 4)}-01-01`;
  const to = `${Number((dates.at(-1) ?? '2026-12-31').slice(0, 4)) + 1}-01-01`;
  return { from, to, lines, points, undated, description: timelineDescription(lines, points, undated) };
}

/** The legend's word for each mark; the picture's text alternative says it per server too. */
export const MARK_WORDS: Readonly<Record<TimelineMark, string>> = {
  'cut-off': 'cut off',
  'at-risk': 'at risk for another reason',
  unknown: 'unknown: not scanned, worst case assumed',
  ok: 'working',
};

function timelineDescription(lines: TimelineModel['lines'], points: TimelineModel['points'], undated: readonly string[]): string {
  const sentences = lines.map(line => {
    const older = points.filter(p => p.date < line.date).map(p => p.name);
    return `${line.label} at ${line.date}: ${older.length === 0 ? 'no server is older' : `${older.join(', ')} ${older.length === 1 ? 'is' : 'are'} older`}.`;
  });
  const dots = [...points].sort((a, b) => a.date.localeCompare(b.date)).map(p => `${p.name} ${p.date} (${MARK_WORDS[p.mark]})`);
  const parts = [`Build release dates of ${plural(points.length, 'server')} against ${plural(lines.length, 'certificate cut-off')}.`, ...sentences];
  if (dots.length > 0) parts.push(`Servers by build date: ${dots.join(', ')}.`);
  if (undated.length > 0) parts.push(`Build date unknown: ${undated.join(', ')}.`);
  return parts.join(' ');
}
