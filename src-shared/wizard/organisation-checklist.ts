import type { ScanReport, ServerScanResult } from '../assessment/scan-report';
import type { MigrationProject, OrganisationPlan } from '../knowledge/types';
import type { Catalog } from '../knowledge/catalog-schema';
import type { ObservedHybrid } from '../knowledge/organisation-facts';
import type { ChecklistItem, ChecklistSection } from './checklist-item';
import { findingFixItems } from './fix-items';
import { LEARN } from './learn-links';
import { migrationSection } from './migration-checklist';
import type { MigrationContext } from './migration-items';
import { checklistServer, upgradeChecklist, type ChecklistServer } from './upgrade-checklist';
import { HOW_TO_READ_AD_LEVELS } from '../knowledge/organisation-planner';
import { adPreparationSwitches, setupCommand } from '../knowledge/step-kinds';
import { withSimulatedRefusals } from './runbook-check';

/** A server of the plan with what the checklist needs to know about it. */
export interface PlannedServer {
  server: ChecklistServer;
  plan: OrganisationPlan['servers'][number];
  /** Fix items for blockers besides the build (`findingFixItems`): a server with nothing to install still gets a section for them. */
  fixes?: ChecklistItem[];
}

export interface OrganisationChecklistOptions {
  /** Staged file paths per server name, by package id. */
  stagedPaths?: Record<string, Record<string, string>>;
  /** SHA-256 of each downloaded file, by package id. */
  fileHashes?: Record<string, string>;
  catalog?: Catalog;
  /** Whether the organisation is hybrid, as the scan read it (the migrations' hybrid item); absent: not read. */
  hybrid?: ObservedHybrid;
}

/**
 * The whole runbook of an organisation, in the order it is done:
 * 1. Active Directory preparation, once, before any Setup (never tied to whichever server comes first);
 * 1b. the servers below a CU that 2019/SE Setup coexists with (plan.coexistenceFirst), raised to it, and the
 *     server holding the public-folder hierarchy on a build too old for Extended Protection (plan.publicFolderFirst);
 * 2. migration projects whose old product blocks other Setups (Exchange 2013: SE and 2019 CU15 Setup refuse beside it);
 * 3. each server's own update, in the plan's order (for a server being replaced: the interim patch);
 * 4. the other migration projects (Exchange 2016 to SE).
 */
export function organisationChecklist(plan: Omit<OrganisationPlan, 'servers'>, servers: readonly PlannedServer[], options: OrganisationChecklistOptions = {}): ChecklistSection[] {
  const sections: ChecklistSection[] = [];
  const ad = adPreparationSection(plan);
  if (ad) sections.push(ad);
  const projects = plan.migrations ?? [];
  const blocking = projects.filter(blocksOthers);
  const migration = (p: MigrationProject, blocks: boolean) =>
    migrationSection(p, {
      ...(options.catalog ? { catalog: options.catalog } : {}),
      adPreparedByOrganisation: ad !== null,
      context: { ...migrationContext(p, servers, blocks), ...(options.hybrid ? { hybrid: options.hybrid } : {}) },
    });
  const serverSection = (name: string): ChecklistSection[] => {
    const entry = servers.find(s => s.server.name === name);
    if (!entry) return [];
    const items = upgradeChecklist(entry.server, entry.plan, {
      stagedPaths: options.stagedPaths?.[name] ?? {},
      ...(options.fileHashes ? { fileHashes: options.fileHashes } : {}),
      ...(options.catalog ? { catalog: options.catalog } : {}),
    });
    if (items.length === 0) {
      return entry.fixes?.length
        ? [
            {
              id: `server-${name}`,
              kind: 'server',
              title: `${name}: fix before it is safe`,
              summary: `${entry.plan.summary} Nothing to install, but the scan found what keeps ${name} unsafe: fix it, then re-scan.`,
              server: name,
              items: entry.fixes,
            },
          ]
        : [];
    }
    const replaced = entry.plan.migration !== undefined;
    return [
      {
        id: `server-${name}`,
        kind: 'server',
        title: replaced ? `${name}: patch to stay as safe as possible until it is replaced` : `${name}: update`,
        summary: entry.plan.summary,
        server: name,
        items,
      },
    ];
  };
  // Servers below a CU that 2019/SE Setup coexists with (2013 CU21, 2016 CU11) are raised before any other Setup,
  // then the server holding the public-folder hierarchy on a build too old for Extended Protection elsewhere.
  const first = new Set([...(plan.coexistenceFirst ?? []), ...(plan.publicFolderFirst ?? [])]);
  for (const name of plan.order) if (first.has(name)) sections.push(...serverSection(name));
  sections.push(...blocking.map(p => migration(p, true)));
  for (const name of plan.order) if (!first.has(name)) sections.push(...serverSection(name));
  sections.push(...projects.filter(p => !blocking.includes(p)).map(p => migration(p, false)));
  return sections;
}

