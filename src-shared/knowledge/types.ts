import { z } from 'zod';
import { ExtendedProtectionState } from './extended-protection';

/*
 * Output shapes of the knowledge layer (catalog, classifier, planner).
 *
 * The classifier and planner in this folder produce these; the scan result,
 * the analyzer, the report and the UI consume them.
 */

export const Product = z.enum(['Exchange 2013', 'Exchange 2016', 'Exchange 2019', 'Exchange SE']);
export type Product = z.infer<typeof Product>;

/** Preview = a pre-release build Microsoft Learn still lists (2016 and 2019 Preview). */
export const UpdateType = z.enum(['RTM', 'CU', 'SU', 'HU', 'Preview']);
export type UpdateType = z.infer<typeof UpdateType>;

export const SupportState = z.enum([
  /** Product and CU still receive public security updates. */
  'supported',
  /** Product is past end of support; only ESU customers get updates. */
  'end-of-support',
  /** Product supported but this CU no longer receives SUs. */
  'cu-out-of-support',
]);
export type SupportState = z.infer<typeof SupportState>;

/** How a certificate rule is worded wherever it is shown (verdict, Explain, report, charts). */
export const CertificateRuleWording = z.object({
  /** The change in a sentence: "the March 2023 certificate change". */
  name: z.string().min(1),
  /** What it hits: "builds older than March 2023". */
  hits: z.string().min(1),
  /** Builds released before this date are hit; the timeline draws its line here. */
  buildsReleasedBefore: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  /** The timeline's label for that line. */
  chartLabel: z.string().min(1),
  /** What happens to EEMS on an affected server, in plain words. */
  explanation: z.string().min(1),
  /** The text an affected server logs (event 1008, the EEMS log), quoted in the explanation. */
  symptom: z.string().min(1),
  /** Why installing a newer build removes the problem. */
  whyUpdatingFixes: z.string().min(1),
  /** Said when the plain HTTPS test succeeds although the server is blocked; null where it does not apply. */
  plainTestNote: z.string().nullable(),
  /** Microsoft's pages about this change. */
  links: z.array(z.object({ title: z.string().min(1), url: z.string().regex(/^https:\/\/[^\s]+$/) })).min(1),
});
export type CertificateRuleWording = z.infer<typeof CertificateRuleWording>;

export const CertificateRuleResult = z.object({
  id: z.string(),
  /** Short name of the cut-off, e.g. "2023-03" or "2026-06"; the EEMS verdict reports it. */
  cutoff: z.string(),
  title: z.string(),
  effectiveDate: z.string(),
  /** true = the build meets the rule; false = blocked; borderline builds are false with borderline = true. */
  satisfied: z.boolean(),
  borderline: z.boolean(),
  /** Minimum build for this CU line, null when the line never got one (e.g. 2019 CU11 for June 2026). */
  minimumBuild: z.string().nullable(),
  /** Why, in one sentence. */
  reason: z.string(),
  /** Whether the change is in force on `today` (a rule announced ahead of time is not yet). */
  inEffect: z.boolean().optional(),
  /** The minimum build is sold only through ESU. */
  minimumBuildEsuOnly: z.boolean().optional(),
  /** What an affected server shows (event IDs, log lines), from the catalog. */
  symptoms: z.array(z.string()).optional(),
  /** What the change means for an affected server, in one sentence. */
  consequence: z.string().optional(),
  sources: z.array(z.object({ title: z.string(), url: z.string().nullable() })).optional(),
  /** The rule's wording from the catalog (absent in results saved before rules carried it). */
  wording: CertificateRuleWording.optional(),
});
export type CertificateRuleResult = z.infer<typeof CertificateRuleResult>;

