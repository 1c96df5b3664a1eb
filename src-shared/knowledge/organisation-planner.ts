import type { BuildClassification, MigrationProject, OrganisationPlan, PlanInput, PlanStep, Product, ServerMigration, ServerPlan } from './types';
import { forestPrerequisites } from './forest-requirements';
import { staleCatalogWarning } from './catalog-age';
import type { AdLevels } from './catalog-schema';
import type { ObservedAdLevels } from '../domain/ad-levels';
import { builtInCatalog } from './catalog';
import { classifyBuild } from './classifier';
import { cuKey, indexCatalog, type CatalogIndex } from './catalog-index';
import { compareBuilds } from './build-number';
import { adPreparation, planServer, setupRefuses, type PlanOptions } from './planner';
import { adPreparationSwitches, isSetupStep, setupCommand } from './step-kinds';
import { AppError } from '../domain/errors';
import { HIERARCHY_TOO_OLD_TEXT, type ExtendedProtectionChoice } from './extended-protection';
import type { ObservedPublicFolderHierarchy } from './organisation-facts';
import { planForPublicFolderHierarchy } from './public-folder-hierarchy';
import { andList } from '../domain/and-list';

export interface OrganisationPlanOptions extends Omit<PlanOptions, 'classification' | 'organisationPreparesAd'> {
  /**
   * The forest's current levels, when known by other means (tests, an imported report). Without
   * them and without `observedAdLevels`, the planner assumes the levels of the newest CU installed
   * in the organisation (Setup raised AD to those when it installed).
   */
  currentAdLevels?: AdLevels | null;
  /** The levels as read from Active Directory (discovery); null values are "could not be read". */
  observedAdLevels?: ObservedAdLevels | null;
  /** The assessment's classification of each input's build (same order); the planner does not classify again. */
  classifications?: readonly (BuildClassification | null | undefined)[];
  /** The admin's Extended Protection choice per server name (any case); absent = let Setup turn it on. */
  extendedProtectionChoices?: Readonly<Record<string, ExtendedProtectionChoice>>;
  /** Where the scan found the public-folder hierarchy mailbox; absent = not looked for (the plan then says nothing about it). */
  publicFolderHierarchy?: ObservedPublicFolderHierarchy;
}

/** Order groups, first to last, with the reason the plan gives for each. */
const GROUPS = [
  {
    id: 'coexistence',
    why: 'Servers on a CU older than Exchange 2019 and SE Setup coexist with (Exchange 2013 CU21, Exchange 2016 CU11) come first, before any new server or other Setup: their update brings them to the newest CU of their version, so the later Setups do not refuse.',
  },
  {
    id: 'public-folders',
    why: `The server holding the public-folder hierarchy comes next: Extended Protection must not be turned on anywhere while the hierarchy is on ${HIERARCHY_TOO_OLD_TEXT}, and its update raises it past that.`,
  },
  {
    id: 'exchange-2013',
    why: 'Exchange 2013 servers come first: Exchange SE and 2019 CU15 Setup refuse to run while one is in the organisation, so their mailboxes move to a new server and the 2013 servers are removed before the other servers are upgraded.',
  },
  { id: 'standalone', why: 'Servers outside a DAG come next, one at a time and out of hours: each update takes its users offline.' },
  { id: 'dag', why: 'DAG members follow one at a time, DAG by DAG, each in maintenance mode: the other members keep the databases online while one is updated.' },
  { id: 'edge', why: 'Edge Transport servers go after the Mailbox servers, which they keep mail flowing for meanwhile.' },
  { id: 'nothing', why: 'Servers with nothing to do, or whose build is unknown, go last.' },
] as const;
type GroupId = (typeof GROUPS)[number]['id'];

/** How to read the Exchange levels of AD when the wizard could not. */
export const HOW_TO_READ_AD_LEVELS =
  "Read them on a domain-joined machine with the Active Directory module: the schema level is rangeUpper of CN=ms-Exch-Schema-Version-Pt in the schema partition, the organisation level objectVersion of the Exchange organisation object under CN=Microsoft Exchange,CN=Services in the configuration partition, and each domain's level objectVersion of CN=Microsoft Exchange System Objects in that domain. Setup's /PrepareSchema and /PrepareAD change nothing where AD is already at the level.";

