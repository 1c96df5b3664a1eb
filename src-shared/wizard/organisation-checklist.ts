import type { ScanReport, ServerScanResult } from '../assessment/scan-report';
import type { MigrationProject, OrganisationPlan } from '../knowledge/types';
import type { Catalog } from '../knowledge/catalog-schema';
import type { ChecklistItem, ChecklistSection } from './checklist-item';
import { findingFixItems } from './fix-items';
import { LEARN } from './learn-links';
import { migrationSection } from './migration-checklist';
import { checklistServer, upgradeChecklist, type ChecklistServer } from './upgrade-checklist';
import { HOW_TO_READ_AD_LEVELS } from '../knowledge/organisation-planner';
import { adPreparationSwitches, setupCommand } from '../knowledge/step-kinds';

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
}

/**
 * The whole runbook of an organisation, in the order it is done:
 * 1. Active Directory preparation, once, before any Setup (never tied to whichever server comes first);
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
  for (const p of blocking) sections.push(migrationSection(p, { ...(options.catalog ? { catalog: options.catalog } : {}), adPreparedByOrganisation: ad !== null }));
  for (const name of plan.order) {
    const entry = servers.find(s => s.server.name === name);
    if (!entry) continue;
    const items = upgradeChecklist(entry.server, entry.plan, { stagedPaths: options.stagedPaths?.[name] ?? {}, ...(options.fileHashes ? { fileHashes: options.fileHashes } : {}), ...(options.catalog ? { catalog: options.catalog } : {}) });
    if (items.length === 0) {
      if (entry.fixes?.length) sections.push({ id: `server-${name}`, kind: 'server', title: `${name}: fix before it is safe`, summary: `${entry.plan.summary} Nothing to install, but the scan found what keeps ${name} unsafe: fix it, then re-scan.`, server: name, items: entry.fixes });
      continue;
    }
    const replaced = entry.plan.migration !== undefined;
    sections.push({
      id: `server-${name}`,
      kind: 'server',
      title: replaced ? `${name}: patch to stay as safe as possible until it is replaced` : `${name}: update`,
      summary: entry.plan.summary,
      server: name,
      items,
    });
  }
  for (const p of projects) if (!blocking.includes(p)) sections.push(migrationSection(p, { ...(options.catalog ? { catalog: options.catalog } : {}), adPreparedByOrganisation: ad !== null }));
  return sections;
}

/**
 * A project whose old product the final product's Setup refuses to run beside: its new server
 * needed a bridge version, and every other Setup to that product waits until it is done.
 */
function blocksOthers(project: MigrationProject): boolean {
  return project.route.newServerProduct !== project.route.toProduct;
}

/** The organisation's AD preparation as a section; null when nothing is needed. */
export function adPreparationSection(plan: Pick<OrganisationPlan, 'adPreparation'>): ChecklistSection | null {
  const ad = plan.adPreparation;
  // Built from the typed answers, never copied from the plan's text (it may come from a file).
  const switches = adPreparationSwitches(ad);
  if (!ad.needed || switches.length === 0) return null;
  const media = ad.media ?? 'the newest Exchange media in the plan';
  const items: ChecklistItem[] = [
    {
      id: 'ad-rights',
      kind: 'manual',
      title: 'Sign in with Schema Admins and Enterprise Admins rights',
      detail: `On a domain-joined 64-bit machine in the same domain and AD site as the schema master, with the ${media} media mounted. Every domain controller must be reachable.`,
      commands: ['netdom query fsmo'],
      confirms: 'whoami /groups lists Schema Admins and Enterprise Admins.',
      links: [LEARN.prepareAd],
    },
    {
      id: 'ad-prepare',
      kind: 'command',
      title: `Prepare Active Directory with the ${media} media`,
      detail: `${ad.why} Run each command from the root of the mounted media in an elevated prompt, one after the other.`,
      commands: switches.map(sw => setupCommand([sw])),
      confirms: 'Each command ends with "The Exchange Server setup operation completed successfully".',
      links: [LEARN.prepareAd],
      effect: { type: 'prepare-ad', switches, media: ad.media ?? null },
    },
    {
      id: 'ad-replication',
      kind: 'command',
      title: 'Wait for Active Directory replication',
      detail: 'Exchange Setup on a server reads AD from its own site: wait until every domain controller has the change.',
      commands: ['repadmin /syncall /AdeP', 'repadmin /replsummary'],
      confirms: 'repadmin /replsummary shows no failures.',
      links: [LEARN.prepareAd],
    },
    {
      id: 'ad-levels',
      kind: 'verify',
      title: 'Read the Exchange levels of Active Directory',
      detail: HOW_TO_READ_AD_LEVELS,
      commands: [
        "Get-ADObject -Identity \"CN=ms-Exch-Schema-Version-Pt,$((Get-ADRootDSE).schemaNamingContext)\" -Properties rangeUpper | Select-Object rangeUpper",
        "Get-ADObject -SearchBase \"CN=Microsoft Exchange,CN=Services,$((Get-ADRootDSE).configurationNamingContext)\" -Filter \"objectClass -eq 'msExchOrganizationContainer'\" -Properties objectVersion | Select-Object Name, objectVersion",
        "Get-ADObject -Identity \"CN=Microsoft Exchange System Objects,$((Get-ADDomain).DistinguishedName)\" -Properties objectVersion | Select-Object objectVersion",
      ],
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
  return organisationChecklist(scan.plan, servers, options);
}
