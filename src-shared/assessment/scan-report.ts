import { z } from 'zod';
import { AppErrorShape } from '../domain/errors';
import { ServerFacts } from '../domain/facts';
import { DiscoverySource } from '../domain/discovery';
import { ServerName } from '../domain/host-names';
import { ObservedAdLevels } from '../domain/ad-levels';
import { BuildClassification, OrganisationPlan, ServerPlan } from '../knowledge/types';
import { ExtendedProtectionChoice } from '../knowledge/extended-protection';
import { ObservedOrganisation } from '../knowledge/organisation-facts';
import { EemsVerdict, Finding, Severity } from '../analysis/types';

/**
 * What a scan produces: one result per server plus an organisation summary.
 *
 * Each server's result is what was probed ({@link ProbedServer}) joined with
 * what the assessment concluded from it ({@link ServerAssessment}); both are
 * written once, by the probe and by `assessOrganisation`. The organisation plan
 * is stored without its per-server plans, which live on each server.
 *
 * `exwiz scan --json`, the wizard's Health step and the report all use this
 * shape; bump SCAN_REPORT_SCHEMA_VERSION on incompatible changes.
 */
export const SCAN_REPORT_SCHEMA_VERSION = 1;

/** One server as the probe left it: facts as collected, nothing concluded yet. */
export const ProbedServer = z.object({
  name: ServerName,
  fqdn: z.string().nullable(),
  source: DiscoverySource,
  reachable: z.boolean(),
  /** Why the server could not be probed (or only partly), with the fix. */
  error: AppErrorShape.nullable(),
  roles: z.array(z.string()),
  /** Version text discovery found (AD, Exchange shell, HTTPS): classifies a server that could not be probed. */
  versionHint: z.string().nullable().optional(),
  facts: ServerFacts.nullable(),
  durationMs: z.number(),
});
export type ProbedServer = z.infer<typeof ProbedServer>;

/** What the assessment concludes about one server from its facts, the catalog and the organisation plan. */
export const ServerAssessment = z.object({
  /** ExSetup.exe's version normalised to a.b.c.d, null when it was not read. */
  build: z.string().nullable(),
  product: z.string().nullable(),
  cu: z.string().nullable(),
  update: z.string().nullable(),
  classification: BuildClassification.nullable(),
  findings: z.array(Finding),
  eems: EemsVerdict.nullable(),
  /** This server's part of the organisation plan. */
  plan: ServerPlan.nullable(),
  /** Worst finding severity, "critical" for unreachable servers. */
  severity: Severity,
});
export type ServerAssessment = z.infer<typeof ServerAssessment>;

const probed = ProbedServer.shape;
const concluded = ServerAssessment.shape;
/** Both parts, in the field order `exwiz scan --json` and the report's schema have always had. */
export const ServerScanResult = z.object({
  name: probed.name,
  fqdn: probed.fqdn,
  source: probed.source,
  reachable: probed.reachable,
  error: probed.error,
  build: concluded.build,
  product: concluded.product,
  cu: concluded.cu,
  update: concluded.update,
  roles: probed.roles,
  versionHint: probed.versionHint,
  facts: probed.facts,
  classification: concluded.classification,
  findings: concluded.findings,
  eems: concluded.eems,
  plan: concluded.plan,
  severity: concluded.severity,
  durationMs: probed.durationMs,
});
export type ServerScanResult = z.infer<typeof ServerScanResult>;

/** The organisation plan without the per-server plans (each is on its server's result). */
export const OrganisationPlanOutline = OrganisationPlan.omit({ servers: true });
export type OrganisationPlanOutline = z.infer<typeof OrganisationPlanOutline>;

export const OrganisationSummary = z.object({
  serverCount: z.number(),
  unreachableCount: z.number(),
  bySeverity: z.record(Severity, z.number()),
  /** Servers whose EEMS is blocked by a certificate cut-off, worst first. */
  blockedByCertificate: z.array(z.object({ name: z.string(), cutoff: z.string().nullable(), build: z.string().nullable() })),
  /** All server names ordered worst first. */
  worstFirst: z.array(z.string()),
});
export type OrganisationSummary = z.infer<typeof OrganisationSummary>;

export const ScanReport = z.object({
  schemaVersion: z.literal(SCAN_REPORT_SCHEMA_VERSION),
  generatedAt: z.string(),
  /** "demo", "lab:<dir>", "servers", ... */
  source: z.string(),
  organisationHasEsu: z.boolean(),
  catalogAsOf: z.string(),
  /** The Exchange AD levels as read from Active Directory at discovery (facts); absent or null = not read. */
  adLevels: ObservedAdLevels.nullable().optional(),
  /** The admin's Extended Protection choice per server the plan was made with; absent = none made. */
  extendedProtectionChoices: z.record(z.string(), ExtendedProtectionChoice).optional(),
  servers: z.array(ServerScanResult),
  summary: OrganisationSummary,
  plan: OrganisationPlanOutline.nullable(),
  /**
   * Organisation-wide facts the assessment kept from the servers' facts: where the public-folder
   * hierarchy mailbox is and whether the organisation is hybrid (with the evidence), each with
   * "not known" and why. Absent in scans saved before.
   */
  organisation: ObservedOrganisation.optional(),
});
export type ScanReport = z.infer<typeof ScanReport>;
