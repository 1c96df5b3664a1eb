import { AppError } from '../domain/errors';
import type { BuildClassification, PlanInput, PlanStep, ServerMigration, ServerPlan, SetupSwitch } from './types';
import type { AdLevels, BuildRecord, Catalog, CuRecord, ProductRecord, TargetPrerequisites } from './catalog-schema';
import { builtInCatalog } from './catalog';
import { classifyBuild } from './classifier';
import { compareBuilds } from './build-number';
import { cuKey, cuOwnBuild, describeBuild, indexCatalog, latestCu, latestEsuBuild, latestPublicBuild, packageFor, type CatalogIndex } from './catalog-index';
import { checkPrerequisites } from './prerequisites';
import { planInputWithoutFacts } from './plan-input';
import { SETUP_LICENSE_SWITCH, isInstallStep, stepSetupCommands } from './step-kinds';
import { esuInForce } from './esu';
import {
  enablesExtendedProtection,
  extendedProtectionPrerequisite,
  extendedProtectionSwitch,
  setupChangesExtendedProtection,
  sslOffloadingPrerequisite,
  tlsConsistentPrerequisite,
  type ExtendedProtectionChoice,
} from './extended-protection';

export interface PlanOptions {
  /** The organisation buys Extended Security Updates for Exchange 2016/2019. */
  hasEsu: boolean;
  /** Default: the built-in catalog. */
  catalog?: Catalog;
  /** YYYY-MM-DD; default: the catalog's asOf. */
  today?: string;
  /**
   * The server's build as the assessment classified it (same catalog and day). Given, the planner
   * does not classify the build again; absent (the CLI), it classifies it itself.
   */
  classification?: BuildClassification;
  /**
   * The organisation plan prepares Active Directory once for every server: the server plan then
   * has no /PrepareSchema or /PrepareAD steps of its own.
   */
  organisationPreparesAd?: boolean;
  /**
   * The admin's choice for a Setup that turns Extended Protection on: absent or "enable" lets it;
   * "keep-off" adds /DoNotEnableEP to the Setup command, "keep-off-front-end-ews" /DoNotEnableEP_FEEWS.
   */
  extendedProtectionChoice?: ExtendedProtectionChoice;
}

