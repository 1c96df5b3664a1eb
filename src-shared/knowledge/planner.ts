import { AppError } from '../domain/errors';
import type { BuildClassification, PlanInput, PlanStep, ServerPlan } from './types';
import type { AdLevels, BuildRecord, Catalog, CuRecord, ProductRecord } from './catalog-schema';
import { builtInCatalog } from './catalog';
import { classifyBuild } from './classifier';
import { compareBuilds } from './build-number';
import { cuKey, cuOwnBuild, describeBuild, indexCatalog, latestCu, latestEsuBuild, latestPublicBuild, packageFor, type CatalogIndex } from './catalog-index';
import { checkPrerequisites } from './prerequisites';
import { SETUP_LICENSE_SWITCH } from './exchange-setup';

export interface PlanOptions {
  /** The organisation buys Extended Security Updates for Exchange 2016/2019. */
  hasEsu: boolean;
  /** Default: the built-in catalog. */
  catalog?: Catalog;
  /** YYYY-MM-DD; default: the catalog's asOf. */
  today?: string;
}

/**
 * Plans the update of one server: the target and the ordered steps, each with its prerequisites
 * and why. Pure: everything comes from the input, the options and the catalog.
 *
 * Routes (as the catalog of November 2026 has them):
 * - a product with a successor reached in place (2019 → SE from CU14/CU15): reach a source CU
 *   first when needed (newest CU), upgrade in place, then the newest public SU of the successor;
 * - a product left by legacy migration (2016): newest CU, newest public SU (or the newest ESU SU
 *   with ESU), then the migration to the successor; a product that never had EEMS (2013): the
 *   migration only;
 * - the current product (SE): newest CU, newest public SU; nothing when already there;
 * - with ESU, a 2016/2019 server instead gets the newest ESU-only SU of its CU (or of the newest
 *   CU when its own CU has none), to be imported from the organisation's ESU channel.
 *
 * Never throws for a bad or unknown build: the plan then says why it cannot be made.
 */
export function planServer(input: PlanInput, options: PlanOptions): ServerPlan {
  const catalog = options.catalog ?? builtInCatalog();
  const index = indexCatalog(catalog);
  const today = options.today ?? catalog.asOf;
  if (input.build === null || input.build.trim() === '') {
    return emptyPlan(input, 'The Exchange build of this server is not known, so no update can be planned. Scan the server (the ExSetup.exe version) first.');
  }
  let classification: BuildClassification;
  try {
    classification = input.classification ?? classifyBuild(input.build, { catalog, today });
  } catch (err) {
    if (err instanceof AppError) return emptyPlan(input, `No update can be planned: ${err.message}`);
    throw err;
  }
  const builder = new PlanBuilder(index, input, options.hasEsu, classification, today);
  builder.route();
  return builder.finish();
}

function emptyPlan(input: PlanInput, summary: string): ServerPlan {
  return { serverName: input.serverName, currentBuild: input.build, target: null, summary, steps: [], notes: [], fixesEems: false };
}

/** Where the server is while the steps are laid out. */
interface Position {
  product: ProductRecord;
  cu: CuRecord;
  /** The catalog build standing for the server (the CU's own build when only the CU is known). */
  build: BuildRecord;
}

class PlanBuilder {
  private readonly steps: PlanStep[] = [];
  private readonly notes: string[] = [];
  private position: Position;
  /** Where a legacy migration leads (the server itself stays on `position`). */
  private migrationTarget: BuildRecord | null = null;

