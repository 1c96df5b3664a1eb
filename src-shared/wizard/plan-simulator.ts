import type { AdLevels, Catalog, CuRecord } from '../knowledge/catalog-schema';
import type { PlanInput, Product } from '../knowledge/types';
import { classifyBuild } from '../knowledge/classifier';
import { cuKey, indexCatalog, type CatalogIndex } from '../knowledge/catalog-index';
import { serverOs } from '../knowledge/prerequisites';
import { esuInForce } from '../knowledge/esu';
import {
  enablesExtendedProtection,
  hierarchyTooOldForExtendedProtection,
  setupChangesExtendedProtection,
  SSL_OFFLOADING_PREREQUISITE,
  type ExtendedProtectionState,
} from '../knowledge/extended-protection';
import type { ChecklistSection } from './checklist-item';
import type { ObservedForest } from '../domain/ad-levels';
import { forestPrerequisites } from '../knowledge/forest-requirements';
import { failedPreconditions } from './setup-preconditions';

/** A server as the simulator sees it. */
interface SimServer {
  name: string;
  product: Product;
  cu: CuRecord | null;
  build: string | null;
  isEdge: boolean;
  os: string | null;
  pendingReboot: boolean;
  prerequisitesMet: boolean;
  extendedProtectionChecked: boolean;
  hashChecked: boolean;
  /** Extended Protection and TLS as the scan saw them (null: not read, or a new server). */
  epState: ExtendedProtectionState | null;
  /** TLS settings consistent (false until a "fix before you start" item fixes them; null: not read). */
  tlsConsistent: boolean | null;
  /** Outlook Anywhere's SSLOffloading (true until its fix item turns it off; null: not read, or a new server). */
  sslOffloading: boolean | null;
  /** Mailboxes (of any kind) still on it; a server is removed only once they are moved. */
  holdsMailboxes: boolean;
  /** Pre-flight blockers not fixed yet (their check ids). */
  preflightBlockers: string[];
  /** An earlier Setup stopped part-way on it. */
  watermark: boolean;
}

export interface SimulationOptions {
  catalog: Catalog;
  today: string;
  hasEsu: boolean;
  /** The forest's real levels; default: those of the newest CU installed (what Setup left behind). */
  adLevels?: AdLevels | null;
  /**
   * The pre-flight of each server (by name): the ids of the checks that block Setup, and whether
   * an earlier Setup stopped part-way. Absent: nothing known beyond the pending restart.
   */
  preflight?: Record<string, { blockers: readonly string[]; watermark: boolean }>;
  /** The forest as discovery read it (functional level, domain controllers); absent: not known. */
  forest?: ObservedForest | null;
  /** The scanned server holding the public-folder hierarchy mailbox; absent or null: no public folders, or not known. */
  publicFolderHierarchy?: string | null;
}

export interface SimulationResult {
  /** Every step whose preconditions did not hold when it was reached, and every end-state failure. */
  problems: string[];
  /** The same step failures by section and item, for showing them on the item as blockers. */
  failures: { section: string; item: string; reason: string }[];
  /** The servers left at the end: name, build, whether it passes every certificate rule on a supported product. */
  endState: { name: string; build: string | null; ok: boolean }[];
}

/**
 * Walks a runbook (the organisation checklist, in order) over a simulated organisation, applying
 * each item's effect: Setup and SU runs check Exchange Setup's blocking preconditions
 * (setup-preconditions.ts); reboots clear the pending restart each run leaves; AD preparation
 * raises the forest's levels and is refused like Setup beside a product its media refuses;
 * build checks fail when the server is not on the build they wait for; removals need the
 * mailboxes moved. At the end every server left must pass every certificate rule on a supported
 * product. Every existing server starts with a restart pending, so the runbook must restart first.
 */