export const BuildClassification = z.object({
  input: z.string(),
  /** Normalised a.b.c.d */
  build: z.string(),
  product: Product,
  cu: z.string(),
  /** SU/HU name such as "Mar23SU", null for the CU's own build. */
  update: z.string().nullable(),
  updateType: UpdateType,
  releaseDate: z.string().nullable(),
  kb: z.string().nullable(),
  /** Exact catalog match. */
  known: z.boolean(),
  /** When not known: the nearest lower catalog build this was resolved to, and why. */
  resolvedTo: z.object({ build: z.string(), reason: z.string() }).nullable(),
  supportState: SupportState,
  /** Whether the build's CU still got updates when its product last did (false for 2016 CU22, 2019 CU12/CU13); absent in older results. */
  cuCurrent: z.boolean().optional(),
  /** On the newest publicly downloadable SU/HU for its CU. */
  onLatestPublicUpdate: z.boolean(),
  latestPublicBuild: z.string().nullable(),
  /** Newest ESU-only build for its CU, when one exists. */
  latestEsuBuild: z.string().nullable(),
  eemsAvailable: z.boolean(),
  certificateRules: z.array(CertificateRuleResult),
  /** "day", or "month" where Microsoft gives only the month (releaseDate is then YYYY-MM). */
  releaseDatePrecision: z.enum(['day', 'month']).optional(),
  /**
   * "exact" for a full build; "cu" when the input can only show the CU (a 3-part build from an
   * /owa/auth/ path, or AdminDisplayVersion, which never shows SUs): the SU level is then unknown.
   */
  buildPrecision: z.enum(['exact', 'cu']).optional(),
  /** The build itself is sold only through Extended Security Updates. */
  esuOnly: z.boolean().optional(),
  /** End of extended support of the product (null: Modern Lifecycle, no fixed date). */
  productSupportEnds: z.string().nullable().optional(),
  /** Last day of the product's last ESU period (null: none known); after it ESU brings no update. */
  esuEnds: z.string().nullable().optional(),
  /** Anything else the admin should know about this classification. */
  notes: z.array(z.string()).optional(),
});
export type BuildClassification = z.infer<typeof BuildClassification>;

export const PlanStepKind = z.enum([
  'prerequisite',
  'prepare-schema',
  'prepare-ad',
  'install-cu',
  'install-su',
  'in-place-upgrade',
  'legacy-migration',
  /** Setup /Mode:Install of a new server (the migration's new server, never the scanned one). */
  'install-new-server',
  'none',
]);
export type PlanStepKind = z.infer<typeof PlanStepKind>;

/**
 * The switches Exchange Setup is run with, besides the licence switch: a closed list, so a plan
 * read from a file cannot carry command text in them (the commands are built from these).
 */
export const SetupSwitch = z.enum([
  '/PrepareSchema',
  '/PrepareAD',
  '/PrepareAllDomains',
  '/Mode:Upgrade',
  '/Mode:Install',
  '/Roles:Mailbox',
  '/Roles:EdgeTransport',
  '/DoNotEnableEP',
  '/DoNotEnableEP_FEEWS',
]);
export type SetupSwitch = z.infer<typeof SetupSwitch>;

export const PlanStep = z.object({
  id: z.string(),
  kind: PlanStepKind,
  title: z.string(),
  why: z.string(),
  /** Build the server is on after this step, when the step changes it. */
  resultingBuild: z.string().nullable(),
  /** Catalog update id of the file this step installs, when there is one to download. */
  updateId: z.string().nullable(),
  /** Things that must be true before the step, each with whether the server already meets it. */
  prerequisites: z.array(z.object({ id: z.string(), title: z.string(), met: z.boolean().nullable(), detail: z.string() })),
  esuOnly: z.boolean(),
  /** Commands the admin runs for this step (Setup switches, maintenance mode), when there are fixed ones. */
  commands: z.array(z.string()).optional(),
  /** Setup's switches for a Setup or AD step: what the checklist builds its commands from (never from `commands`). */
  setupSwitches: z.array(SetupSwitch).optional(),
});
export type PlanStep = z.infer<typeof PlanStep>;

/**
 * The move of a server whose product cannot be upgraded in place: a new server, the mailboxes
 * moved, the old server removed. The new server's own path is given as steps: what runs while the
 * old server still exists, and what runs on the new server only after the old one is gone (2013:
 * 2019 CU14 first, because SE Setup refuses while a 2013 server exists).
 */
