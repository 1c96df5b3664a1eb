import { z } from 'zod';
import { CertificateRuleWording, Product, UpdatePackage, UpdateType } from './types';
import { buildVersion, compareBuilds } from './build-number';

/**
 * The catalog file (`data/catalog.json`): every fact the classifier and the planner rest on,
 * as versioned data. `scripts/catalog/build-catalog.mjs` generates it from the project's
 * reference tables; `exwiz catalog import` accepts a newer one. Bump
 * {@link CATALOG_SCHEMA_VERSION} on any incompatible change and regenerate
 * `data/catalog.schema.json` (the generator does both).
 */
export const CATALOG_SCHEMA_VERSION = 1;

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine(s => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a real date');
/** A release date: YYYY-MM-DD, or YYYY-MM where Microsoft gives only the month. */
const ReleaseDate = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$/, 'expected YYYY-MM-DD or YYYY-MM');
const Build = z.string().regex(/^\d{1,5}\.\d{1,5}\.\d{1,5}\.\d{1,5}$/, 'expected a build as a.b.c.d');
const Link = z.string().regex(/^https?:\/\/[^\s]+$/, 'expected an http(s) address');
const Kb = z.string().regex(/^KB\d{6,7}$/, 'expected a KB number such as KB5024296');
const Source = z.object({ title: z.string().min(1), url: Link.nullable() });

export const ProductRecord = z.object({
  product: Product,
  /** major.minor of its builds; Exchange 2019 and SE share 15.2 and are told apart by the builds. */
  version: z.string().regex(/^\d+\.\d+$/),
  mainstreamEnd: IsoDate.nullable(),
  /** End of extended support; null under the Modern Lifecycle Policy (no fixed date). */
  extendedEnd: IsoDate.nullable(),
  lifecycle: z.string(),
  /**
   * Last day of the last Extended Security Updates period; null when no end is known (or ESU never
   * applied to the product).
   * After it no update exists even for ESU customers: end of support is critical whatever the
   * organisation bought, and the newest ESU build is at most an interim stop on the way to the
   * successor. Absent in catalogs made before it was modelled (read as null).
   */
  esuEnd: IsoDate.nullable().optional(),
  /**
   * First CU whose Setup enables Extended Protection by default (Exchange 2019 CU14, SE RTM);
   * null when no Setup of the product does. Absent in older catalogs (read as null).
   */
  extendedProtectionFromCu: z.string().nullable().optional(),
  /** First CU with the Emergency Mitigation Service; null when the product never had it. */
  eemsFromCu: z.string().nullable(),
  /** Where a server of this product goes next. */
  successor: z
    .discriminatedUnion('kind', [
      z.object({ kind: z.literal('in-place-upgrade'), product: Product, cu: z.string(), fromCus: z.array(z.string()).min(1) }),
      z.object({ kind: z.literal('legacy-migration'), product: Product }),
    ])
    .nullable(),
  notes: z.array(z.string()),
});
export type ProductRecord = z.infer<typeof ProductRecord>;

export const AdLevels = z.object({
  /** rangeUpper of ms-Exch-Schema-Version-Pt (/PrepareSchema). */
  schema: z.number().int(),
  /** objectVersion of the Microsoft Exchange System Objects container, "Default" (/PrepareAD, /PrepareDomain). */
  domain: z.number().int(),
  /** objectVersion of the organisation container, "Configuration" (/PrepareAD). */
  org: z.number().int(),
});
export type AdLevels = z.infer<typeof AdLevels>;

export const CuRecord = z.object({
  product: Product,
  cu: z.string(),
  /** The CU's own build as Microsoft lists it. */
  build: Build,
  releaseDate: ReleaseDate,
  kb: Kb.nullable(),
  /** Download Center page of the CU's ISO, when Microsoft links one. */
  downloadPage: Link.nullable(),
  hasEems: z.boolean(),
  /** Microsoft still ships updates for this CU (publicly or through ESU). */
  current: z.boolean(),
  adLevels: AdLevels.nullable(),
});
export type CuRecord = z.infer<typeof CuRecord>;

export const BuildRecord = z.object({
  build: Build,
  product: Product,
  cu: z.string(),
  /** SU/HU name ("Mar23SU", "Apr24HU", "Aug23SUv2", or the KB for old updates Learn names that way); null for the CU's own build. */
  update: z.string().nullable(),
  type: UpdateType,
  releaseDate: ReleaseDate,
  kb: Kb.nullable(),
  /** false: the KB number comes from a single third-party source only. */
  kbVerified: z.boolean(),
  /** KB or Download Center page Microsoft Learn links for this build. */
  page: Link.nullable(),
  esuOnly: z.boolean(),
  lastPublicSu: z.boolean(),
  reRelease: z.boolean(),
  /** The update name follows Microsoft's convention but no Microsoft page names it yet. */
  nameByConvention: z.boolean(),
  /** Learn lists this number as a file version of another build (e.g. OwaVersion 15.2.858.2 of CU9 15.2.858.5). */
  fileVersionOf: Build.nullable(),
  learnName: z.string().nullable(),
  sources: z.string(),
});
export type BuildRecord = z.infer<typeof BuildRecord>;

