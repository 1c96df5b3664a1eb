import { analyseServer } from '../analysis/analyse-server';
import type { ObservedAdLevels } from '../domain/ad-levels';
import { isEdgeTransport, reportedBuild } from '../domain/exchange-server';
import { parseBuild } from '../knowledge/build-number';
import { catalogAsOf, type Catalog } from '../knowledge/catalog';
import { classifyBuild } from '../knowledge/classifier';
import { planOrganisation } from '../knowledge/organisation-planner';
import { planInputFromFacts, planInputWithoutFacts } from '../knowledge/plan-input';
import { observeOrganisation, type ObservedOrganisation } from '../knowledge/organisation-facts';
import type { BuildClassification, OrganisationPlan, PlanInput, ServerPlan } from '../knowledge/types';
import type { ExtendedProtectionChoice } from '../knowledge/extended-protection';
import { SCAN_REPORT_SCHEMA_VERSION, type OrganisationPlanOutline, type OrganisationSummary, type ProbedServer, type ScanReport, type ServerAssessment, type ServerScanResult } from './scan-report';
import { summariseOrganisation } from './summary';

/**
 * The assessment: the one step between probing and everything that shows or
 * acts on a scan. From the facts as probed and the catalog it concludes, once
 * per server, the build's classification, the server's part of the
 * organisation plan, the findings, the EEMS verdict and the severity; then the
 * organisation summary.
 *
 * Planning is done for the organisation as a whole (AD preparation once,
 * servers in a safe order), so each server is analysed after it, against its
 * part of that plan. The classification made here is handed to the planner,
 * which therefore does not classify the server's build again.
 */
export interface AssessmentContext {
  /** The active catalog (built-in or imported). */
  catalog: Catalog;
  /** YYYY-MM-DD, the day the scan ran. */
  today: string;
  /** The admin's answer: the organisation buys Extended Security Updates. */
  organisationHasEsu: boolean;
  /** Exchange's AD levels as read from Active Directory, when they were read. */
  adLevels?: ObservedAdLevels | null;
  /** The admin's Extended Protection choice per server (absent: Setup turns it on as it does by default). */
  extendedProtectionChoices?: Readonly<Record<string, ExtendedProtectionChoice>>;
}

/** The conclusions about an organisation: every server assessed, the summary and the organisation-wide plan. */
export interface OrganisationAssessment {
  servers: ServerScanResult[];
  summary: OrganisationSummary;
  plan: OrganisationPlanOutline | null;
  /** The organisation-wide facts: where the public-folder hierarchy is, whether the organisation is hybrid. */
  organisation: ObservedOrganisation;
}

/** One server on its way through the assessment. */
interface Entry {
  probed: ProbedServer;
  classification: BuildClassification | null;
  /** The server's earlier result, when only another server was re-scanned. */
  earlier?: ServerScanResult;
}

/** Classifies, plans and analyses every probed server, and summarises the organisation. */
export function assessOrganisation(probed: readonly ProbedServer[], context: AssessmentContext): OrganisationAssessment {
  return assess(
    probed.map(p => ({ probed: p, classification: classifyServer(p, context) })),
    context,
  );
}

/**
 * The assessment after one server was probed again: that server is classified
 * and analysed anew; the organisation is planned again (its order and AD
 * preparation depend on every server); the other servers keep their
 * classification, and their findings too unless their part of the plan
 * changed. When the earlier assessment used another catalog, day or ESU
 * answer, everything is assessed again.
 */
