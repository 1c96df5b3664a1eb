import { AppError } from '../domain/errors';
import type { ScanReport, ServerScanResult } from '../assessment/scan-report';
import type { WizardSession } from '../wizard/session';
import type { EemsVerdictKind } from '../analysis/types';
import { sortFindings } from '../analysis/analyse-server';
import { summariseOrganisation } from '../assessment/summary';
import { inWorstFirstOrder } from '../assessment/worst-first';
import { ruleWording } from '../knowledge/certificate-rule-text';
import type { CertificateRule } from '../knowledge/catalog-schema';
import { actionItemsFor, checklistFor, toReportDownload, toReportStaging, type TransferState } from './action-items';
import { buildAgeOf, newestPublicBuilds } from './build-age';
import { checklistProgress } from './checklist';
import { decisionsOf } from './decisions';
import { chosenExtendedProtection, setupTurningOnExtendedProtection } from '../wizard/extended-protection-choice';
import { cutoffLabel } from './labels';
import { migrationsOf } from './migrations';
import { redactReport } from './redact';
import { REPORT_KIND, REPORT_SCHEMA_VERSION, type NewestPublicBuild, type ReportCertificateRule, type ReportDocument, type ReportServer, type ReportSummary } from './schema';

/*
 * Builds the report model from a wizard session or from a bare scan.
 *
 * Pure: the caller passes the time and the generator, so the same input gives
 * the same report byte for byte (tests, benchmarks, re-exports).
 */

export interface ReportOptions {
  /** ISO time the report is made. */
  generatedAt: string;
  generator: { name: string; version: string };
  /** Newest public build per product line from the catalog; derived from the scan where missing. */
  newestPublicBuilds?: readonly NewestPublicBuild[];
  /** Replace host names, IP addresses and domain names with placeholders. */
  redact?: boolean;
  /** The catalog's certificate rules, so a cut-off no classified server carries is still named; the servers' own results win. */
  certificateRules?: readonly CertificateRule[];
  /** Who vouches for the active catalog, in words (`catalogTrustLabel`). */
  catalogTrust?: string;
}

/** The report of a wizard session: scan, downloads, staging, checklist and audit trail. */
export function reportFromSession(session: WizardSession, options: ReportOptions): ReportDocument {
  if (!session.scan) {
    throw new AppError('not-found', 'There is no scan to report on yet.', { fix: 'Run the health scan (the Health step or "exwiz scan") first.' });
  }
  return assemble(session.scan, options, {
    session: { id: session.id, createdAt: session.createdAt, updatedAt: session.updatedAt },
    downloads: session.downloads,
    staging: session.staging,
    checklist: session.checklist,
    audit: session.audit,
  });
}

/** The report of a scan on its own (e.g. the JSON "exwiz scan --json" prints). */
export function reportFromScan(scan: ScanReport, options: ReportOptions): ReportDocument {
  return assemble(scan, options, { session: null, downloads: [], staging: [], checklist: {}, audit: [] });
}

interface SessionPart {
  session: ReportDocument['session'];
  downloads: WizardSession['downloads'];
  staging: WizardSession['staging'];
  checklist: WizardSession['checklist'];
  audit: WizardSession['audit'];
}

function assemble(scan: ScanReport, options: ReportOptions, part: SessionPart): ReportDocument {
  const reportTime = Date.parse(options.generatedAt);
  if (Number.isNaN(reportTime)) throw new AppError('invalid-input', `"${options.generatedAt}" is not a date and time.`);
  const newest = newestPublicBuilds(scan.servers, options.newestPublicBuilds);
  const state: TransferState = {
    downloads: part.downloads,
    staging: part.staging,
    checklist: part.checklist,
    organisationHasEsu: scan.organisationHasEsu,
  };
  const ordered = inWorstFirstOrder(scan.servers, scan.summary.worstFirst);
  const servers = ordered.map((server, i) => toReportServer(server, i, scan, state, newest, reportTime));
  const plan = scan.plan;
  const rules = certificateRulesOf(scan.servers, options.certificateRules ?? []);
  const summary = summarise(servers, rules);
  const report: ReportDocument = {
    kind: REPORT_KIND,
    schemaVersion: REPORT_SCHEMA_VERSION,
    generatedAt: options.generatedAt,
    generator: { ...options.generator },
    redacted: false,
    scan: {
      generatedAt: scan.generatedAt,
      source: scan.source,
      organisationHasEsu: scan.organisationHasEsu,
      catalogAsOf: scan.catalogAsOf,
      ...(options.catalogTrust ? { catalogTrust: options.catalogTrust } : {}),
    },
    session: part.session,
    summary,
    decisions: decisionsOf(servers, rules, options.generatedAt.slice(0, 10), plan?.adPreparation.prerequisites ?? [], plan?.migrations ?? []),
    certificateRules: rules,
    newestPublicBuilds: newest,
    organisationPlan: plan ? { adPreparation: plan.adPreparation, order: plan.order, notes: plan.notes } : null,
    migrations: migrationsOf(scan, part.checklist),
    servers,
    downloads: part.downloads.map(toReportDownload),
    staging: part.staging.map(toReportStaging),
    audit: [...part.audit].sort((a, b) => a.at.localeCompare(b.at)),
  };
  return options.redact ? redactReport(report) : report;
}