export const CertificateRule = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Short label the verdict shows, e.g. "2023-03". */
  cutoff: z.string().min(1),
  title: z.string().min(1),
  /** From when servers below the minimum build are affected. */
  effectiveDate: IsoDate,
  summary: z.string(),
  /** What it means for an affected server, in one sentence. */
  consequence: z.string(),
  fix: z.string(),
  /** Everything the wizard and the report say about this cut-off: a new rule needs no code. */
  wording: CertificateRuleWording,
  /**
   * The first build per CU line that satisfies the rule; build null = that line never got one.
   * A CU line not listed here has no satisfying build either.
   */
  minimumBuilds: z.array(z.object({ product: Product, cu: z.string(), build: Build.nullable(), note: z.string().nullable() })),
  /** Builds whose status Microsoft's wording leaves open: not satisfied, flagged borderline. */
  borderlineBuilds: z.array(z.object({ build: Build, reason: z.string() })),
  symptoms: z.array(z.string()),
  sources: z.array(Source).min(1),
});
export type CertificateRule = z.infer<typeof CertificateRule>;

export const OsVersion = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  name: z.string(),
  /** Windows build number, e.g. 17763. */
  buildNumber: z.number().int(),
});
export type OsVersion = z.infer<typeof OsVersion>;

export const TargetPrerequisites = z.object({
  product: Product,
  cu: z.string(),
  /**
   * Products whose servers make this target's Setup refuse to run (SE and 2019 CU15 refuse while
   * an Exchange 2013 server exists). Absent in older catalogs (read as none).
   */
  setupRefusesWith: z.array(Product).optional(),
  /**
   * Setup installs only when every server of these products runs at least the CU named (Exchange
   * 2019 and SE: every 2013 server, Edge included, on CU21 or later, every 2016 server on CU11 or
   * later). Absent in older catalogs (read as none).
   */
  coexistenceMinimums: z.array(z.object({ product: Product, cu: z.string() })).optional(),
  /** OsVersion ids Microsoft supports for this target. */
  supportedOs: z.array(z.string()).min(1),
  osNotes: z.array(z.string()),
  /** .NET Framework Release values per OS: the minimum supported and the recommended one. */
  dotNet: z.array(z.object({ os: z.string(), minimumRelease: z.number().int(), recommendedRelease: z.number().int() })),
  /** Visual C++ 2012 x64 version every role needs. */
  vcRedist2012: z.string().regex(/^\d+\.\d+\.\d+$/),
  /** Visual C++ 2013 x64 version the Mailbox role needs (not Edge). */
  vcRedist2013: z.string().regex(/^\d+\.\d+\.\d+$/),
  /** UCMA 4.0 and the IIS URL Rewrite module are Mailbox-role prerequisites. */
  ucma: z.boolean(),
  urlRewrite: z.boolean(),
  /** Free space Setup needs on the install drive. */
  installDriveFreeBytes: z.number().int().positive(),
  sources: z.array(Source).min(1),
});
export type TargetPrerequisites = z.infer<typeof TargetPrerequisites>;

export const PrerequisiteDownload = z.object({
  id: z.enum(['dotnet-4.8', 'dotnet-4.8.1', 'vcredist-2012', 'vcredist-2013', 'ucma-4.0', 'url-rewrite']),
  title: z.string(),
  page: Link,
});
export type PrerequisiteDownload = z.infer<typeof PrerequisiteDownload>;

const CatalogObject = z.object({
  /** Optional pointer to catalog.schema.json for editors. */
  $schema: z.string().optional(),
  schemaVersion: z.literal(CATALOG_SCHEMA_VERSION),
  /** The day the facts were last checked; a catalog import must be newer. */
  asOf: IsoDate,
  description: z.string(),
  sources: z.array(z.object({ key: z.string(), title: z.string(), url: Link.nullable() })),
  products: z.array(ProductRecord).min(1),
  cus: z.array(CuRecord).min(1),
  builds: z.array(BuildRecord).min(1),
  certificateRules: z.array(CertificateRule),
  osVersions: z.array(OsVersion).min(1),
  targets: z.array(TargetPrerequisites),
  prerequisiteDownloads: z.array(PrerequisiteDownload),
  packages: z.array(UpdatePackage),
});