/**
 * What a project's section needs from the rest of the organisation: the old servers' DAGs, and the
 * Mailbox servers that can take its mailboxes instead of a new server: those on its product now,
 * and (for a project that runs after the servers' own updates) those their plan takes there.
 */
function migrationContext(project: MigrationProject, servers: readonly PlannedServer[], runsFirst: boolean): MigrationContext {
  const staying = servers.filter(s => !s.server.isEdge && s.plan.migration === undefined && !project.oldServers.includes(s.server.name));
  return {
    oldDags: [...new Set(servers.filter(s => project.oldServers.includes(s.server.name) && s.server.dagName).map(s => s.server.dagName as string))],
    // The planner names them (with the bridge a 2013 move starts on); a plan saved before it did is read here.
    onTargetNow: project.targetServersAfterOwnPlan ? [...project.existingTargetServers] : staying.filter(s => s.server.product === project.toProduct).map(s => s.server.name),
    onTargetAfterPlan:
      project.targetServersAfterOwnPlan ?? (runsFirst ? [] : staying.filter(s => s.server.product !== project.toProduct && s.plan.target?.product === project.toProduct).map(s => s.server.name)),
  };
}

/**
 * A project whose old product the final product's Setup refuses to run beside: its new server
 * needed a bridge version, and every other Setup to that product waits until it is done.
 */
function blocksOthers(project: MigrationProject): boolean {
  return project.route.newServerProduct !== project.route.toProduct;
}

/** Reads the forest functional level and the schema master (the AD module). */
const FOREST_READ_COMMAND = 'Get-ADForest | Format-List ForestMode, SchemaMaster';