  constructor(
    private readonly index: CatalogIndex,
    private readonly input: PlanInput,
    private readonly hasEsu: boolean,
    private readonly c: BuildClassification,
    private readonly today: string,
  ) {
    const product = index.products.get(c.product);
    const cu = index.cus.get(cuKey(c.product, c.cu));
    const cuOnly = c.buildPrecision === 'cu';
    const build = cuOnly ? cuOwnBuild(index, c.product, c.cu) : index.byBuild.get(c.resolvedTo?.build ?? c.build);
    if (!product || !cu || !build) throw new AppError('internal', `The catalog has no record of ${c.product} ${c.cu}.`);
    const stand = build.fileVersionOf ? (index.byBuild.get(build.fileVersionOf) ?? build) : build;
    this.position = { product, cu, build: stand };
    if (c.resolvedTo) this.notes.push(c.resolvedTo.reason);
    if (cuOnly) this.notes.push('Only the CU of this server is known, so the plan assumes none of its SUs is installed; Setup says so when one already is.');
  }

  route(): void {
    const { product } = this.position;
    const successor = product.successor;
    if (successor === null) {
      this.toNewestPublic(product);
    } else if (product.eemsFromCu === null) {
      this.notes.push(`${product.product} never had the Emergency Mitigation Service and gets no updates: updating it cannot help, so the plan is the migration only.`);
      this.migrate(successor.product);
    } else if (this.hasEsu && this.esuRoute(product)) {
      if (successor.kind === 'legacy-migration') this.migrate(successor.product);
      else this.notes.push(`With ESU the server stays on ${product.product}; the public long-term path is ${successor.product} (${successor.kind === 'in-place-upgrade' ? `in place from ${successor.fromCus.join(' or ')}` : 'by migration'}).`);
    } else if (successor.kind === 'in-place-upgrade') {
      if (!successor.fromCus.includes(this.position.cu.cu)) {
        const via = this.newestCuOf(product, successor.fromCus);
        if (via) this.installCu(via);
      }
      const to = this.index.cus.get(cuKey(successor.product, successor.cu));
      const toProduct = this.index.products.get(successor.product);
      if (to && toProduct) {
        this.inPlace(toProduct, to);
        this.toNewestPublic(toProduct);
      }
    } else {
      const newest = latestCu(this.index, product.product);
      if (newest && newest.cu !== this.position.cu.cu && this.isoOf(newest)) this.installCu(newest);
      const su = latestPublicBuild(this.index, product.product, this.position.cu.cu);
      if (su && compareBuilds(su.build, this.position.build.build) > 0) this.installSu(su);
      this.migrate(successor.product);
    }
    if (this.steps.length === 0) {
      this.steps.push({
        id: 'none',
        kind: 'none',
        title: 'Nothing to do',
        why: `${describeBuild(this.position.build)} is the newest build the catalog (as of ${this.index.catalog.asOf}) knows for this server.`,
        resultingBuild: null,
        updateId: null,
        prerequisites: [],
        esuOnly: false,
      });
    }
  }

  /** ESU: the newest ESU-only SU of the server's CU, or of the newest CU that has one. False when none exists. */
  private esuRoute(product: ProductRecord): boolean {
    let cu = this.position.cu;
    let esu = latestEsuBuild(this.index, product.product, cu.cu);
    if (!esu) {
      const cus = this.index.cusByProduct.get(product.product) ?? [];
      const withEsu = [...cus].reverse().find(c => latestEsuBuild(this.index, product.product, c.cu) !== null);
      if (!withEsu) {
        this.notes.push(`No ESU update exists for ${product.product}: the plan follows the public path.`);
        return false;
      }
      this.installCu(withEsu);
      cu = withEsu;
      esu = latestEsuBuild(this.index, product.product, cu.cu);
    }
    if (esu && compareBuilds(esu.build, this.position.build.build) > 0) this.installSu(esu);
    return true;
  }

  /** Newest CU of the product, then its newest public SU/HU. */
  private toNewestPublic(product: ProductRecord): void {
    const newest = latestCu(this.index, product.product);
    if (newest && newest.cu !== this.position.cu.cu && compareBuilds(newest.build, this.position.build.build) > 0) this.installCu(newest);
    const su = latestPublicBuild(this.index, product.product, this.position.cu.cu);
    if (su && compareBuilds(su.build, this.position.build.build) > 0) this.installSu(su);
  }

