import type { OrganisationPlan, PlanInput, Product, ServerPlan } from './types';
import type { AdLevels } from './catalog-schema';
import { builtInCatalog } from './catalog';
import { classifyBuild } from './classifier';
import { cuKey, indexCatalog, type CatalogIndex } from './catalog-index';
import { adPreparation, planServer, type PlanOptions } from './planner';
import { SETUP_LICENSE_SWITCH, runsExchangeSetup } from './exchange-setup';
import { AppError } from '../domain/errors';

export interface OrganisationPlanOptions extends PlanOptions {
  /**
   * The forest's current levels, when read from AD. Without them the planner assumes the levels
   * of the newest CU installed in the organisation (Setup raised AD to those when it installed).
   */
  currentAdLevels?: AdLevels | null;
}

/** Order groups, first to last, with the reason the plan gives for each. */
const GROUPS = [
  {
    id: 'exchange-2013',
    why: 'Exchange 2013 servers come first: Exchange SE and 2019 CU15 Setup refuse to run while one is in the organisation, so their mailboxes move and the servers are removed before the other servers are upgraded.',
  },
  { id: 'standalone', why: 'Servers outside a DAG next, one at a time: each update takes its users offline, so do it out of hours; a problem shows up on one server before the DAGs are touched.' },
  { id: 'dag', why: 'DAG members one at a time, DAG by DAG, each in maintenance mode: the other members keep the databases online while one is updated.' },
  { id: 'edge', why: 'Edge Transport servers after the Mailbox servers: they have no EEMS and keep mail flowing while the Mailbox servers are in maintenance.' },
  { id: 'nothing', why: 'Servers with nothing to do, or whose build is unknown, last.' },
] as const;
type GroupId = (typeof GROUPS)[number]['id'];

/**
 * Plans an organisation: Active Directory preparation once (with the media of the newest target,
 * /PrepareSchema only where the schema level rises, /PrepareAD where the organisation or domain
 * objectVersion rises), then the servers in a safe order with the reason for it. The per-server
 * /PrepareSchema and /PrepareAD steps move into the organisation's AD preparation.
 */
export function planOrganisation(inputs: PlanInput[], options: OrganisationPlanOptions): OrganisationPlan {
  const catalog = options.catalog ?? builtInCatalog();
  const index = indexCatalog(catalog);
  const plans = inputs.map(input => planServer(input, { ...options, catalog }));

  // Edge Transport servers are not in the forest: they neither raised AD nor need it raised.
  const inForest = (i: number) => inputs[i]?.isEdge !== true;
  const current = options.currentAdLevels ?? highestLevels(inputs.filter((_, i) => inForest(i)).map(i => installedLevels(index, i)));
  const targets = plans.filter((_, i) => inForest(i)).flatMap(p => p.steps.filter(runsExchangeSetup).map(s => targetLevels(index, s.resultingBuild)));
  const required = highestLevels(targets.map(t => t?.levels ?? null));
  // The newest target's media prepares AD for every older target too.
  const media = targets.reduce<TargetLevels | null>((best, t) => (t && (!best || levelRank(t.levels) >= levelRank(best.levels)) ? t : best), null)?.label ?? null;
  const need = required === null ? { schema: false, ad: false, domain: false, known: true } : adPreparation(current, required);
  const commands: string[] = [];
  if (need.schema) commands.push(`Setup.exe ${SETUP_LICENSE_SWITCH} /PrepareSchema`);
  if (need.ad) commands.push(`Setup.exe ${SETUP_LICENSE_SWITCH} /PrepareAD`);
  if (need.domain) commands.push(`Setup.exe ${SETUP_LICENSE_SWITCH} /PrepareAllDomains`);
  let why: string;
  if (!need.schema && !need.ad) why = 'No server in the plan needs a higher Active Directory level than the forest already has.';
  else if (!need.known) why = `The forest's current levels are not known, so the preparation runs once with the ${media} media (it changes nothing where AD is already there).`;
  else {
    const parts: string[] = [];
    if (need.schema && current && required) parts.push(`schema ${current.schema} → ${required.schema}`);
    if (need.ad && current && required && required.org > current.org) parts.push(`organisation objectVersion ${current.org} → ${required.org}`);
    if (need.domain && current && required) parts.push(`domain objectVersion ${current.domain} → ${required.domain}`);
    why = `Once for the organisation, with the ${media} media, before the first server: ${parts.join(', ')}. Run in the schema master's domain and site with Schema Admins and Enterprise Admins rights, and wait for AD replication before installing.`;
  }

  for (const plan of plans) {
    const removed = plan.steps.filter(s => s.kind === 'prepare-schema' || s.kind === 'prepare-ad');
    if (removed.length === 0) continue;
    plan.steps = plan.steps.filter(s => !removed.includes(s));
    // The summary opens with "<step>, then <step>." and AD preparation steps never come last.
    for (const step of removed) plan.summary = plan.summary.replace(`${step.title}, then `, '');
    plan.notes.push(
      need.schema || need.ad
        ? 'Active Directory is prepared once for the whole organisation before the first server (see the organisation plan).'
        : 'Active Directory is already at the level this plan needs (another server runs a newer build): no preparation.',
    );
  }

  const grouped = plans.map((plan, i) => ({ plan, input: inputs[i] as PlanInput, group: groupOf(index, inputs[i] as PlanInput, plan) }));
  const rank = (g: GroupId) => GROUPS.findIndex(x => x.id === g);
  grouped.sort(
    (a, b) =>
      rank(a.group) - rank(b.group) ||
      (a.input.dagName ?? '').localeCompare(b.input.dagName ?? '') ||
      a.plan.serverName.localeCompare(b.plan.serverName),
  );
  const used = new Set(grouped.map(g => g.group));
  const notes: string[] = GROUPS.filter(g => used.has(g.id)).map(g => g.why);
  if (need.schema || need.ad) notes.unshift('Prepare Active Directory first (see adPreparation), once, before the first server is updated.');
  if (options.hasEsu) notes.push('ESU-only updates are imported from the organisation\'s own ESU channel.');

  return {
    adPreparation: { needed: need.schema || need.ad, prepareSchema: need.schema, prepareAd: need.ad, why, commands },
    order: grouped.map(g => g.plan.serverName),
    servers: grouped.map(g => g.plan),
    notes,
  };
}

function groupOf(index: CatalogIndex, input: PlanInput, plan: ServerPlan): GroupId {
  if (plan.steps.every(s => s.kind === 'none') || plan.target === null) return 'nothing';
  const product = input.classification?.product ?? productOf(index, input.build);
  if (product !== null && index.products.get(product)?.eemsFromCu === null) return 'exchange-2013';
  if (input.isEdge === true) return 'edge';
  return input.dagName ? 'dag' : 'standalone';
}

function productOf(index: CatalogIndex, build: string | null): Product | null {
  if (build === null) return null;
  try {
    return classifyBuild(build, { catalog: index.catalog }).product;
  } catch (err) {
    if (err instanceof AppError) return null;
    throw err;
  }
}

/** AD levels of the CU a server runs, when the catalog has them. */
function installedLevels(index: CatalogIndex, { build, classification }: PlanInput): AdLevels | null {
  if (build === null) return null;
  try {
    const c = classification ?? classifyBuild(build, { catalog: index.catalog });
    return index.cus.get(cuKey(c.product, c.cu))?.adLevels ?? null;
  } catch (err) {
    if (err instanceof AppError) return null;
    throw err;
  }
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