/** The organisation's AD preparation as a section; null when nothing is needed. */
export function adPreparationSection(plan: Pick<OrganisationPlan, 'adPreparation'>): ChecklistSection | null {
  const ad = plan.adPreparation;
  // Built from the typed answers, never copied from the plan's text (it may come from a file).
  const switches = adPreparationSwitches(ad);
  if (!ad.needed || switches.length === 0) return null;
  const media = ad.media ?? 'the newest Exchange media in the plan';
  // What Exchange 2019/SE need of the forest: not met holds the preparation, unknown is to check.
  const forest = ad.prerequisites ?? [];
  const fixes: ChecklistItem[] = forest
    .filter(p => p.met === false)
    .map(p => ({
      id: `fix-${p.id}`,
      kind: 'fix',
      title: `Fix before you start: ${p.title}`,
      detail: `${p.detail} Then discover again: the preparation waits until discovery shows it met.`,
      commands: [FOREST_READ_COMMAND],
      confirms: `Discovery shows "${p.title}" met.`,
      links: [LEARN.systemRequirements],
      effect: { type: 'forest-fixed' },
    }));
  const unknown = forest.filter(p => p.met === null);
  if (unknown.length > 0) {
    fixes.push({
      id: 'forest-check',
      kind: 'verify',
      title: 'Check the forest and the domain controllers (discovery could not read them)',
      detail: unknown.map(p => `${p.title}: ${p.detail}`).join(' '),
      commands: [FOREST_READ_COMMAND, 'Get-ADDomainController -Filter * | Format-Table HostName, Site, OperatingSystem, IsGlobalCatalog, IsReadOnly'],
      confirms:
        'ForestMode is Windows2012R2Forest or higher, every writable domain controller and the schema master run Windows Server 2012 R2 or later, and every site with Exchange has a writable global catalog.',
      links: [LEARN.systemRequirements],
    });
  }
  const heldBy = fixes.filter(f => f.kind === 'fix').map(f => f.id);
  const items: ChecklistItem[] = [
    ...fixes,
    {
      id: 'ad-rights',
      kind: 'manual',
      title: 'Sign in with Schema Admins and Enterprise Admins rights',
      detail: `On a domain-joined 64-bit machine in the same domain and AD site as the schema master, with the ${media} media mounted. Every domain controller must be reachable.`,
      commands: ['netdom query fsmo', 'whoami /groups | Select-String -Pattern "Schema Admins|Enterprise Admins"'],
      runsOn: { kind: 'schema-master-site', elevated: false },
      confirms: 'whoami /groups lists Schema Admins and Enterprise Admins.',
      links: [LEARN.prepareAd],
    },
    {
      id: 'ad-prepare',
      kind: 'command',
      title: `Prepare Active Directory with the ${media} media`,
      detail: `${ad.why} Run each command from the root of the mounted media in an elevated prompt, one after the other.`,
      commands: switches.map(sw => setupCommand([sw])),
      runsOn: { kind: 'schema-master-site', elevated: true },
      confirms: 'Each command ends with "The Exchange Server setup operation completed successfully".',
      links: [LEARN.prepareAd],
      effect: { type: 'prepare-ad', switches, media: ad.media ?? null },
      ...(heldBy.length > 0 ? { heldBy } : {}),
    },
    {
      id: 'ad-replication',
      kind: 'command',
      title: 'Wait for Active Directory replication',
      detail: 'Exchange Setup on a server reads AD from its own site: wait until every domain controller has the change.',
      commands: ['repadmin /syncall /AdeP', 'repadmin /replsummary'],
      runsOn: { kind: 'any-domain-machine', elevated: true },
      confirms: 'repadmin /replsummary shows no failures.',
      links: [LEARN.prepareAd],
    },
    {
      id: 'ad-levels',
      kind: 'verify',
      title: 'Read the Exchange levels of Active Directory',
      detail: HOW_TO_READ_AD_LEVELS,
      commands: [
        'Get-ADObject -Identity "CN=ms-Exch-Schema-Version-Pt,$((Get-ADRootDSE).schemaNamingContext)" -Properties rangeUpper | Select-Object rangeUpper',
        'Get-ADObject -SearchBase "CN=Microsoft Exchange,CN=Services,$((Get-ADRootDSE).configurationNamingContext)" -Filter "objectClass -eq \'msExchOrganizationContainer\'" -Properties objectVersion | Select-Object Name, objectVersion',
        'Get-ADObject -Identity "CN=Microsoft Exchange System Objects,$((Get-ADDomain).DistinguishedName)" -Properties objectVersion | Select-Object objectVersion',
      ],
      runsOn: { kind: 'any-domain-machine', elevated: false },
      confirms: `The values reach what ${media} needs (the Prepare Active Directory page lists them per version).`,
      links: [LEARN.prepareAd],
    },
  ];
  return {
    id: 'ad-preparation',
    kind: 'ad-preparation',
    title: 'Prepare Active Directory (once, before any server)',
    summary: ad.why,
    server: null,
    items,
  };
}

/** The organisation checklist of a scan (the Upgrade step, the report and `exwiz checklist` use it). */
export function organisationChecklistForScan(scan: ScanReport, options: OrganisationChecklistOptions = {}): ChecklistSection[] {
  if (!scan.plan) return [];
  const servers = scan.servers
    .filter((s): s is ServerScanResult & { plan: NonNullable<ServerScanResult['plan']> } => s.plan !== null)
    .map(s => ({ server: checklistServer(s, scan), plan: s.plan, fixes: findingFixItems(s) }));
  // Every runbook shown goes through the plan simulator: a step Setup would refuse says why.
  const hybrid = options.hybrid ?? scan.organisation?.hybrid;
  return withSimulatedRefusals(scan, organisationChecklist(scan.plan, servers, { ...options, ...(hybrid ? { hybrid } : {}) }), options.catalog);
}