export const ServerMigration = z.object({
  fromProduct: Product,
  /** The product the organisation ends on. */
  toProduct: Product,
  /** The product and CU Setup installs on the new server first (2019 CU14 for 2013, SE for 2016). */
  newServerProduct: Product,
  newServerCu: z.string(),
  /** Why the new server starts there. */
  why: z.string(),
  /** Windows Server versions the new server's first Setup supports (names). */
  newServerOs: z.array(z.string()),
  /** On the new server while the old one still runs: Setup /Mode:Install, then the newest SU. */
  newServerSteps: z.array(PlanStep),
  /** On the new server once the old one is removed (the in-place steps to the final product). */
  afterRemovalSteps: z.array(PlanStep),
  /** The build the new server ends on. */
  finalBuild: z.string(),
});
export type ServerMigration = z.infer<typeof ServerMigration>;

export const ServerPlan = z.object({
  serverName: z.string(),
  currentBuild: z.string().nullable(),
  target: z.object({ product: Product, cu: z.string(), update: z.string().nullable(), build: z.string() }).nullable(),
  /** Plain-language summary of the path. */
  summary: z.string(),
  steps: z.array(PlanStep),
  notes: z.array(z.string()),
  /** Whether the target makes EEMS fully working (both certificate rules satisfied). */
  fixesEems: z.boolean(),
  /**
   * The build this server itself ends on after its own steps (for a migrated server: the interim
   * patch level it keeps until it is removed); null when the plan has no build-changing step.
   */
  ownFinalBuild: z.string().nullable().optional(),
  /** Whether this server itself passes every certificate rule at ownFinalBuild (false for 2016 after any patch). */
  ownBuildFixesEems: z.boolean().optional(),
  /** Present when the server's product is left by migration to a new server. */
  migration: ServerMigration.optional(),
});
export type ServerPlan = z.infer<typeof ServerPlan>;

/**
 * A migration as a project of its own: new servers for the old ones of one product, with the
 * coexistence work in between. The checklist turns it into items with their commands.
 */
export const MigrationProject = z.object({
  id: z.string(),
  fromProduct: Product,
  toProduct: Product,
  /** The servers the project replaces, in the plan's order. */
  oldServers: z.array(z.string()),
  /** Old servers that are Edge Transport servers (a new Edge server each, subscribed again). */
  oldEdgeServers: z.array(z.string()),
  /** How many new Mailbox servers: one per old Mailbox server, a sane default for a small business. */
  newServerCount: z.number().int().nonnegative(),
  newServerCountWhy: z.string(),
  /**
   * Mailbox servers that can take the mailboxes before a new server is bought: on the target
   * product now, or (a project needing a bridge) on the bridge product and CU or later.
   */
  existingTargetServers: z.array(z.string()),
  /**
   * Mailbox servers that reach the target with their own plan before the project's moves (a 2019
   * CU14 server upgraded in place to SE); absent in plans saved before it was recorded.
   */
  targetServersAfterOwnPlan: z.array(z.string()).optional(),
  /** Taken from the first old server's plan (all old servers of a product share the route). */
  route: ServerMigration,
  notes: z.array(z.string()),
});
export type MigrationProject = z.infer<typeof MigrationProject>;