/**
 * Plans an organisation: Active Directory preparation once (with the media of the newest target
 * every server in the organisation lets Setup run beside, /PrepareSchema only where the schema
 * level rises, /PrepareAD where the organisation or domain objectVersion rises), the servers in a
 * safe order with the reason for it, and each migration to new servers as a project of its own.
 * Server plans are made with `organisationPreparesAd`, so none carries its own AD steps.
 */
export function planOrganisation(inputs: PlanInput[], options: OrganisationPlanOptions): OrganisationPlan {
  const catalog = options.catalog ?? builtInCatalog();
  const index = indexCatalog(catalog);
  const today = options.today ?? catalog.asOf;
  const classes = inputs.map((input, i) => options.classifications?.[i] ?? classifyOrNull(index, input.build, today));
  const withTls = withOrganisationTls(inputs);
  const plans: ServerPlan[] = withTls.map((input, i) => {
    const classification = classes[i];
    const choice = extendedProtectionChoiceOf(options.extendedProtectionChoices, input.serverName);
    return planServer(input, { ...options, catalog, organisationPreparesAd: true, ...(classification ? { classification } : {}), ...(choice ? { extendedProtectionChoice: choice } : {}) });
  });

  // Edge Transport servers are not in the forest: they neither raised AD nor need it raised.
  const inForest = (i: number) => inputs[i]?.isEdge !== true;
  const present = new Set(classes.map(c => c?.product).filter((p): p is Product => p !== undefined));
  // Setup runs AD preparation with media whose Setup runs beside every product present (SE refuses
  // next to 2013): targets reached only after a migration are prepared inside that migration.
  const runnable = (build: string | null) => {
    const record = build === null ? undefined : index.byBuild.get(build);
    const target = record ? index.targets.get(cuKey(record.product, record.cu)) : undefined;
    return ![...present].some(p => setupRefuses(target, p));
  };
  const targets = plans
    .filter((_, i) => inForest(i))
    .flatMap(p => [...p.steps.filter(isSetupStep), ...(p.migration?.newServerSteps.filter(s => s.kind === 'install-new-server') ?? [])])
    .filter(s => runnable(s.resultingBuild))
    .map(s => targetLevels(index, s.resultingBuild));
  const required = highestLevels(targets.map(t => t?.levels ?? null));
  // The newest target's media prepares AD for every older target too.
  const media = targets.reduce<TargetLevels | null>((best, t) => (t && (!best || levelRank(t.levels) >= levelRank(best.levels)) ? t : best), null)?.label ?? null;

  const { current, source } = currentLevels(index, inputs, classes, options);
  const need = required === null ? { schema: false, ad: false, domain: false, known: true } : adPreparation(current, required);
  // Levels inferred from builds say nothing about each domain: /PrepareAllDomains prepares them all.
  const domain = need.domain || (source !== 'observed' && need.ad);
  const commands = adPreparationSwitches({ prepareSchema: need.schema, prepareAd: need.ad, prepareAllDomains: domain }).map(s => setupCommand([s]));
  const sourceText =
    source === 'observed'
      ? `The levels were read from Active Directory${options.observedAdLevels?.readAt ? ` (${options.observedAdLevels.readAt})` : ''}.`
      : source === 'inferred'
        ? 'The levels were not read from Active Directory: the plan assumes those of the newest Exchange build installed (Setup raised AD to them), so it may prepare more than is needed, never less.'
        : 'The levels could not be read from Active Directory and no scanned build tells them: the plan assumes the preparation is needed.';
  let why: string;
  if (!need.schema && !need.ad) why = `No server in the plan needs a higher Active Directory level than the forest already has. ${sourceText}`;
  else if (!need.known) why = `The forest's current levels are not known, so the preparation runs once with the ${media} media (it changes nothing where AD is already there). ${sourceText}`;
  else {
    const parts: string[] = [];
    if (need.schema && current && required) parts.push(`schema ${current.schema} → ${required.schema}`);
    if (need.ad && current && required && required.org > current.org) parts.push(`organisation objectVersion ${current.org} → ${required.org}`);
    if (need.domain && current && required) parts.push(`domain objectVersion ${current.domain} → ${required.domain}`);
    why = `Once for the organisation, with the ${media} media, before the first server: ${parts.join(', ')}. Run in the schema master's domain and site with Schema Admins and Enterprise Admins rights, and wait for AD replication before installing. ${sourceText}`;
  }

  const first = coexistenceFirst(index, plans, classes);
  // Exchange 2019 and SE need the forest at their level: a prerequisite of AD preparation and of every such Setup.
  const needsForest = plans.some((p, i) => inForest(i) && setupSteps(p).some(s => isModernSetup(index, s.resultingBuild)));
  const forest = needsForest
    ? forestPrerequisites(
        options.observedAdLevels?.forest ?? null,
        inputs.filter(i => i.isEdge !== true).flatMap(i => (i.site ? [i.site] : [])),
      )
    : [];
  // A Setup step carries the ones not met (they hold it); the unknown ones are the AD preparation's, said once.
  const unmet = forest.filter(p => p.met === false);
  if (unmet.length > 0) {
    plans.forEach((plan, i) => {
      if (inForest(i)) plans[i] = withForestPrerequisites(index, plan, unmet);
    });
  }
  // Extended Protection waits for the public-folder hierarchy: its server first, every other EP Setup says so.
  const hierarchy = planForPublicFolderHierarchy(index, plans, inputs, classes, options.publicFolderHierarchy);
  plans.splice(0, plans.length, ...hierarchy.plans);
  const groupFor = (plan: ServerPlan, i: number): GroupId =>
    first.has(plan.serverName) ? 'coexistence' : plan.serverName === hierarchy.first ? 'public-folders' : groupOf(index, inputs[i] as PlanInput, plan, classes[i] ?? null);
  const grouped = plans.map((plan, i) => ({ plan, input: inputs[i] as PlanInput, group: groupFor(plan, i) }));
  const rank = (g: GroupId) => GROUPS.findIndex(x => x.id === g);
  grouped.sort((a, b) => rank(a.group) - rank(b.group) || (a.input.dagName ?? '').localeCompare(b.input.dagName ?? '') || a.plan.serverName.localeCompare(b.plan.serverName));
  const used = new Set(grouped.map(g => g.group));
  const notes: string[] = GROUPS.filter(g => used.has(g.id)).map(g => g.why);
  if (need.schema || need.ad) notes.unshift('Prepare Active Directory first (see adPreparation), once, before the first server is updated.');
  const migrations = migrationProjects(
    index,
    grouped.map(g => ({ plan: g.plan, input: g.input, classification: classes[inputs.indexOf(g.input)] ?? null })),
  );
  if (migrations.length > 0) {
    notes.push('Each migration to new servers is a project of its own (see migrations); patching the old servers only bridges the time until they are removed.');
  }
  if (hierarchy.note) notes.push(hierarchy.note);
  if (options.hasEsu) notes.push("ESU-only updates are imported from the organisation's own ESU channel.");
  const stale = staleCatalogWarning(catalog.asOf, today);
  if (stale) notes.unshift(stale);

  return {
    adPreparation: {
      needed: need.schema || need.ad,
      prepareSchema: need.schema,
      prepareAd: need.ad,
      prepareAllDomains: domain,
      why,
      commands,
      media: need.schema || need.ad ? media : null,
      levelsSource: source,
      howToRead: source === 'observed' && need.known ? null : HOW_TO_READ_AD_LEVELS,
      ...(forest.length > 0 ? { prerequisites: forest } : {}),
    },
    order: grouped.map(g => g.plan.serverName),
    servers: grouped.map(g => g.plan),
    notes,
    migrations,
    coexistenceFirst: grouped.filter(g => g.group === 'coexistence').map(g => g.plan.serverName),
    ...(hierarchy.first ? { publicFolderFirst: [hierarchy.first] } : {}),
  };
}

