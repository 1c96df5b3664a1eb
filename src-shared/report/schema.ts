import { z } from 'zod';
import { ServerScanResult } from '../assessment/scan-report';
import { AuditEntry, ChecklistProof } from '../wizard/session';
import { EemsVerdictKind } from '../analysis/types';
import { ExtendedProtectionChoice } from '../knowledge/extended-protection';
import { CertificateRuleWording, MigrationProject, OrganisationPlan, PlanStep, PlanStepKind, Product } from '../knowledge/types';

/**
 * The exported report: what the JSON file holds, what the HTML, CSV and PDF
 * are rendered from, and what the wizard re-opens for review.
 *
 * The JSON Schema published in docs/schemas/report.schema.json is generated
 * from these schemas (scripts/report-schema.mjs); a test keeps it current.
 * Bump REPORT_SCHEMA_VERSION on any incompatible change and regenerate.
 */
export const REPORT_SCHEMA_VERSION = 2;
/** Marks a JSON file as an exwiz report, so a scan or session is told apart. */
export const REPORT_KIND = 'exwiz-report';

/** Where the state of an action item comes from the session (download, staging, checklist). */
export const ActionItemStatus = z.enum([
  /** Ticked off in the upgrade checklist. */
  'done',
  /** The file is verified and copied to the server: ready to install. */
  'staged',
  /** The file is verified on the jump box but not yet on the server. */
  'downloaded',
  /** The step installs a file that is not downloaded yet. */
  'to-download',
  /** Only Extended Security Update customers can get the file, and this organisation said it has no ESU. */
  'needs-esu',
  /** Nothing to download: a task the admin carries out. */
  'to-do',
]);
export type ActionItemStatus = z.infer<typeof ActionItemStatus>;

export const ReportDownload = z.object({
  fileName: z.string(),
  updateId: z.string().nullable(),
  sha256: z.string(),
  sizeBytes: z.number(),
  /** The published hash matched (null when none was published for this file). */
  hashMatched: z.boolean().nullable(),
  signatureChecked: z.boolean(),
  signatureStatus: z.string(),
  signer: z.string().nullable(),
  verifiedAt: z.string(),
  /** Download URL or import path. */
  origin: z.string().nullable(),
});
export type ReportDownload = z.infer<typeof ReportDownload>;

export const ReportStaging = z.object({
  server: z.string().nullable(),
  destinationPath: z.string(),
  sha256: z.string(),
  alreadyStaged: z.boolean(),
  bytesCopied: z.number(),
  /** The file name of the staged copy, from its destination path. */
  fileName: z.string(),
});
export type ReportStaging = z.infer<typeof ReportStaging>;

export const ActionItem = z.object({
  /** 1-based position in the server's plan. */
  order: z.number().int().min(1),
  stepId: z.string(),
  kind: PlanStepKind,
  title: z.string(),
  why: z.string(),
  resultingBuild: z.string().nullable(),
  updateId: z.string().nullable(),
  esuOnly: z.boolean(),
  prerequisites: PlanStep.shape.prerequisites,
  status: ActionItemStatus,
  /** When the checklist item was ticked off. */
  doneAt: z.string().nullable(),
  download: ReportDownload.nullable(),
  staged: ReportStaging.nullable(),
});
export type ActionItem = z.infer<typeof ActionItem>;

export const BuildAge = z.object({
  product: Product,
  build: z.string(),
  /** Release date of the server's build (YYYY-MM-DD, or YYYY-MM when only the month is known). */
  releaseDate: z.string().nullable(),
  /** Newest publicly downloadable build of the product line. */
  newestPublicBuild: z.string().nullable(),
  newestPublicReleaseDate: z.string().nullable(),
  /** Days from the server's build to the newest public build, null when a date is unknown. */
  daysBehindNewest: z.number().int().nullable(),
  /** Days from the server's build to the report date. */
  ageDays: z.number().int().nullable(),
  /** The product line is past its end of support: "newest" of that line is no target. */
  outOfSupport: z.boolean(),
  /** The supported build the server's plan goes to (its target), else the newest public build of a supported line. */
  targetBuild: z.string().nullable(),
  targetReleaseDate: z.string().nullable(),
  /** Days from the server's build to the target's release; 0 on the target or newer; null when a date is unknown. */
  daysBehindTarget: z.number().int().nullable(),
});
export type BuildAge = z.infer<typeof BuildAge>;