  private newestCuOf(product: ProductRecord, among: readonly string[]): CuRecord | null {
    const cus = (this.index.cusByProduct.get(product.product) ?? []).filter(c => among.includes(c.cu));
    return cus[cus.length - 1] ?? null;
  }

  private isoOf(cu: CuRecord): string | null {
    const own = cuOwnBuild(this.index, cu.product, cu.cu);
    return own ? (packageFor(this.index, own, 'iso')?.id ?? null) : null;
  }

  private installCu(to: CuRecord): void {
    this.setupStep(to, {
      id: `install-${slug(to.product)}-${slug(to.cu)}`,
      kind: 'install-cu',
      title: `Install ${to.product} ${to.cu}`,
      why: `${to.cu} is the newest ${to.product} CU; SUs exist only for the newest CUs, and a CU installs over any older CU of the same version. After it, re-install the newest SU for ${to.cu} (the next step).`,
    });
  }

  private inPlace(toProduct: ProductRecord, to: CuRecord): void {
    this.setupStep(to, {
      id: `upgrade-${slug(to.product)}-${slug(to.cu)}`,
      kind: 'in-place-upgrade',
      title: `Upgrade in place to ${to.product}${to.cu === 'RTM' ? '' : ` ${to.cu}`}`,
      why: `${to.product} installs over ${this.position.product.product} ${this.position.cu.cu} like a CU: same server, same databases, no migration. ${toProduct.lifecycle}`,
    });
  }

  /** A Setup.exe /Mode:Upgrade step to a CU's full media, after any AD preparation it needs. */
  private setupStep(to: CuRecord, step: Pick<PlanStep, 'id' | 'kind' | 'title' | 'why'>): void {
    this.prepareAd(this.position.cu, to);
    const own = cuOwnBuild(this.index, to.product, to.cu);
    if (!own) return;
    this.steps.push({
      ...step,
      resultingBuild: own.build,
      updateId: this.isoOf(to),
      prerequisites: this.prerequisitesFor(to),
      esuOnly: false,
      commands: [`Setup.exe ${SETUP_LICENSE_SWITCH} /Mode:Upgrade`],
    });
    this.moveTo(to, own);
  }

  private installSu(su: BuildRecord): void {
    const pkg = packageFor(this.index, su, 'exe');
    const why = su.esuOnly
      ? `${su.update} is the newest update for ${su.product} ${su.cu}. It is sold only through Extended Security Updates: import the file from your organisation's ESU channel (it is not on the Download Center or Windows Update).`
      : `${su.update} is the newest public update for ${su.product} ${su.cu}${su.lastPublicSu ? ' and the last public one Microsoft released for it' : ''}. SUs are cumulative: install only the newest. Run the .exe from an elevated prompt (an .msp started without elevation can leave OWA and ECP broken).`;
    this.steps.push({
      id: `install-${slug(su.product)}-${slug(su.cu)}-${slug(su.update ?? 'cu')}`,
      kind: 'install-su',
      title: `Install ${su.product} ${su.cu} ${su.update} (${su.build})`,
      why,
      resultingBuild: su.build,
      updateId: pkg?.id ?? null,
      prerequisites: [],
      esuOnly: su.esuOnly,
    });
    this.position = { ...this.position, build: su };
  }