/**
 * The servers below a coexistence minimum of any Setup the plan runs (a server's own CU or
 * in-place upgrade, a migration's new server, its upgrade once the old servers are gone) whose own
 * update raises them to it: they are updated before everything else.
 */
function coexistenceFirst(index: CatalogIndex, plans: readonly ServerPlan[], classes: readonly (BuildClassification | null)[]): Set<string> {
  const setupBuilds = plans
    .flatMap(p => [...p.steps.filter(isSetupStep), ...(p.migration ? [...p.migration.newServerSteps, ...p.migration.afterRemovalSteps].filter(isSetupStep) : [])])
    .map(s => s.resultingBuild);
  const minimums = setupBuilds.flatMap(build => {
    const record = build === null ? undefined : index.byBuild.get(build);
    return (record ? index.targets.get(cuKey(record.product, record.cu))?.coexistenceMinimums : undefined) ?? [];
  });
  const first = new Set<string>();
  plans.forEach((plan, i) => {
    const c = classes[i];
    const current = c ? index.cus.get(cuKey(c.product, c.cu)) : undefined;
    const own = plan.ownFinalBuild ? index.byBuild.get(plan.ownFinalBuild) : undefined;
    const ownCu = own ? index.cus.get(cuKey(own.product, own.cu)) : undefined;
    if (!current || !ownCu) return;
    const below = minimums.some(m => {
      const min = m.product === current.product ? index.cus.get(cuKey(m.product, m.cu)) : undefined;
      return min !== undefined && compareBuilds(current.build, min.build) < 0 && compareBuilds(ownCu.build, min.build) >= 0;
    });
    if (below) first.add(plan.serverName);
  });
  return first;
}