/** The catalog file's schema, with the cross-checks a well-formed catalog must pass. */
export const CatalogFile = CatalogObject.superRefine((catalog, ctx) => {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });
  const key = (product: string, cu: string) => `${product}|${cu}`;
  const productByName = new Map(catalog.products.map(p => [p.product, p]));
  const cus = new Map<string, CuRecord>();
  catalog.cus.forEach((cu, i) => {
    if (cus.has(key(cu.product, cu.cu))) issue(['cus', i], `${cu.product} ${cu.cu} is listed twice`);
    cus.set(key(cu.product, cu.cu), cu);
    if (!productByName.has(cu.product)) issue(['cus', i], `${cu.product} has no product record`);
  });
  const builds = new Map<string, BuildRecord>();
  const names = new Set<string>();
  catalog.builds.forEach((b, i) => {
    if (builds.has(b.build)) issue(['builds', i, 'build'], `build ${b.build} is listed twice`);
    builds.set(b.build, b);
    const product = productByName.get(b.product);
    if (product && buildVersion(b.build) !== product.version) issue(['builds', i, 'build'], `${b.build} is not a ${b.product} build (${product.version}.x)`);
    if (!cus.has(key(b.product, b.cu))) issue(['builds', i, 'cu'], `${b.product} ${b.cu} has no CU record`);
    if (b.fileVersionOf === null) {
      const name = `${b.product}|${b.cu}|${b.update ?? ''}`;
      if (names.has(name)) issue(['builds', i, 'update'], `${b.product} ${b.cu} ${b.update ?? '(CU build)'} is listed twice`);
      names.add(name);
    }
    if (b.releaseDate.slice(0, 10) > catalog.asOf) issue(['builds', i, 'releaseDate'], `released after the catalog's asOf ${catalog.asOf}`);
  });
  catalog.cus.forEach((cu, i) => {
    const own = builds.get(cu.build);
    if (!own || own.product !== cu.product || own.cu !== cu.cu || own.update !== null) issue(['cus', i, 'build'], `${cu.build} is not listed as the own build of ${cu.product} ${cu.cu}`);
  });
  catalog.products.forEach((p, i) => {
    if (p.eemsFromCu !== null && !cus.has(key(p.product, p.eemsFromCu))) issue(['products', i, 'eemsFromCu'], `${p.product} ${p.eemsFromCu} is not a known CU`);
    const s = p.successor;
    if (s === null) return;
    if (!productByName.has(s.product)) issue(['products', i, 'successor'], `${s.product} has no product record`);
    if (s.kind === 'in-place-upgrade') {
      if (!cus.has(key(s.product, s.cu))) issue(['products', i, 'successor', 'cu'], `${s.product} ${s.cu} is not a known CU`);
      s.fromCus.forEach((cu, j) => {
        if (!cus.has(key(p.product, cu))) issue(['products', i, 'successor', 'fromCus', j], `${p.product} ${cu} is not a known CU`);
      });
    }
  });
  const ruleIds = new Set<string>();
  catalog.certificateRules.forEach((rule, i) => {
    if (ruleIds.has(rule.id)) issue(['certificateRules', i, 'id'], `rule ${rule.id} is listed twice`);
    ruleIds.add(rule.id);
    rule.minimumBuilds.forEach((m, j) => {
      if (!cus.has(key(m.product, m.cu))) issue(['certificateRules', i, 'minimumBuilds', j], `${m.product} ${m.cu} is not a known CU`);
      if (m.build === null) return;
      const b = builds.get(m.build);
      if (!b || b.product !== m.product || b.cu !== m.cu) issue(['certificateRules', i, 'minimumBuilds', j, 'build'], `${m.build} is not a ${m.product} ${m.cu} build in the catalog`);
    });
    rule.borderlineBuilds.forEach((m, j) => {
      if (!builds.has(m.build)) issue(['certificateRules', i, 'borderlineBuilds', j, 'build'], `${m.build} is not in the catalog`);
    });
  });
  const osIds = new Set(catalog.osVersions.map(o => o.id));
  catalog.targets.forEach((t, i) => {
    if (!cus.has(key(t.product, t.cu))) issue(['targets', i], `${t.product} ${t.cu} is not a known CU`);
    (t.coexistenceMinimums ?? []).forEach((m, j) => {
      if (!cus.has(key(m.product, m.cu))) issue(['targets', i, 'coexistenceMinimums', j], `${m.product} ${m.cu} is not a known CU`);
    });
    t.supportedOs.forEach((os, j) => {
      if (!osIds.has(os)) issue(['targets', i, 'supportedOs', j], `unknown OS id ${os}`);
    });
    t.dotNet.forEach((d, j) => {
      if (!osIds.has(d.os)) issue(['targets', i, 'dotNet', j, 'os'], `unknown OS id ${d.os}`);
    });
  });
  const packageIds = new Set<string>();
  catalog.packages.forEach((p, i) => {
    if (packageIds.has(p.id)) issue(['packages', i, 'id'], `package ${p.id} is listed twice`);
    packageIds.add(p.id);
    const b = builds.get(p.build);
    if (!b || b.product !== p.product || b.cu !== p.cu || b.update !== p.update) issue(['packages', i, 'build'], `${p.build} is not ${p.product} ${p.cu} ${p.update ?? ''} in the catalog`);
  });
  // A catalog whose newest CU of a product sorts below an older one would silently mislead the planner.
  for (const product of catalog.products) {
    const own = catalog.cus.filter(c => c.product === product.product);
    for (let i = 1; i < own.length; i++) {
      const prev = own[i - 1];
      const cur = own[i];
      if (prev && cur && compareBuilds(prev.build, cur.build) >= 0) issue(['cus'], `${product.product} CUs must be listed oldest first (${prev.cu} before ${cur.cu})`);
    }
  }
});
export type Catalog = z.infer<typeof CatalogObject>;