export function reassessServer(
  previous: Pick<ScanReport, 'servers' | 'catalogAsOf' | 'generatedAt' | 'organisationHasEsu' | 'extendedProtectionChoices'>,
  probed: ProbedServer,
  context: AssessmentContext,
): OrganisationAssessment {
  const key = probed.name.toLowerCase();
  const others = previous.servers.filter(s => s.name.toLowerCase() !== key);
  const position = previous.servers.findIndex(s => s.name.toLowerCase() === key);
  const sameBasis =
    previous.catalogAsOf === catalogAsOf(context.catalog) &&
    previous.generatedAt.slice(0, 10) === context.today &&
    previous.organisationHasEsu === context.organisationHasEsu &&
    JSON.stringify(previous.extendedProtectionChoices ?? {}) === JSON.stringify(context.extendedProtectionChoices ?? {});
  if (!sameBasis) {
    const all = previous.servers.map(s => (s.name.toLowerCase() === key ? probed : probedPart(s)));
    return assessOrganisation(position === -1 ? [...all, probed] : all, context);
  }
  const fresh: Entry = { probed, classification: classifyServer(probed, context) };
  const kept: Entry[] = others.map(s => ({ probed: probedPart(s), classification: s.classification, earlier: s }));
  const entries = position === -1 ? [...kept, fresh] : [...kept.slice(0, position), fresh, ...kept.slice(position)];
  return assess(entries, context);
}

/** A scan report from probed servers: assessed, with when, from where and against which catalog. */
export function assessScan(probed: readonly ProbedServer[], options: ScanAssessmentOptions): ScanReport {
  const now = options.now ?? new Date();
  const context = contextOf(options, now);
  return scanReport(assessOrganisation(probed, context), options, context, now);
}

/** The report with one server probed again (matched by name) or added, re-assessed as {@link reassessServer} says. */
export function reassessScan(previous: ScanReport, probed: ProbedServer, options: Omit<ScanAssessmentOptions, 'source' | 'organisationHasEsu'>): ScanReport {
  const full: ScanAssessmentOptions = {
    adLevels: previous.adLevels ?? null,
    ...(previous.extendedProtectionChoices ? { extendedProtectionChoices: previous.extendedProtectionChoices } : {}),
    ...options,
    source: previous.source,
    organisationHasEsu: previous.organisationHasEsu,
  };
  const now = options.now ?? new Date();
  const context = contextOf(full, now);
  return scanReport(reassessServer(previous, probed, context), full, context, now);
}

/** What a scan report records besides the servers. */
export interface ScanAssessmentOptions {
  /** "demo", "lab:<dir>", "servers", ... */
  source: string;
  organisationHasEsu: boolean;
  /** The active catalog. */
  catalog: Catalog;
  /** When the scan ran (default: now). */
  now?: Date;
  adLevels?: ObservedAdLevels | null;
  /** The admin's Extended Protection choice per server name. */
  extendedProtectionChoices?: Readonly<Record<string, ExtendedProtectionChoice>>;
}

function contextOf(options: ScanAssessmentOptions, now: Date): AssessmentContext {
  const today = now.toISOString().slice(0, 10);
  return {
    catalog: options.catalog,
    today,
    organisationHasEsu: options.organisationHasEsu,
    ...(options.adLevels !== undefined ? { adLevels: options.adLevels } : {}),
    ...(options.extendedProtectionChoices ? { extendedProtectionChoices: options.extendedProtectionChoices } : {}),
  };
}

function scanReport(assessed: OrganisationAssessment, options: ScanAssessmentOptions, context: AssessmentContext, now: Date): ScanReport {
  return {
    schemaVersion: SCAN_REPORT_SCHEMA_VERSION,
    generatedAt: now.toISOString(),
    source: options.source,
    organisationHasEsu: context.organisationHasEsu,
    catalogAsOf: catalogAsOf(context.catalog),
    adLevels: context.adLevels ?? null,
    ...(context.extendedProtectionChoices && Object.keys(context.extendedProtectionChoices).length > 0 ? { extendedProtectionChoices: { ...context.extendedProtectionChoices } } : {}),
    ...assessed,
  };
}