export const OrganisationPlan = z.object({
  adPreparation: z.object({
    needed: z.boolean(),
    prepareSchema: z.boolean(),
    prepareAd: z.boolean(),
    /** /PrepareAllDomains runs too (absent in plans saved before it was recorded). */
    prepareAllDomains: z.boolean().optional(),
    why: z.string(),
    commands: z.array(z.string()),
    /** The media to run the commands from, e.g. "Exchange SE"; null when nothing is needed. */
    media: z.string().nullable().optional(),
    /**
     * Where the forest's current levels come from: read from AD, inferred from the newest build
     * installed (Setup raised AD to its levels), or unknown.
     */
    levelsSource: z.enum(['observed', 'inferred', 'unknown']).optional(),
    /** How to read the levels when they were not read from AD. */
    howToRead: z.string().nullable().optional(),
    /**
     * What Exchange 2019/SE need of the forest (functional level, domain controllers, schema
     * master, a writable global catalog per Exchange site), each met, not met or unknown. Absent in
     * plans saved before, and when no 2019/SE Setup is planned.
     */
    prerequisites: z.array(z.object({ id: z.string(), title: z.string(), met: z.boolean().nullable(), detail: z.string() })).optional(),
  }),
  /** Server names in the order they should be updated. */
  order: z.array(z.string()),
  servers: z.array(ServerPlan),
  notes: z.array(z.string()),
  /** The migrations to new servers, each a project of its own (absent in plans saved before). */
  migrations: z.array(MigrationProject).optional(),
  /**
   * Servers whose own update comes before every migration project and every other Setup: they run
   * a CU older than a planned Exchange 2019/SE Setup coexists with (2013 CU21, 2016 CU11), and
   * their update raises them to it. Absent in plans saved before.
   */
  coexistenceFirst: z.array(z.string()).optional(),
  /**
   * The server holding the public-folder hierarchy on Exchange 2016 CU22 / 2019 CU11 or older whose
   * own update raises it past them: it is updated right after `coexistenceFirst`, before any Setup
   * that turns Extended Protection on elsewhere. Absent: no such server (or a plan saved before).
   */
  publicFolderFirst: z.array(z.string()).optional(),
});
export type OrganisationPlan = z.infer<typeof OrganisationPlan>;

/**
 * A downloadable file of a catalog update, keyed by (product, CU, update):
 * SU file names repeat across CUs, so a package is never looked up by file name.
 */
export const UpdatePackage = z.object({
  /** Stable id used by the planner, the downloader and the CLI, e.g. "exchange-se-rtm-nov26su-exe". */
  id: z.string(),
  product: Product,
  cu: z.string(),
  /** SU/HU name, or null for a CU (ISO). */
  update: z.string().nullable(),
  build: z.string(),
  fileName: z.string(),
  /** Direct https download URL when a Microsoft source gives one; null means "from the download page or the ESU channel". */
  url: z.string().nullable(),
  /** KB or Download Center page where the admin gets the file and its published hash. */
  downloadPage: z.string().nullable(),
  sha256: z.string().nullable(),
  sizeBytes: z.number().nullable(),
  esuOnly: z.boolean(),
  kind: z.enum(['iso', 'exe', 'msp', 'msi']),
  /** Whether fileName is Microsoft's published name (false: our naming, the real file may be named differently). */
  fileNameConfirmed: z.boolean().optional(),
  /** KB number, when known. */
  kb: z.string().nullable().optional(),
  /** What the package is for, in one line ("Exchange SE RTM Nov26SU", "Visual C++ 2013 x64"). */
  title: z.string().optional(),
});
export type UpdatePackage = z.infer<typeof UpdatePackage>;

/**
 * What the planner needs to know about one server. Every field but the name may be
 * null = unknown; the plan then says "not known" instead of guessing.
 */
export const PlanInput = z.object({
  serverName: z.string(),
  /** Any form classifyBuild accepts; ExSetup's FileVersion is the one that shows the SU. */
  build: z.string().nullable(),
  /** The build's classification when the caller already made it (the assessment does): the planner then does not classify the build again. */
  classification: BuildClassification.nullable().optional(),
  isEdge: z.boolean().nullable(),
  roles: z.array(z.string()),
  osProductName: z.string().nullable(),
  /** Windows build number, e.g. 17763 (Windows Server 2019). */
  osBuildNumber: z.number().nullable(),
  /** .NET Framework 4.x Release value (528040 = 4.8, 533320 = 4.8.1). */
  dotNetRelease: z.number().nullable(),
  vcRedist2012: z.string().nullable(),
  vcRedist2013: z.string().nullable(),
  ucmaInstalled: z.boolean().nullable(),
  urlRewriteInstalled: z.boolean().nullable(),
  dagName: z.string().nullable(),
  /** Free bytes on the drive Exchange is installed on. */
  installDriveFreeBytes: z.number().nullable(),
  /** The AD site the server is in (each site with Exchange needs a writable global catalog); null or absent = not known. */
  site: z.string().nullable().optional(),
  /** Extended Protection and TLS as the server shows them; null or absent = not read (Edge: not applicable). */
  extendedProtection: ExtendedProtectionState.nullable().optional(),
});
export type PlanInput = z.infer<typeof PlanInput>;
