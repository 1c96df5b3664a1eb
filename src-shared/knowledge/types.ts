import { z } from 'zod';

/**
 * Output shapes of the knowledge layer (catalog, classifier, planner).
 *
 * The classifier and planner in this folder produce these; the scan result,
 * the analyzer, the report and the UI consume them.
 */

export const Product = z.enum(['Exchange 2013', 'Exchange 2016', 'Exchange 2019', 'Exchange SE']);
export type Product = z.infer<typeof Product>;

export const UpdateType = z.enum(['RTM', 'CU', 'SU', 'HU']);
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

export const CertificateRuleResult = z.object({
  id: z.string(),
  title: z.string(),
  effectiveDate: z.string(),
  /** true = the build meets the rule; false = blocked; borderline builds are false with borderline = true. */
  satisfied: z.boolean(),
  borderline: z.boolean(),
  /** Minimum build for this CU line, null when the line never got one (e.g. 2019 CU11 for June 2026). */
  minimumBuild: z.string().nullable(),
  /** Why, in one sentence. */
  reason: z.string(),
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
  /** On the newest publicly downloadable SU/HU for its CU. */
  onLatestPublicUpdate: z.boolean(),
  latestPublicBuild: z.string().nullable(),
  /** Newest ESU-only build for its CU, when one exists. */
  latestEsuBuild: z.string().nullable(),
  eemsAvailable: z.boolean(),
  certificateRules: z.array(CertificateRuleResult),
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
  'none',
]);
export type PlanStepKind = z.infer<typeof PlanStepKind>;

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
});
export type PlanStep = z.infer<typeof PlanStep>;

export const ServerPlan = z.object({
  serverName: z.string(),
  currentBuild: z.string().nullable(),
  target: z
    .object({ product: Product, cu: z.string(), update: z.string().nullable(), build: z.string() })
    .nullable(),
  /** Plain-language summary of the path. */
  summary: z.string(),
  steps: z.array(PlanStep),
  notes: z.array(z.string()),
  /** Whether the target makes EEMS fully working (both certificate rules satisfied). */
  fixesEems: z.boolean(),
});
export type ServerPlan = z.infer<typeof ServerPlan>;

export const OrganisationPlan = z.object({
  adPreparation: z.object({
    needed: z.boolean(),
    prepareSchema: z.boolean(),
    prepareAd: z.boolean(),
    why: z.string(),
    commands: z.array(z.string()),
  }),
  /** Server names in the order they should be updated. */
  order: z.array(z.string()),
  servers: z.array(ServerPlan),
  notes: z.array(z.string()),
});
export type OrganisationPlan = z.infer<typeof OrganisationPlan>;