  private migrate(toProductName: string): void {
    const toProduct = this.index.products.get(toProductName as ProductRecord['product']);
    if (!toProduct) return;
    const to = latestCu(this.index, toProduct.product);
    const final = to ? latestPublicBuild(this.index, toProduct.product, to.cu) : null;
    const iso = to ? this.isoOf(to) : null;
    const target = to ? this.index.targets.get(cuKey(to.product, to.cu)) : undefined;
    const osNames = target ? target.supportedOs.map(id => this.index.catalog.osVersions.find(o => o.id === id)?.name ?? id).join(', ') : 'a supported Windows Server';
    this.steps.push({
      id: `migrate-${slug(toProduct.product)}`,
      kind: 'legacy-migration',
      title: `Migrate to ${toProduct.product} on a new server`,
      why: `${this.position.product.product} cannot be upgraded in place to ${toProduct.product}: install ${toProduct.product}${final ? ` (then ${final.update ?? final.cu}, ${final.build})` : ''} on a new server running ${osNames}, move mailboxes and other resources, then remove ${this.position.product.product}.`,
      resultingBuild: null,
      updateId: iso,
      prerequisites: [{ id: 'new-server', title: `A new server running ${osNames}`, met: null, detail: 'The new server is not part of this scan.' }],
      esuOnly: false,
    });
    this.migrationTarget = final;
  }

  /** /PrepareSchema and /PrepareAD steps when the AD levels of the target CU are higher (or unknown). */
  private prepareAd(from: CuRecord, to: CuRecord): void {
    // Edge Transport servers sit outside the forest (AD LDS): their Setup never prepares AD.
    if (this.input.isEdge === true) return;
    const need = adPreparation(from.adLevels, to.adLevels);
    const media = `${to.product}${to.cu === 'RTM' ? '' : ` ${to.cu}`}`;
    if (need.schema) {
      this.steps.push({
        id: `prepare-schema-${slug(to.product)}-${slug(to.cu)}`,
        kind: 'prepare-schema',
        title: `Extend the Active Directory schema for ${media}`,
        why: need.known
          ? `${media} needs schema version ${to.adLevels?.schema}; ${from.product} ${from.cu} has ${from.adLevels?.schema}.`
          : `The AD levels of ${from.product} ${from.cu} are not in the catalog, so Setup's /PrepareSchema runs to be sure (it changes nothing when the schema is already there).`,
        resultingBuild: null,
        updateId: null,
        prerequisites: [{ id: 'schema-admin', title: 'Schema Admins and Enterprise Admins rights, run in the schema master\'s domain and site', met: null, detail: 'Wait for AD replication before the next step.' }],
        esuOnly: false,
        commands: [`Setup.exe ${SETUP_LICENSE_SWITCH} /PrepareSchema`],
      });
    }
    if (need.ad) {
      this.steps.push({
        id: `prepare-ad-${slug(to.product)}-${slug(to.cu)}`,
        kind: 'prepare-ad',
        title: `Prepare Active Directory for ${media}`,
        why: need.known
          ? `${media} raises the organisation objectVersion from ${from.adLevels?.org} to ${to.adLevels?.org}${to.adLevels && from.adLevels && to.adLevels.domain > from.adLevels.domain ? ` and the domain objectVersion from ${from.adLevels.domain} to ${to.adLevels.domain}` : ''}.`
          : `The AD levels of ${from.product} ${from.cu} are not in the catalog, so /PrepareAD runs to be sure.`,
        resultingBuild: null,
        updateId: null,
        prerequisites: [{ id: 'enterprise-admin', title: 'Enterprise Admins rights (Setup does this itself when the installing account has them)', met: null, detail: 'Wait for AD replication before installing.' }],
        esuOnly: false,
        commands: [`Setup.exe ${SETUP_LICENSE_SWITCH} /PrepareAD`, ...(need.domain ? [`Setup.exe ${SETUP_LICENSE_SWITCH} /PrepareAllDomains`] : [])],
      });
    }
  }

  private prerequisitesFor(to: CuRecord): PlanStep['prerequisites'] {
    const target = this.index.targets.get(cuKey(to.product, to.cu));
    return target ? checkPrerequisites(this.index.catalog, target, this.input) : [];
  }

  private moveTo(cu: CuRecord, build: BuildRecord): void {
    const product = this.index.products.get(cu.product);
    if (product) this.position = { product, cu, build };
  }