export function simulateRunbook(inputs: readonly PlanInput[], sections: readonly ChecklistSection[], options: SimulationOptions): SimulationResult {
  const index = indexCatalog(options.catalog);
  const servers = new Map<string, SimServer>();
  const prereqBlocked = new Set(sections.flatMap(s => (s.items.some(i => i.kind === 'fix' && i.effect?.type === 'prerequisites') ? [s.server ?? ''] : [])));
  for (const input of inputs) {
    if (input.build === null) continue;
    const c = classifyBuild(input.build, { catalog: options.catalog, today: options.today });
    const cu = index.cus.get(cuKey(c.product, c.cu)) ?? null;
    servers.set(input.serverName, {
      name: input.serverName,
      product: c.product,
      cu,
      build: c.resolvedTo?.build ?? (c.buildPrecision === 'cu' ? (cu?.build ?? c.build) : c.build),
      isEdge: input.isEdge === true,
      os: serverOs(options.catalog, input)?.id ?? null,
      pendingReboot: true,
      prerequisitesMet: !prereqBlocked.has(input.serverName),
      extendedProtectionChecked: false,
      hashChecked: false,
      epState: input.extendedProtection ?? null,
      tlsConsistent: input.extendedProtection?.tlsProblems ? input.extendedProtection.tlsProblems.length === 0 : null,
      sslOffloading: input.extendedProtection?.sslOffloading ?? null,
      holdsMailboxes: input.isEdge !== true,
      // The restart and free space are simulated on their own; the watermark by the Setup run.
      preflightBlockers: (options.preflight?.[input.serverName]?.blockers ?? []).filter(id => id !== 'pending-restart' && id !== 'free-disk' && id !== 'install-watermark'),
      watermark: options.preflight?.[input.serverName]?.watermark ?? false,
    });
  }
  let ad: AdLevels | null = options.adLevels !== undefined ? options.adLevels : highest([...servers.values()].filter(s => !s.isEdge).map(s => s.cu?.adLevels ?? null));
  const problems: string[] = [];
  const failures: SimulationResult['failures'] = [];
  const sites = inputs.filter(i => i.isEdge !== true).flatMap(i => (i.site ? [i.site] : []));
  const forestChecks = options.forest ? forestPrerequisites(options.forest, sites) : [];
  let forestReady: boolean | null = forestChecks.length === 0 ? null : !forestChecks.some(p => p.met === false);
  const forestIds = new Set(forestChecks.map(p => p.id));
  // Where the hierarchy mailbox is: it moves with the mailboxes of the server that holds it.
  let hierarchyOn: string | null = options.publicFolderHierarchy ?? null;

  for (const section of sections) {
    for (const item of section.items) {
      const e = item.effect;
      if (!e) continue;
      const where = `${section.id} › ${item.id}`;
      switch (e.type) {
        case 'reboot':
          withServer(e.server, s => (s.pendingReboot = false));
          break;
        case 'hash-check':
          withServer(e.server, s => (s.hashChecked = true));
          break;
        case 'prerequisites':
          if (e.ids?.some(id => forestIds.has(id))) forestReady = true;
          withServer(e.server, s => {
            s.prerequisitesMet = true;
            if (s.tlsConsistent === false) s.tlsConsistent = true;
            if (e.ids?.includes(SSL_OFFLOADING_PREREQUISITE)) s.sslOffloading = false;
          });
          break;
        case 'forest-fixed':
          forestReady = true;
          break;
        case 'preflight-fix':
          withServer(e.server, s => (s.preflightBlockers = s.preflightBlockers.filter(id => id !== e.check)));
          break;
        case 'extended-protection-check':
          withServer(e.server, s => (s.extendedProtectionChecked = true));
          break;
        case 'confirm-build':
          withServer(e.server, s => {
            if (s.build !== e.build) problems.push(`${where}: waits for ${e.build} but ${s.name} is on ${s.build ?? 'no build'}`);
          });
          break;
        case 'prepare-ad': {
          const media = mediaCu(index, e.media);
          if (!media) {
            problems.push(`${where}: unknown media ${e.media ?? '(none)'}`);
            break;
          }
          const target = index.targets.get(cuKey(media.product, media.cu));
          const refused = (target?.setupRefusesWith ?? []).filter(p => [...servers.values()].some(s => s.product === p && !s.name.startsWith('new:')));
          const refusals: string[] = [];
          if (refused.length > 0) refusals.push(`coexistence: ${media.product} ${media.cu} Setup refuses to prepare AD while ${refused.join(', ')} servers exist`);
          if (forestReady === false && (media.product === 'Exchange 2019' || media.product === 'Exchange SE'))
            refusals.push(`forest: ${media.product} Setup prepares AD only in a forest at Windows Server 2012 R2 level with every domain controller on 2012 R2 or later`);
          for (const reason of refusals) {
            problems.push(`${where}: ${reason}`);
            failures.push({ section: section.id, item: item.id, reason });
          }
          if (media.adLevels) {
            const l = media.adLevels;
            const cur = ad ?? { schema: 0, org: 0, domain: 0 };
            ad = {
              schema: e.switches.includes('/PrepareSchema') || e.switches.includes('/PrepareAD') ? Math.max(cur.schema, l.schema) : cur.schema,
              org: e.switches.includes('/PrepareAD') ? Math.max(cur.org, l.org) : cur.org,
              domain: e.switches.includes('/PrepareAD') || e.switches.includes('/PrepareAllDomains') ? Math.max(cur.domain, l.domain) : cur.domain,
            };
          }
          break;
        }
        case 'setup':
        case 'su': {
          const record = index.byBuild.get(e.resultingBuild);
          const target = record ? index.cus.get(cuKey(record.product, record.cu)) : undefined;
          if (!record || !target) {
            problems.push(`${where}: ${e.resultingBuild} is not a catalog build`);
            break;
          }
          const server = lookup(e.server);
          if (!server) {
            problems.push(`${where}: ${e.server} does not exist`);
            break;
          }
          const mode = e.type === 'su' ? 'su' : e.mode;
          if (e.type === 'setup' && e.mode === 'install') server.isEdge = e.edge;
          const failed = failedPreconditions({
            catalog: options.catalog,
            target,
            targetPrerequisites: index.targets.get(cuKey(target.product, target.cu)),
            mode,
            server: { ...server, cu: mode === 'install' ? null : server.cu },
            organisation: {
              ad,
              forestReady,
              publicFolderHierarchy: hierarchyState(hierarchyOn),
              otherProducts: [...servers.values()].filter(s => s !== server && s.cu !== null).map(s => s.product),
              otherServers: [...servers.values()].flatMap(s => (s !== server && s.cu !== null ? [{ name: s.name, cu: s.cu }] : [])),
            },
            // From what the server shows, not its CU: any Setup of 2019 CU14 or later (SE too, a new server too) turns it on.
            turnsOnExtendedProtection:
              mode !== 'su' &&
              e.type === 'setup' &&
              e.keepsExtendedProtectionOff !== true &&
              (mode === 'install' ? enablesExtendedProtection(index, target) : setupChangesExtendedProtection(index, target, server.epState)),
            resumes: e.type === 'setup' && e.resume === true,
          });
          if (mode === 'su' && (server.cu?.product !== record.product || server.cu.cu !== record.cu))
            failed.push(`su-cu: ${record.build} is for ${record.product} ${record.cu}, the server runs ${server.cu?.product ?? '?'} ${server.cu?.cu ?? '?'}`);
          for (const f of failed) {
            problems.push(`${where}: ${f}`);
            failures.push({ section: section.id, item: item.id, reason: f });
          }
          server.cu = target;
          server.product = target.product;
          server.build = record.build;
          server.pendingReboot = true;
          server.hashChecked = false;
          server.watermark = false;
          break;
        }
        case 'move-mailboxes': {
          const to = lookup(e.to);
          if (!to || to.build === null) problems.push(`${where}: the new server ${e.to} is not installed yet`);
          for (const name of e.from) withServer(name, s => (s.holdsMailboxes = false));
          if (hierarchyOn !== null && e.from.some(n => n.toLowerCase() === hierarchyOn?.toLowerCase())) hierarchyOn = e.to;
          break;
        }
        case 'remove-servers':
          for (const name of e.servers) {
            const s = servers.get(name);
            if (!s) continue;
            if (s.holdsMailboxes) problems.push(`${where}: ${name} still holds mailboxes`);
            servers.delete(name);
          }
          break;
      }
    }
  }

  const endState = [...servers.values()].map(s => {
    if (s.build === null) return { name: s.name, build: null, ok: false };
    const c = classifyBuild(s.build, { catalog: options.catalog, today: options.today });
    const supported = c.supportState !== 'end-of-support' || esuInForce(index.products.get(c.product), options.hasEsu, options.today);
    const ok = supported && c.certificateRules.every(r => r.satisfied);
    return { name: s.name, build: s.build, ok };
  });
  for (const s of endState) if (!s.ok) problems.push(`end: ${s.name} ends on ${s.build ?? 'no build'}, which is not a supported build meeting every certificate rule`);
  return { problems, failures, endState };

  /** A scanned server, or a migration's new server (created when the runbook first names it). */
  function lookup(name: string): SimServer | undefined {
    let s = servers.get(name);
    if (!s && name.startsWith('new:')) {
      s = newServer(name);
      servers.set(name, s);
    }
    return s;
  }

  /** The hierarchy server as the Setup preconditions see it: the CU it runs now and whether that is too old for Extended Protection. */
  function hierarchyState(name: string | null): { server: string; runs: string; tooOld: boolean } | null {
    if (name === null) return null;
    const s = [...servers.values()].find(x => x.name.toLowerCase() === name.toLowerCase());
    if (!s || s.cu === null) return null;
    return { server: s.name, runs: `${s.cu.product} ${s.cu.cu}`, tooOld: hierarchyTooOldForExtendedProtection(index, s.cu) };
  }

  function withServer(name: string, f: (s: SimServer) => void): void {
    const s = lookup(name);
    if (s) f(s);
    else problems.push(`${name} does not exist`);
  }
}

function newServer(name: string): SimServer {
  return {
    name,
    product: 'Exchange SE',
    cu: null,
    build: null,
    isEdge: false,
    os: null,
    pendingReboot: false,
    prerequisitesMet: false,
    extendedProtectionChecked: false,
    hashChecked: false,
    epState: null,
    tlsConsistent: null,
    sslOffloading: null,
    holdsMailboxes: false,
    preflightBlockers: [],
    watermark: false,
  };
}

/** The CU whose media a label such as "Exchange SE" or "Exchange 2019 CU14" names. */
function mediaCu(index: CatalogIndex, media: string | null): CuRecord | null {
  if (media === null) return null;
  const m = /^(Exchange (?:2013|2016|2019|SE))(?: (\S+))?$/.exec(media);
  if (!m) return null;
  return index.cus.get(cuKey(m[1] as string, m[2] ?? 'RTM')) ?? null;
}

function highest(levels: (AdLevels | null)[]): AdLevels | null {
  const known = levels.filter((l): l is AdLevels => l !== null);
  if (known.length === 0) return null;
  return { schema: Math.max(...known.map(l => l.schema)), org: Math.max(...known.map(l => l.org)), domain: Math.max(...known.map(l => l.domain)) };
}