function assess(entries: readonly Entry[], context: AssessmentContext): OrganisationAssessment {
  const inputs = entries.map(planInputOf).filter((input): input is PlanInput => input !== null);
  const organisation = observeOrganisation(entries.map(e => e.probed.facts));
  const organisationPlan =
    inputs.length > 0
      ? planOrganisation(inputs, {
          hasEsu: context.organisationHasEsu,
          catalog: context.catalog,
          today: context.today,
          // The planner takes these as they are: a level AD did not give counts as unknown there.
          observedAdLevels: context.adLevels ?? null,
          classifications: inputs.map(input => input.classification ?? null),
          publicFolderHierarchy: organisation.publicFolderHierarchy,
          ...(context.extendedProtectionChoices ? { extendedProtectionChoices: context.extendedProtectionChoices } : {}),
        })
      : null;
  const plans = new Map((organisationPlan?.servers ?? []).map(p => [p.serverName, p]));
  const servers = entries.map(entry => ({ ...entry.probed, ...conclude(entry, plans.get(entry.probed.name) ?? null, context) }));
  // Each server's plan is kept on that server; the organisation keeps everything else (AD, order, migrations).
  const plan = organisationPlan ? outline(organisationPlan) : null;
  return { servers, summary: summariseOrganisation(servers), plan, organisation };
}

function conclude(entry: Entry, plan: ServerPlan | null, context: AssessmentContext): ServerAssessment {
  const { probed, classification, earlier } = entry;
  // The analysis reads the server's part of the plan; when that did not change, its findings still hold.
  if (earlier && JSON.stringify(earlier.plan) === JSON.stringify(plan)) return conclusionsOf(earlier);
  const buildSource = reportedBuild(probed)?.source ?? null;
  const analysis = analyseServer({ facts: probed.facts, classification, plan, error: probed.error, today: context.today, organisationHasEsu: context.organisationHasEsu, buildSource });
  return {
    build: exSetupBuild(probed),
    product: classification?.product ?? null,
    cu: classification?.cu ?? null,
    update: classification?.update ?? null,
    classification,
    findings: analysis.findings,
    eems: analysis.eems,
    plan,
    severity: analysis.severity,
  };
}

function conclusionsOf(s: ServerScanResult): ServerAssessment {
  return { build: s.build, product: s.product, cu: s.cu, update: s.update, classification: s.classification, findings: s.findings, eems: s.eems, plan: s.plan, severity: s.severity };
}

/** The probed part of an earlier result, without its conclusions. */
export function probedPart(s: ServerScanResult): ProbedServer {
  return {
    name: s.name,
    fqdn: s.fqdn,
    source: s.source,
    reachable: s.reachable,
    error: s.error,
    roles: s.roles,
    ...(s.versionHint !== undefined ? { versionHint: s.versionHint } : {}),
    facts: s.facts,
    durationMs: s.durationMs,
  };
}

/** ExSetup.exe's version as a.b.c.d: the build the report shows as exact (null when ExSetup was not read). */
export function exSetupBuild(probed: Pick<ProbedServer, 'facts'>): string | null {
  const text = probed.facts?.exchange.exSetupVersion ?? null;
  if (text === null) return null;
  try {
    return parseBuild(text);
  } catch {
    return null;
  }
}

function classifyServer(probed: ProbedServer, context: AssessmentContext): BuildClassification | null {
  const build = reportedBuild(probed);
  if (!build) return null;
  try {
    return classifyBuild(build.text, { catalog: context.catalog, today: context.today });
  } catch {
    // An unreadable version text is reported by the analyzer as an unknown build.
    return null;
  }
}

function planInputOf({ probed, classification }: Entry): PlanInput | null {
  const build = reportedBuild(probed)?.text ?? null;
  if (probed.facts) return { ...planInputFromFacts(probed.facts), serverName: probed.name, build, classification };
  if (!classification) return null;
  // Not reachable but its version is known from discovery: plan from the build alone.
  return { ...planInputWithoutFacts({ serverName: probed.name, build, isEdge: isEdgeTransport(probed), roles: probed.roles }), classification };
}

function outline({ servers: _servers, ...rest }: OrganisationPlan): OrganisationPlanOutline {
  return rest;
}