/** One runbook item's tick; `proof` is what the wizard's own check read when it ticked it (absent or null: ticked by hand). */
export const ChecklistEntry = z.object({ item: z.string(), title: z.string(), done: z.boolean(), at: z.string().nullable(), proof: ChecklistProof.nullable().optional() });
export type ChecklistEntry = z.infer<typeof ChecklistEntry>;

/** A server as the scan saw it, plus what the report adds: its anchor, action items, build age and checklist. */
export const ReportServer = ServerScanResult.extend({
  /** Stable anchor within the report ("server-1", ...): never derived from the name, so redaction cannot break it. */
  anchor: z.string(),
  /** The plan's steps with what the session already did; "nothing to do" steps are left out. */
  actionItems: z.array(ActionItem),
  buildAge: BuildAge.nullable(),
  /** The upgrade checklist in order, with what was ticked off; empty until the first tick. */
  checklist: z.array(ChecklistEntry),
  /**
   * Extended Protection after the Setup of the plan that turns it on, as the admin chose it
   * ("enable" when no choice was made: Microsoft's default); absent or null when no Setup of the
   * plan turns it on (reports made before the choice existed lack it).
   */
  extendedProtectionChoice: ExtendedProtectionChoice.nullable().optional(),
});
export type ReportServer = z.infer<typeof ReportServer>;

export const NewestPublicBuild = z.object({
  product: Product,
  build: z.string(),
  /** Update name, e.g. "Nov26SU", when known. */
  name: z.string().nullable(),
  releaseDate: z.string().nullable(),
});
export type NewestPublicBuild = z.infer<typeof NewestPublicBuild>;

export const ReportSummary = z.object({
  serverCount: z.number().int(),
  reachableCount: z.number().int(),
  unreachableCount: z.number().int(),
  bySeverity: z.object({ critical: z.number().int(), warning: z.number().int(), info: z.number().int(), ok: z.number().int() }),
  byEemsVerdict: z.partialRecord(EemsVerdictKind, z.number().int()),
  /** Servers whose EEMS a certificate cut-off blocks, worst first. */
  blockedByCertificate: z.array(z.object({ name: z.string(), cutoff: z.string().nullable(), build: z.string().nullable() })),
  /** Plain-language summary for the first page. */
  headline: z.string(),
  /** Server names ordered worst first. */
  worstFirst: z.array(z.string()),
});
export type ReportSummary = z.infer<typeof ReportSummary>;

/** A certificate cut-off as the report names and draws it: the rule's own data, so a saved report renders without the catalog. */
export const ReportCertificateRule = z.object({
  id: z.string(),
  cutoff: z.string(),
  title: z.string(),
  /** When the change took (or takes) effect at Microsoft. */
  effectiveDate: z.string(),
  /** What the change means for an affected server, in one sentence (null when the rule does not say). */
  consequence: z.string().nullable(),
  // A rule saved before rules carried wording is worded from its title (ruleWording) and may have no links.
  wording: CertificateRuleWording.extend({ links: CertificateRuleWording.shape.links.unwrap().array() }),
});
export type ReportCertificateRule = z.infer<typeof ReportCertificateRule>;