/** Every Setup step of a plan: its own, and its migration's new-server and after-removal ones. */
function setupSteps(plan: ServerPlan): PlanStep[] {
  return [...plan.steps, ...(plan.migration ? [...plan.migration.newServerSteps, ...plan.migration.afterRemovalSteps] : [])].filter(isSetupStep);
}

/** Whether a Setup installs Exchange 2019 or SE (the versions with the forest requirements). */
function isModernSetup(index: CatalogIndex, build: string | null): boolean {
  const record = build === null ? undefined : index.byBuild.get(build);
  return record?.product === 'Exchange 2019' || record?.product === 'Exchange SE';
}

/** The plan with the forest's prerequisites on each Exchange 2019/SE Setup step. */
function withForestPrerequisites(index: CatalogIndex, plan: ServerPlan, forest: PlanStep['prerequisites']): ServerPlan {
  const add = (step: PlanStep): PlanStep => (isSetupStep(step) && isModernSetup(index, step.resultingBuild) ? { ...step, prerequisites: [...step.prerequisites, ...forest] } : step);
  return {
    ...plan,
    steps: plan.steps.map(add),
    ...(plan.migration ? { migration: { ...plan.migration, newServerSteps: plan.migration.newServerSteps.map(add), afterRemovalSteps: plan.migration.afterRemovalSteps.map(add) } } : {}),
  };
}