  finish(): ServerPlan {
    const catalog = this.index.catalog;
    const onServer = this.position.build;
    const final = this.migrationTarget ?? onServer;
    const finalClass = classifyBuild(final.build, { catalog, today: this.today });
    const onServerClass = finalClass.build === onServer.build ? finalClass : classifyBuild(onServer.build, { catalog, today: this.today });
    const isEdge = this.input.isEdge === true;
    const fixesEems = !isEdge && finalClass.eemsAvailable && finalClass.certificateRules.every(r => r.satisfied);

    const work = this.steps.filter(s => s.kind !== 'none');
    const summaryParts: string[] = [];
    if (work.length === 0) {
      summaryParts.push(`Nothing to do: ${describeBuild(onServer)} is the newest build for this server.`);
    } else {
      summaryParts.push(`${work.map(s => s.title).join(', then ')}.`);
    }
    // Say plainly what the in-place result still cannot do.
    for (const rule of onServerClass.certificateRules) {
      if (rule.satisfied || isEdge || !onServerClass.eemsAvailable || this.migrationTarget === null) continue;
      summaryParts.push(
        `On ${onServer.product}${this.hasEsu ? '' : ' without ESU'}, EEMS will not meet the ${rule.title}: ${rule.consequence} Only the move to ${final.product} fixes that.`,
      );
    }
    if (fixesEems && work.length > 0) {
      summaryParts.push(`${describeBuild(final)} meets every certificate change, so EEMS works again.`);
      const start = this.c.product;
      if (!this.hasEsu && final.product !== start && !hasPublicFix(this.index, start, this.today)) {
        summaryParts.push(`No public ${start} build meets every certificate change: moving to ${final.product} is the only public path to a working EEMS.`);
      }
    }
    if (this.steps.some(s => s.esuOnly)) summaryParts.push('ESU-only updates come from your organisation\'s ESU channel, not from Microsoft\'s public download pages.');

    if (isEdge) this.notes.push('Edge Transport servers have no Emergency Mitigation Service: the update keeps the server patched, the certificate changes do not apply to it.');
    if (this.input.dagName) {
      this.notes.push(`Member of DAG ${this.input.dagName}: put the server into maintenance mode before each install step and take it out afterwards; update the DAG members one at a time.`);
    }
    for (const note of this.position.product.notes) if (!this.notes.includes(note)) this.notes.push(note);

    return {
      serverName: this.input.serverName,
      currentBuild: this.c.build,
      target: { product: final.product, cu: final.cu, update: final.update, build: final.build },
      summary: summaryParts.join(' '),
      steps: this.steps,
      notes: this.notes,
      fixesEems,
    };
  }
}

const publicFixCache = new WeakMap<Catalog, Map<string, boolean>>();

/** Whether any publicly downloadable build of a product meets every certificate rule (cached per catalog). */
function hasPublicFix(index: CatalogIndex, product: string, today: string): boolean {
  let perProduct = publicFixCache.get(index.catalog);
  if (!perProduct) {
    perProduct = new Map();
    publicFixCache.set(index.catalog, perProduct);
  }
  let fixed = perProduct.get(product);
  if (fixed === undefined) {
    // `satisfied` does not depend on the date, only `inEffect` does.
    fixed = index.catalog.builds.some(
      b => b.product === product && !b.esuOnly && b.fileVersionOf === null && classifyBuild(b.build, { catalog: index.catalog, today }).certificateRules.every(r => r.satisfied),
    );
    perProduct.set(product, fixed);
  }
  return fixed;
}

/** Which AD preparation moving from one CU's levels to another's needs; unknown levels count as needed. */
export function adPreparation(from: AdLevels | null, to: AdLevels | null): { schema: boolean; ad: boolean; domain: boolean; known: boolean } {
  if (to === null) return { schema: false, ad: false, domain: false, known: false };
  if (from === null) return { schema: true, ad: true, domain: true, known: false };
  const domain = to.domain > from.domain;
  return { schema: to.schema > from.schema, ad: to.org > from.org || domain, domain, known: true };
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