/** One maintenance window: the work done on one server while it is out of service. */
export const MaintenanceWindow = z.object({
  server: z.string(),
  /** The plan steps done in the window, in order. */
  work: z.array(z.string()),
  /** A rough planning figure in hours (Setup, reboots, checks), never a promise. */
  hours: z.number(),
  /** Who loses mail, or why nobody does. */
  mailImpact: z.string(),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

/** What the owner has to decide and approve (the report's first page), computed from the plans. */
export const ReportDecisions = z.object({
  /** Servers that cannot be upgraded in place: each is replaced by a new Windows Server running Exchange SE. */
  newServers: z.array(z.string()),
  /**
   * Servers that will run Exchange SE once the plan is done and do not now (in-place upgrades, and
   * "new server replacing EX02" for each a migration builds); servers a migration removes are not here.
   */
  seLicences: z.array(z.string()),
  /** The licence of every server that runs Exchange once the plan is done (absent in older reports). */
  licences: z.array(z.object({ server: z.string(), product: z.string(), changes: z.boolean(), newServer: z.boolean(), replaces: z.string().nullable() })).optional(),
  /** Servers on the target product now or after their own upgrade that can take a migration's mailboxes, one sentence per project (absent in older reports). */
  reuse: z.array(z.object({ project: z.string(), servers: z.array(z.string()), text: z.string() })).optional(),
  /** Exchange Online as the alternative to new servers, when a migration is planned (absent otherwise and in older reports). */
  cloudAlternative: z.string().optional(),
  windows: z.array(MaintenanceWindow),
  /** Moves to a new server: a project of days or weeks, not a window. */
  migrations: z.array(z.object({ server: z.string(), text: z.string() })),
  /** The risk of doing nothing: who gets no emergency mitigations, since when. */
  risks: z.array(z.object({ cutoff: z.string().nullable(), since: z.string().nullable(), servers: z.array(z.string()), text: z.string() })),
  /**
   * Active Directory work Exchange 2019/SE need first (domain controllers to upgrade, the forest
   * level to raise, a global catalog to add), one line each; absent in older reports.
   */
  domainControllers: z.array(z.object({ title: z.string(), detail: z.string() })).optional(),
});
export type ReportDecisions = z.infer<typeof ReportDecisions>;

/** Where a migration item belongs, so the owner sees the project's shape: build, live side by side, move, remove. */
export const MigrationPhase = z.enum(['new-server', 'coexistence', 'moves', 'decommission']);
export type MigrationPhase = z.infer<typeof MigrationPhase>;

/**
 * A move to new servers (the organisation plan's migration project) as the report shows it: what
 * is replaced by what, the new servers, and the runbook's items grouped by phase with their ticks.
 */
export const ReportMigration = MigrationProject.pick({
  id: true,
  fromProduct: true,
  toProduct: true,
  oldServers: true,
  oldEdgeServers: true,
  newServerCount: true,
  newServerCountWhy: true,
  existingTargetServers: true,
  targetServersAfterOwnPlan: true,
  notes: true,
}).extend({
  title: z.string(),
  /** The runbook section's answer-first summary. */
  summary: z.string(),
  /** Windows Server versions the new server's first Setup supports. */
  newServerOs: z.array(z.string()),
  /** What Setup installs on the new server first, e.g. "Exchange SE RTM" (2019 CU14 for a 2013 move). */
  firstSetup: z.string(),
  /** The build the new server ends on. */
  finalBuild: z.string(),
  items: z.array(z.object({ id: z.string(), title: z.string(), phase: MigrationPhase, done: z.boolean(), at: z.string().nullable() })),
});
export type ReportMigration = z.infer<typeof ReportMigration>;

export const ReportDocument = z.object({
  kind: z.literal(REPORT_KIND),
  schemaVersion: z.literal(REPORT_SCHEMA_VERSION),
  generatedAt: z.string(),
  generator: z.object({ name: z.string(), version: z.string() }),
  /** Host names, IP addresses and domain names replaced by placeholders. */
  redacted: z.boolean(),
  scan: z.object({
    /** When the scan ran. */
    generatedAt: z.string(),
    /** "demo", "lab:<dir>", "servers", ... */
    source: z.string(),
    organisationHasEsu: z.boolean(),
    catalogAsOf: z.string(),
    /** Who vouches for the catalog the report was made with: "built into the app", "signed by <key>" or "NOT SIGNED, …" (absent in reports saved before). */
    catalogTrust: z.string().optional(),
  }),
  /** The wizard session the report came from; null when made from a bare scan. */
  session: z.object({ id: z.string(), createdAt: z.string(), updatedAt: z.string() }).nullable(),
  summary: ReportSummary,
  decisions: ReportDecisions,
  /** Every certificate rule a server was checked against, oldest first. */
  certificateRules: z.array(ReportCertificateRule),
  newestPublicBuilds: z.array(NewestPublicBuild),
  organisationPlan: OrganisationPlan.omit({ servers: true, migrations: true }).nullable(),
  /** Moves to new servers, each a project (absent in reports saved before: none). */
  migrations: z.array(ReportMigration).default([]),
  /** Worst first. */
  servers: z.array(ReportServer),
  downloads: z.array(ReportDownload),
  staging: z.array(ReportStaging),
  /** What was done in the session, oldest first. */
  audit: z.array(AuditEntry),
});
export type ReportDocument = z.infer<typeof ReportDocument>;