/** A server's Extended Protection choice, its name matched in any case. */
function extendedProtectionChoiceOf(choices: Readonly<Record<string, ExtendedProtectionChoice>> | undefined, name: string): ExtendedProtectionChoice | undefined {
  if (!choices) return undefined;
  const key = Object.keys(choices).find(k => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : choices[key];
}

/**
 * Extended Protection needs the same TLS versions on every Exchange server: where the servers whose
 * TLS was read enable different versions, each of them gets that as a TLS problem.
 */
function withOrganisationTls(inputs: readonly PlanInput[]): PlanInput[] {
  const read = inputs.filter(i => i.extendedProtection?.tlsVersionsEnabled);
  const text = (i: PlanInput) => (i.extendedProtection?.tlsVersionsEnabled ?? []).join(', ') || 'none';
  if (new Set(read.map(text)).size <= 1) return [...inputs];
  const problem = `the TLS versions enabled differ between the Exchange servers (${read.map(i => `${i.serverName}: ${text(i)}`).join('; ')})`;
  return inputs.map(i => {
    const ep = i.extendedProtection;
    if (!ep?.tlsVersionsEnabled || !ep.tlsProblems) return i;
    return { ...i, extendedProtection: { ...ep, tlsProblems: [...ep.tlsProblems, problem] } };
  });
}

interface OrderedServer {
  plan: ServerPlan;
  input: PlanInput;
  classification: BuildClassification | null;
}

/**
 * The Mailbox servers that can take a project's mailboxes before a new server is bought, and when:
 * now, on its target product or on the bridge its new server would start on (Exchange 2019 CU14 for
 * a 2013 move, which runs beside 2013), or after their own plan takes them to the target (only for a
 * project that runs after the servers' own updates: one needing a bridge runs before them).
 */
function reusableServers(index: CatalogIndex, ordered: readonly OrderedServer[], route: ServerMigration): { now: string[]; afterOwnPlan: string[] } {
  const bridge = route.newServerProduct !== route.toProduct ? index.cus.get(cuKey(route.newServerProduct, route.newServerCu)) : undefined;
  const staying = ordered.filter(e => e.input.isEdge !== true && e.plan.migration === undefined);
  const onNow = (c: BuildClassification | null) => {
    if (c === null) return false;
    if (c.product === route.toProduct) return true;
    const cu = index.cus.get(cuKey(c.product, c.cu));
    return bridge !== undefined && cu !== undefined && c.product === bridge.product && compareBuilds(cu.build, bridge.build) >= 0;
  };
  const now = staying.filter(e => onNow(e.classification)).map(e => e.plan.serverName);
  const afterOwnPlan = bridge ? [] : staying.filter(e => !now.includes(e.plan.serverName) && e.plan.target?.product === route.toProduct).map(e => e.plan.serverName);
  return { now, afterOwnPlan };
}

/** One project per product left by migration, its old servers in the plan's order. */
function migrationProjects(index: CatalogIndex, ordered: OrderedServer[]): MigrationProject[] {
  const byProduct = new Map<string, { plan: ServerPlan; input: PlanInput }[]>();
  for (const entry of ordered) {
    const m = entry.plan.migration;
    if (!m) continue;
    const list = byProduct.get(m.fromProduct) ?? [];
    list.push(entry);
    byProduct.set(m.fromProduct, list);
  }
  const projects: MigrationProject[] = [];
  for (const [, entries] of byProduct) {
    const mailbox = entries.filter(e => e.input.isEdge !== true);
    const edge = entries.filter(e => e.input.isEdge === true);
    const route = (mailbox[0] ?? entries[0])?.plan.migration;
    if (!route) continue;
    const count = mailbox.length;
    const { now: existing, afterOwnPlan } = reusableServers(index, ordered, route);
    // The runbook builds a new DAG (witness, a copy of each database on every new server) only for old DAG members and two or more new servers.
    const oldDags = [...new Set(mailbox.flatMap(e => (e.input.dagName ? [e.input.dagName] : [])))];
    projects.push({
      id: `migrate-${route.fromProduct.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
      fromProduct: route.fromProduct,
      toProduct: route.toProduct,
      oldServers: entries.map(e => e.plan.serverName),
      oldEdgeServers: edge.map(e => e.plan.serverName),
      newServerCount: count,
      newServerCountWhy:
        count === 1
          ? `One new server replaces ${mailbox[0]?.plan.serverName}: for a small business one Exchange server per old Mailbox server is a sane default; size it with Microsoft's guidance rather than copying the old server.`
          : `${count} new servers, one per old Mailbox server (${mailbox.map(e => e.plan.serverName).join(', ')}): a sane default for a small business${oldDags.length > 0 ? ` that keeps the resilience of ${oldDags.join(', ')} once the new DAG (witness, a copy of every database on each new server) is built` : ''}; fewer, larger servers are possible once sized with Microsoft's guidance.`,
      existingTargetServers: existing,
      targetServersAfterOwnPlan: afterOwnPlan,
      route,
      notes: [
        ...(existing.length + afterOwnPlan.length > 0
          ? [
              `Use what is there first: ${reuseSentence({ existingTargetServers: existing, targetServersAfterOwnPlan: afterOwnPlan, route, oldServers: mailbox.map(e => e.plan.serverName), oldEdgeServers: [] }) ?? ''}`,
            ]
          : []),
        ...(edge.length > 0
          ? [
              `Edge Transport servers (${edge.map(e => e.plan.serverName).join(', ')}) get a new ${route.toProduct} Edge server each, subscribed again with New-EdgeSubscription (EdgeSync then carries recipients and connectors to it); Edge has no Emergency Mitigation Service, so the certificate changes do not apply to it.`,
            ]
          : []),
        // Exchange 2019 and SE have no Unified Messaging: voice mail and auto attendants need another home first.
        ...(route.fromProduct === 'Exchange 2013' || route.fromProduct === 'Exchange 2016'
          ? [`${route.toProduct} has no Unified Messaging: move voice mail and auto attendants (Get-UMDialPlan) elsewhere before removing ${route.fromProduct}.`]
          : []),
      ],
    });
  }
  return projects;
}

/**
 * Where a project's mailboxes can go before a new server is bought, with the sizing caveat:
 * "EXSE01 runs Exchange SE now, and EX01 will after its own upgrade: the mailboxes of EX02 can move
 * there, …". Null when no server can take them. The plan's notes and the decision page both say it.
 */
export function reuseSentence(project: Pick<MigrationProject, 'existingTargetServers' | 'targetServersAfterOwnPlan' | 'route' | 'oldServers' | 'oldEdgeServers'>): string | null {
  const now = project.existingTargetServers;
  const after = project.targetServersAfterOwnPlan ?? [];
  if (now.length + after.length === 0) return null;
  const route = project.route;
  const onNow = now.length
    ? `${andList(now)} ${now.length === 1 ? 'runs' : 'run'} ${route.newServerProduct === route.toProduct ? route.toProduct : `${route.newServerProduct} ${route.newServerCu} or later`} now`
    : '';
  const will = now.length ? 'will' : `will run ${route.toProduct}`;
  const later = after.length ? `${andList(after)} ${will} after ${after.length === 1 ? 'its' : 'their'} own upgrade` : '';
  const old = project.oldServers.filter(n => !project.oldEdgeServers.includes(n));
  const one = now.length + after.length === 1;
  return `${[onNow, later].filter(Boolean).join(', and ')}: the mailboxes of ${andList(old)} can move there, and no new server is needed if ${one ? 'it has' : 'they have'} room (disk for the mailboxes and their logs, memory; size with Microsoft's guidance).`;
}

function classifyOrNull(index: CatalogIndex, build: string | null, today: string): BuildClassification | null {
  if (build === null) return null;
  try {
    return classifyBuild(build, { catalog: index.catalog, today });
  } catch (err) {
    if (err instanceof AppError) return null;
    throw err;
  }
}

function groupOf(index: CatalogIndex, input: PlanInput, plan: ServerPlan, c: BuildClassification | null): GroupId {
  if (plan.steps.every(s => s.kind === 'none') || plan.target === null) return 'nothing';
  if (c !== null && index.products.get(c.product)?.eemsFromCu === null) return 'exchange-2013';
  if (input.isEdge === true) return 'edge';
  return input.dagName ? 'dag' : 'standalone';
}

/**
 * The forest's current levels: given, read from AD, or inferred from the newest CU installed.
 * A level AD did not give is unknown for that part, which counts as "preparation needed".
 */
function currentLevels(
  index: CatalogIndex,
  inputs: PlanInput[],
  classes: readonly (BuildClassification | null)[],
  options: OrganisationPlanOptions,
): { current: AdLevels | null; source: 'observed' | 'inferred' | 'unknown' } {
  if (options.currentAdLevels) return { current: options.currentAdLevels, source: 'observed' };
  const observed = observedLevels(options.observedAdLevels ?? null);
  if (observed) return { current: observed, source: 'observed' };
  const inferred = highestLevels(classes.filter((_, i) => inputs[i]?.isEdge !== true).map(c => (c ? (index.cus.get(cuKey(c.product, c.cu))?.adLevels ?? null) : null)));
  return inferred ? { current: inferred, source: 'inferred' } : { current: null, source: 'unknown' };
}

/** Observed levels as the catalog's shape; null when any part could not be read (then nothing is assumed from them). */
export function observedLevels(observed: ObservedAdLevels | null): AdLevels | null {
  if (observed === null) return null;
  const domains = observed.domains.map(d => d.objectVersion);
  if (observed.schemaRangeUpper === null || observed.organisationObjectVersion === null || domains.length === 0 || domains.some(d => d === null)) return null;
  return { schema: observed.schemaRangeUpper, org: observed.organisationObjectVersion, domain: Math.min(...(domains as number[])) };
}

interface TargetLevels {
  levels: AdLevels | null;
  /** The media that prepares for it, e.g. "Exchange SE" or "Exchange 2019 CU15". */
  label: string;
}

function targetLevels(index: CatalogIndex, build: string | null): TargetLevels | null {
  const record = build === null ? undefined : index.byBuild.get(build);
  if (!record) return null;
  const cu = index.cus.get(cuKey(record.product, record.cu));
  return { levels: cu?.adLevels ?? null, label: `${record.product}${record.cu === 'RTM' ? '' : ` ${record.cu}`}` };
}

function levelRank(levels: AdLevels | null): number {
  return levels === null ? -1 : levels.org * 100000 + levels.schema;
}

/** Component-wise highest of the known levels; null when none is known. */
function highestLevels(levels: (AdLevels | null)[]): AdLevels | null {
  const known = levels.filter((l): l is AdLevels => l !== null);
  if (known.length === 0) return null;
  return {
    schema: Math.max(...known.map(l => l.schema)),
    domain: Math.max(...known.map(l => l.domain)),
    org: Math.max(...known.map(l => l.org)),
  };
}