/** The certificate rules the servers were checked against (their own results first, then the catalog's), oldest first. */
function certificateRulesOf(servers: readonly ServerScanResult[], catalog: readonly CertificateRule[]): ReportCertificateRule[] {
  const byCutoff = new Map<string, ReportCertificateRule>();
  const add = (r: Pick<CertificateRule, 'id' | 'cutoff' | 'title' | 'effectiveDate'> & { wording?: CertificateRule['wording']; consequence?: string | undefined }) => {
    if (byCutoff.has(r.cutoff)) return;
    byCutoff.set(r.cutoff, { id: r.id, cutoff: r.cutoff, title: r.title, effectiveDate: r.effectiveDate, consequence: r.consequence ?? null, wording: ruleWording(r) });
  };
  const results = servers.flatMap(s => s.classification?.certificateRules ?? []);
  // Worded results first, then the catalog's rules, then results saved before rules carried wording.
  for (const r of results) if (r.wording) add(r);
  for (const r of catalog) add(r);
  for (const r of results) add(r);
  return [...byCutoff.values()].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
}

function toReportServer(s: ServerScanResult, index: number, scan: ScanReport, state: TransferState, newest: readonly NewestPublicBuild[], reportTime: number): ReportServer {
  return {
    ...s,
    anchor: `server-${index + 1}`,
    findings: sortFindings(s.findings),
    actionItems: actionItemsFor(s, s.plan, state),
    buildAge: buildAgeOf(s, newest, reportTime),
    checklist: checklistProgress(s, scan, checklistFor(s, state.checklist)),
    extendedProtectionChoice: s.plan && setupTurningOnExtendedProtection(s.plan.steps) ? chosenExtendedProtection(scan, s.name) : null,
  };
}

function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/**
 * The organisation's summary (summariseOrganisation: counts, the certificate-blocked list in
 * cut-off order) with what only the report says: reachable servers, EEMS verdicts, a headline a
 * non-specialist understands, and the servers in the report's order.
 */
export function summarise(servers: readonly ReportServer[], rules: readonly ReportCertificateRule[] = []): ReportSummary {
  const organisation = summariseOrganisation(servers);
  const byEemsVerdict: Partial<Record<EemsVerdictKind, number>> = {};
  for (const s of servers) if (s.eems && s.reachable) byEemsVerdict[s.eems.verdict] = (byEemsVerdict[s.eems.verdict] ?? 0) + 1;
  return {
    serverCount: organisation.serverCount,
    reachableCount: organisation.serverCount - organisation.unreachableCount,
    unreachableCount: organisation.unreachableCount,
    bySeverity: organisation.bySeverity,
    byEemsVerdict,
    blockedByCertificate: organisation.blockedByCertificate,
    headline: headline(servers, organisation.blockedByCertificate, organisation.unreachableCount, rules),
    worstFirst: servers.map(s => s.name),
  };
}

function headline(servers: readonly ReportServer[], blocked: ReportSummary['blockedByCertificate'], unreachable: number, rules: readonly ReportCertificateRule[]): string {
  if (servers.length === 0) return 'The scan found no Exchange server to report on.';
  const assessed = servers.filter(s => s.eems !== null).length;
  const sentences: string[] = [];
  if (blocked.length > 0) {
    const byCutoff = new Map<string, number>();
    for (const s of blocked) {
      const name = s.cutoff ? cutoffLabel(s.cutoff, rules) : 'an unnamed';
      byCutoff.set(name, (byCutoff.get(name) ?? 0) + 1);
    }
    const detail = [...byCutoff].map(([cutoff, n]) => `${n} by the ${cutoff} change`).join(', ');
    sentences.push(
      `${blocked.length} of ${plural(servers.length, 'server')} cannot use the Exchange Emergency Mitigation Service because of a certificate change at Microsoft's Office Config Service (${detail}); only an update fixes this.`,
    );
  } else if (assessed === 0) {
    sentences.push(`The Emergency Mitigation Service could not be assessed on any of the ${plural(servers.length, 'server')}.`);
  } else {
    sentences.push(
      assessed === 1
        ? 'The one server assessed is not blocked by the Office Config Service certificate changes.'
        : `None of the ${assessed} servers assessed is blocked by the Office Config Service certificate changes.`,
    );
  }
  const notAssessed = servers.filter(s => s.reachable && s.eems === null).length;
  if (notAssessed > 0 && assessed > 0) sentences.push(`${plural(notAssessed, 'server')} answered but ${notAssessed === 1 ? 'has' : 'have'} no EEMS assessment.`);
  const borderline = servers.filter(s => s.eems?.verdict === 'borderline').length;
  if (borderline > 0) sentences.push(`${plural(borderline, 'server')} ${borderline === 1 ? 'is' : 'are'} on a borderline build that may or may not work.`);
  if (unreachable > 0) sentences.push(`${plural(unreachable, 'server')} could not be checked.`);
  const critical = servers.filter(s => s.severity === 'critical').length;
  const warning = servers.filter(s => s.severity === 'warning').length;
  sentences.push(`By severity: ${critical} critical, ${warning} warning, ${servers.length - critical - warning} without problems.`);
  return sentences.join(' ');
}