export { SETUP_LICENSE_SWITCH };

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
    classification = options.classification ?? classifyBuild(input.build, { catalog, today });
  } catch (err) {
    if (err instanceof AppError) return emptyPlan(input, `No update can be planned: ${err.message}`);
    throw err;
  }
  const builder = new PlanBuilder(index, input, options.hasEsu, classification, today, options.organisationPreparesAd === true, options.extendedProtectionChoice);
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
  private migration: ServerMigration | undefined;
  /** A Setup of this plan already turned Extended Protection on (or ran with a switch keeping it off). */
  private epTurnedOn = false;
  /** The switch every later Setup repeats (Setup turns Extended Protection on again unless told not to). */
  private epSwitchForLater: ReturnType<typeof extendedProtectionSwitch> = '';

  constructor(
    private readonly index: CatalogIndex,
    private readonly input: PlanInput,
    private readonly hasEsu: boolean,
    private readonly c: BuildClassification,
    private readonly today: string,
    private readonly organisationPreparesAd: boolean,
    private readonly epChoice: ExtendedProtectionChoice | undefined,
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
      this.migrate(successor.product);
      this.notes.push(
        this.steps.some(isInstallStep)
          ? `${product.product} never had the Emergency Mitigation Service and gets no updates: its own update only lets the new server's Setup run beside it; the fix is the migration.`
          : `${product.product} never had the Emergency Mitigation Service and gets no updates: updating it cannot help, so the plan is the migration only.`,
      );
    } else if (this.esuAnswered(product) && this.esuRoute(product)) {
      if (successor.kind === 'legacy-migration') this.migrate(successor.product);
      else
        this.notes.push(
          `With ESU the server stays on ${product.product}; the public long-term path is ${successor.product} (${successor.kind === 'in-place-upgrade' ? `in place from ${successor.fromCus.join(' or ')}` : 'by migration'}).`,
        );
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
      if (newest && newest.cu !== this.position.cu.cu && isoId(this.index, newest)) this.installCu(newest);
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

  /**
   * Whether the ESU route applies: the organisation has ESU and the product's last ESU period has
   * not ended. After the end, a product with an in-place successor goes there (an ESU update would
   * be thrown away by the upgrade); a product left by migration still takes the newest ESU update
   * as an interim stop, because it keeps running until its replacement is ready.
   */
  private esuAnswered(product: ProductRecord): boolean {
    if (!this.hasEsu) return false;
    if (esuInForce(product, true, this.today)) return true;
    this.notes.push(
      `Extended Security Updates for ${product.product} ended on ${product.esuEnd}: no ${product.product} update exists after that, even with ESU, so the plan leads to ${product.successor?.product ?? 'the successor'}${product.successor?.kind === 'legacy-migration' ? ' and the newest ESU update is only an interim stop until the migration is done' : ''}.`,
    );
    return product.successor?.kind === 'legacy-migration';
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

  private installCu(to: CuRecord, why?: string): void {
    this.setupStep(to, {
      id: `install-${slug(to.product)}-${slug(to.cu)}`,
      kind: 'install-cu',
      title: `Install ${to.product} ${to.cu}`,
      why:
        why ??
        `${to.cu} is the newest ${to.product} CU; SUs exist only for the newest CUs, and a CU installs over any older CU of the same version. After it, re-install the newest SU for ${to.cu} (the next step).`,
    });
  }

  /**
   * A CU step says what comes next: its newest SU when one follows, else the step that does (the
   * in-place upgrade to SE after 2019 CU15), never an SU that is not in the plan.
   */
  private nameTheNextStep(): void {
    this.steps.forEach((step, i) => {
      if (step.kind !== 'install-cu') return;
      const next = this.steps[i + 1];
      if (next?.kind === 'install-su') return;
      step.why = step.why.replace(/ After it, re-install the newest SU for \S+ \(the next step\)\.| then its newest SU \(the next step\)\./, next ? ` After it: ${next.title} (the next step).` : '.');
    });
  }

  /**
   * Raises the server to its product's newest CU (and that CU's newest public SU) when a Setup of
   * the migration's route needs it at a higher CU to coexist (2019 and SE: 2013 CU21, 2016 CU11).
   */
  private meetCoexistenceMinimum(route: ServerMigration): void {
    const product = this.position.product.product;
    const routeCus = [
      cuKey(route.newServerProduct, route.newServerCu),
      ...route.afterRemovalSteps.flatMap(st => {
        const record = st.resultingBuild ? this.index.byBuild.get(st.resultingBuild) : undefined;
        return record ? [cuKey(record.product, record.cu)] : [];
      }),
    ];
    const needs = routeCus.flatMap(k => {
      const target = this.index.targets.get(k);
      const minimum = target?.coexistenceMinimums?.find(m => m.product === product);
      const record = minimum ? this.index.cus.get(cuKey(minimum.product, minimum.cu)) : undefined;
      return record && target ? [{ target, record }] : [];
    });
    const need = needs.find(n => compareBuilds(this.position.cu.build, n.record.build) < 0);
    const newest = latestCu(this.index, product);
    if (!need || !newest || !isoId(this.index, newest)) return;
    const setupName = `${need.target.product}${need.target.cu === 'RTM' ? '' : ` ${need.target.cu}`}`;
    this.installCu(
      newest,
      `${setupName} Setup refuses while an ${product} server runs a CU older than ${need.record.cu}, and this server runs ${this.position.cu.cu}: ${newest.cu}, the newest ${product} CU, comes first (it installs over any older CU of the same version), then its newest SU (the next step).`,
    );
    const su = latestPublicBuild(this.index, product, newest.cu);
    if (su && compareBuilds(su.build, this.position.build.build) > 0) this.installSu(su);
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
    if (!this.organisationPreparesAd) this.prepareAd(this.position.cu, to);
    else if (this.input.isEdge !== true && !this.notes.includes(ORGANISATION_AD_NOTE)) this.notes.push(ORGANISATION_AD_NOTE);
    const own = cuOwnBuild(this.index, to.product, to.cu);
    if (!own) return;
    const prerequisites = this.prerequisitesFor(to);
    // Decided from what the server shows (its virtual directories and TLS), not from the CU it runs;
    // once a Setup of this plan turned it on, the later ones change nothing (but repeat a switch).
    const state = this.input.extendedProtection;
    const enables = this.input.isEdge !== true && enablesExtendedProtection(this.index, to);
    const ep = enables && !this.epTurnedOn && setupChangesExtendedProtection(this.index, to, state);
    const media = `${to.product}${to.cu === 'RTM' ? '' : ` ${to.cu}`}`;
    const epSwitch = ep ? extendedProtectionSwitch(this.epChoice) : enables ? this.epSwitchForLater : '';
    if (ep) {
      this.epTurnedOn = true;
      this.epSwitchForLater = epSwitch;
      prerequisites.push(extendedProtectionPrerequisite(media, state, this.epChoice));
      if (this.epChoice !== 'keep-off') prerequisites.push(tlsConsistentPrerequisite(state), sslOffloadingPrerequisite(this.input.serverName, state));
      const note =
        this.epChoice === 'keep-off'
          ? `${media} Setup would turn on Extended Protection; it runs with ${epSwitch} as chosen, so it stays off until you turn it on.`
          : `${media} Setup turns on Extended Protection where this server lacks it${state ? '' : ' (or the scan could not read it)'}: check the step's prerequisites first.`;
      if (!this.notes.includes(note)) this.notes.push(note);
    }
    this.steps.push({
      ...step,
      resultingBuild: own.build,
      updateId: isoId(this.index, to),
      prerequisites,
      esuOnly: false,
      ...setupFields(step.kind, ['/Mode:Upgrade', ...(epSwitch ? [epSwitch] : [])]),
    });
    this.moveTo(to, own);
  }

  private installSu(su: BuildRecord): void {
    this.steps.push(suStep(this.index, su));
    this.position = { ...this.position, build: su };
  }

  private migrate(toProductName: string): void {
    const toProduct = this.index.products.get(toProductName as ProductRecord['product']);
    if (!toProduct) return;
    const found = migrationRoute(this.index, this.position.product, toProduct, this.input.isEdge === true);
    if (!found) return;
    this.meetCoexistenceMinimum(found);
    // Planned alone (the CLI), the new server's AD preparation is part of its steps; in an
    // organisation plan it is the organisation's.
    const firstCu = this.index.cus.get(cuKey(found.newServerProduct, found.newServerCu));
    const ad =
      !this.organisationPreparesAd && this.input.isEdge !== true && firstCu
        ? adPreparationSteps(this.position.cu, firstCu, `with the ${found.newServerProduct}${found.newServerCu === 'RTM' ? '' : ` ${found.newServerCu}`} media before Setup on the new server`)
        : [];
    const route = { ...found, newServerSteps: [...ad, ...found.newServerSteps] };
    const from = this.position.product.product;
    const first = `${route.newServerProduct}${route.newServerCu === 'RTM' ? '' : ` ${route.newServerCu}`}`;
    const osNames = route.newServerOs.join(', ') || 'a supported Windows Server';
    const via = route.newServerProduct !== route.toProduct;
    this.steps.push({
      id: `migrate-${slug(toProduct.product)}`,
      kind: 'legacy-migration',
      title: via ? `Replace with ${first} on a new server, then ${toProduct.product}` : `Replace with ${toProduct.product} on a new server`,
      why: `${from} cannot be upgraded in place to ${toProduct.product}. ${route.why} Install ${first} on a new server running ${osNames}, move mailboxes and everything else to it, then remove ${from}${via ? `; then upgrade the new server in place to ${toProduct.product}` : ''}. The migration project in the organisation plan lists each step.`,
      resultingBuild: null,
      updateId: route.newServerSteps.find(s => s.kind === 'install-new-server')?.updateId ?? null,
      prerequisites: [{ id: 'new-server', title: `A new server running ${osNames}`, met: null, detail: 'The new server is not part of this scan: the migration project says how to prepare it.' }],
      esuOnly: false,
    });
    this.migration = route;
    this.migrationTarget = this.index.byBuild.get(route.finalBuild) ?? null;
  }

  /** /PrepareSchema and /PrepareAD steps when the AD levels of the target CU are higher (or unknown). */
  private prepareAd(from: CuRecord, to: CuRecord): void {
    // Edge Transport servers sit outside the forest (AD LDS): their Setup never prepares AD.
    if (this.input.isEdge === true) return;
    this.steps.push(...adPreparationSteps(from, to, null));
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
    const own = this.steps.filter(isInstallStep);
    const ownFinal = own.length > 0 ? onServer.build : null;
    const ownFixes = !isEdge && onServerClass.eemsAvailable && onServerClass.certificateRules.every(r => r.satisfied);
    const summaryParts: string[] = [];
    if (work.length === 0) {
      summaryParts.push(`Nothing to do: ${describeBuild(onServer)} is the newest build for this server.`);
    } else if (this.migration && own.length > 0) {
      summaryParts.push(
        `Two separate pieces of work. Until the migration: ${own.map(s => s.title).join(', then ')}, to keep this server as safe as it can be (it stays on ${describeBuild(onServer)}). The fix: ${this.steps.find(s => s.kind === 'legacy-migration')?.title ?? 'the migration'}.`,
      );
    } else {
      summaryParts.push(`${work.map(s => s.title).join(', then ')}.`);
    }
    if (this.migration && !isEdge && !ownFixes) {
      summaryParts.push(
        `EEMS on this server stays cut off until the migration is done and the server is removed: no ${onServer.product} build ${this.hasEsu ? 'still available' : 'anyone can download'} meets every certificate change.`,
      );
    }
    // Say plainly what the in-place result still cannot do.
    for (const rule of onServerClass.certificateRules) {
      if (rule.satisfied || isEdge || !onServerClass.eemsAvailable || this.migrationTarget === null || this.migration) continue;
      summaryParts.push(`On ${onServer.product}${this.hasEsu ? '' : ' without ESU'}, EEMS will not meet the ${rule.title}: ${rule.consequence} Only the move to ${final.product} fixes that.`);
    }
    if (fixesEems && work.length > 0) {
      // A build that already passes every rule was never cut off: EEMS keeps working, it does not "work again".
      const passesNow = !isEdge && this.c.eemsAvailable && this.c.certificateRules.every(r => r.satisfied);
      const result = passesNow ? 'keeps working' : 'works again';
      summaryParts.push(
        this.migration
          ? `On the new server, ${describeBuild(final)} meets every certificate change, so EEMS works there.`
          : `${describeBuild(final)} meets every certificate change, so EEMS ${result}.`,
      );
      const start = this.c.product;
      if (!this.hasEsu && final.product !== start && !hasPublicFix(this.index, start, this.today)) {
        summaryParts.push(`No public ${start} build meets every certificate change: moving to ${final.product} is the only public path to a working EEMS.`);
      }
    }
    if (this.steps.some(s => s.esuOnly)) summaryParts.push("ESU-only updates come from your organisation's ESU channel, not from Microsoft's public download pages.");

    this.nameTheNextStep();
    if (isEdge) {
      this.notes.push(
        this.migration
          ? `Edge Transport servers have no Emergency Mitigation Service: the certificate changes do not apply to them. The new Edge server (${this.migration.newServerProduct}, outside the domain) is subscribed again with New-EdgeSubscription; EdgeSync then keeps its recipients and connectors current (Test-EdgeSynchronization).`
          : 'Edge Transport servers have no Emergency Mitigation Service: the update keeps the server patched, the certificate changes do not apply to it.',
      );
    }
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
      ownFinalBuild: ownFinal,
      ownBuildFixesEems: ownFixes,
      ...(this.migration ? { migration: this.migration } : {}),
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
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

const ORGANISATION_AD_NOTE = 'Active Directory preparation, where the organisation needs any, is done once for the whole organisation before the first server (see the organisation plan).';

/** /PrepareSchema and /PrepareAD steps for moving from one CU's AD levels to another's; `when` says when they run. */
function adPreparationSteps(from: CuRecord, to: CuRecord, when: string | null): PlanStep[] {
  const need = adPreparation(from.adLevels, to.adLevels);
  const media = `${to.product}${to.cu === 'RTM' ? '' : ` ${to.cu}`}`;
  const timing = when ? ` Run it ${when}.` : '';
  const steps: PlanStep[] = [];
  if (need.schema) {
    steps.push({
      id: `prepare-schema-${slug(to.product)}-${slug(to.cu)}`,
      kind: 'prepare-schema',
      title: `Extend the Active Directory schema for ${media}`,
      why:
        (need.known
          ? `${media} needs schema version ${to.adLevels?.schema}; ${from.product} ${from.cu} has ${from.adLevels?.schema}.`
          : `The AD levels of ${from.product} ${from.cu} are not in the catalog, so Setup's /PrepareSchema runs to be sure (it changes nothing when the schema is already there).`) + timing,
      resultingBuild: null,
      updateId: null,
      prerequisites: [
        { id: 'schema-admin', title: "Schema Admins and Enterprise Admins rights, run in the schema master's domain and site", met: null, detail: 'Wait for AD replication before the next step.' },
      ],
      esuOnly: false,
      ...setupFields('prepare-schema', ['/PrepareSchema']),
    });
  }
  if (need.ad) {
    steps.push({
      id: `prepare-ad-${slug(to.product)}-${slug(to.cu)}`,
      kind: 'prepare-ad',
      title: `Prepare Active Directory for ${media}`,
      why:
        (need.known
          ? `${media} raises the organisation objectVersion from ${from.adLevels?.org} to ${to.adLevels?.org}${to.adLevels && from.adLevels && to.adLevels.domain > from.adLevels.domain ? ` and the domain objectVersion from ${from.adLevels.domain} to ${to.adLevels.domain}` : ''}.`
          : `The AD levels of ${from.product} ${from.cu} are not in the catalog, so /PrepareAD runs to be sure.`) + timing,
      resultingBuild: null,
      updateId: null,
      prerequisites: [
        { id: 'enterprise-admin', title: 'Enterprise Admins rights (Setup does this itself when the installing account has them)', met: null, detail: 'Wait for AD replication before installing.' },
      ],
      esuOnly: false,
      ...setupFields('prepare-ad', ['/PrepareAD', ...(need.domain ? (['/PrepareAllDomains'] as const) : [])]),
    });
  }
  return steps;
}

/** The plan step installing one SU/HU package on its server. */
function suStep(index: CatalogIndex, su: BuildRecord): PlanStep {
  const pkg = packageFor(index, su, 'exe');
  const why = su.esuOnly
    ? `${su.update} is the newest update for ${su.product} ${su.cu}. It is sold only through Extended Security Updates: import the file from your organisation's ESU channel (it is not on the Download Center or Windows Update).`
    : `${su.update} is the newest public update for ${su.product} ${su.cu}${su.lastPublicSu ? ' and the last public one Microsoft released for it' : ''}. SUs are cumulative: install only the newest. Run the .exe from an elevated prompt (an .msp started without elevation can leave OWA and ECP broken).`;
  return {
    id: `install-${slug(su.product)}-${slug(su.cu)}-${slug(su.update ?? 'cu')}`,
    kind: 'install-su',
    title: `Install ${su.product} ${su.cu} ${su.update} (${su.build})`,
    why,
    resultingBuild: su.build,
    updateId: pkg?.id ?? null,
    prerequisites: [],
    esuOnly: su.esuOnly,
  };
}

/** The newest public SU of a CU as a step, when the CU has one newer than its own build. */
function newestSuSteps(index: CatalogIndex, cu: CuRecord): PlanStep[] {
  const su = latestPublicBuild(index, cu.product, cu.cu);
  return su && compareBuilds(su.build, cu.build) > 0 ? [suStep(index, su)] : [];
}

/** Whether the target's Setup refuses to run while a server of this product exists. */
export function setupRefuses(target: TargetPrerequisites | undefined, product: string): boolean {
  return (target?.setupRefusesWith ?? []).includes(product as ProductRecord['product']);
}

/**
 * Where the new server of a migration starts and how it reaches the final product. When the
 * final product's Setup refuses to run beside the old product (SE and 2019 CU15 beside 2013), the
 * new server starts on the newest CU of a bridge product that coexists with the old one and
 * upgrades in place to the final product (2019 CU14), once the old servers are removed.
 */
function migrationRoute(index: CatalogIndex, from: ProductRecord, toProduct: ProductRecord, isEdge: boolean): ServerMigration | null {
  const final = latestCu(index, toProduct.product);
  if (!final) return null;
  let first = final;
  let why = `${toProduct.product} Setup installs a new server beside ${from.product}.`;
  if (setupRefuses(index.targets.get(cuKey(final.product, final.cu)), from.product)) {
    const bridge = bridgeCu(index, from, toProduct);
    if (!bridge) return null;
    first = bridge;
    why = `${toProduct.product} Setup refuses to run while a ${from.product} server exists, so the new server starts on ${bridge.product} ${bridge.cu}, the newest build that coexists with ${from.product}, and is upgraded in place to ${toProduct.product} once ${from.product} is gone.`;
  }
  const target = index.targets.get(cuKey(first.product, first.cu));
  const newServerOs = target ? target.supportedOs.map(id => index.catalog.osVersions.find(o => o.id === id)?.name ?? id) : [];
  const own = cuOwnBuild(index, first.product, first.cu);
  if (!own) return null;
  const label = `${first.product}${first.cu === 'RTM' ? '' : ` ${first.cu}`}`;
  const install: PlanStep = {
    id: `install-new-${slug(first.product)}-${slug(first.cu)}`,
    kind: 'install-new-server',
    title: `Install ${label} on the new server`,
    why: isEdge
      ? `Setup from the ${label} media installs the Edge Transport role on the new server, outside the domain; subscribe it with New-EdgeSubscription afterwards so EdgeSync carries recipients and connectors to it.`
      : `Setup from the ${label} media installs the Mailbox role on the new server; it turns on Extended Protection there (same TLS settings as the old servers, no SSL offloading).`,
    resultingBuild: own.build,
    updateId: isoId(index, first),
    prerequisites: target ? [...checkPrerequisites(index.catalog, target, unknownNewServer(isEdge)).filter(p => p.id !== 'os')] : [],
    esuOnly: false,
    ...setupFields('install-new-server', ['/Mode:Install', isEdge ? '/Roles:EdgeTransport' : '/Roles:Mailbox']),
  };
  const newServerSteps = [install, ...newestSuSteps(index, first)];
  const afterRemovalSteps: PlanStep[] = [];
  if (first !== final) {
    const finalOwn = cuOwnBuild(index, final.product, final.cu);
    if (!finalOwn) return null;
    const finalLabel = `${final.product}${final.cu === 'RTM' ? '' : ` ${final.cu}`}`;
    // The final media's AD preparation is refused too while the old product exists: it runs here.
    if (!isEdge) afterRemovalSteps.push(...adPreparationSteps(first, final, `once no ${from.product} server is left (its Setup refuses to run before)`));
    afterRemovalSteps.push({
      id: `upgrade-new-${slug(final.product)}-${slug(final.cu)}`,
      kind: 'in-place-upgrade',
      title: `Upgrade the new server in place to ${finalLabel}`,
      why: `Only once no ${from.product} server is left: ${finalLabel} installs over ${first.product} ${first.cu} like a CU.`,
      resultingBuild: finalOwn.build,
      updateId: isoId(index, final),
      prerequisites: [],
      esuOnly: false,
      ...setupFields('in-place-upgrade', ['/Mode:Upgrade']),
    });
    afterRemovalSteps.push(...newestSuSteps(index, final));
  }
  const last = [...newServerSteps, ...afterRemovalSteps].reverse().find(st => st.resultingBuild !== null)?.resultingBuild ?? own.build;
  return {
    fromProduct: from.product,
    toProduct: toProduct.product,
    newServerProduct: first.product,
    newServerCu: first.cu,
    why,
    newServerOs,
    newServerSteps,
    afterRemovalSteps,
    finalBuild: last,
  };
}

/** The newest CU of a product that upgrades in place to `toProduct` and whose Setup runs beside `from`. */
function bridgeCu(index: CatalogIndex, from: ProductRecord, toProduct: ProductRecord): CuRecord | null {
  for (const product of index.catalog.products) {
    const successor = product.successor;
    if (successor?.kind !== 'in-place-upgrade' || successor.product !== toProduct.product) continue;
    const cus = (index.cusByProduct.get(product.product) ?? []).filter(c => successor.fromCus.includes(c.cu) && index.targets.has(cuKey(c.product, c.cu)));
    const fits = cus.filter(c => !setupRefuses(index.targets.get(cuKey(c.product, c.cu)), from.product));
    const newest = fits[fits.length - 1];
    if (newest) return newest;
  }
  return null;
}

function isoId(index: CatalogIndex, cu: CuRecord): string | null {
  const own = cuOwnBuild(index, cu.product, cu.cu);
  return own ? (packageFor(index, own, 'iso')?.id ?? null) : null;
}

/** A server that does not exist yet: every fact unknown, so each prerequisite reads "not known". */
function unknownNewServer(isEdge: boolean): PlanInput {
  return planInputWithoutFacts({ serverName: 'new server', build: null, isEdge, roles: [isEdge ? 'Edge' : 'Mailbox'] });
}

/** A Setup or AD step's switches and the command lines made from them (the one way both are written). */
function setupFields(kind: PlanStep['kind'], switches: readonly SetupSwitch[]): Pick<PlanStep, 'commands' | 'setupSwitches'> {
  const setupSwitches = [...switches];
  return { setupSwitches, commands: stepSetupCommands({ kind, setupSwitches }) };
}
