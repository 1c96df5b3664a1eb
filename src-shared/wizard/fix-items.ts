import type { ServerScanResult } from '../assessment/scan-report';
import type { StepPrerequisite } from '../knowledge/prerequisites';
import type { Catalog } from '../knowledge/catalog-schema';
import { builtInCatalog } from '../knowledge/catalog';
import { isAllowedExternalUrl } from '../domain/external-links';
import type { ChecklistItem, ChecklistLink } from './checklist-item';
import { PREFLIGHT_BLOCKER_LABEL, type PreflightCheck } from '../analysis/preflight-checks';
import { LEARN } from './learn-links';
import { PREFLIGHT_FIX_PREFIX } from './preflight';
import { inExchangeShell, onServer, placed } from './runs-on';
import { SSL_OFFLOADING_PREREQUISITE, turnOffSslOffloadingCommands } from '../knowledge/extended-protection';

/** How to check each prerequisite again after fixing it, and where Microsoft offers the fix. */
const FIXES: Record<string, { commands: string[]; downloads: string[]; fallback: ChecklistLink }> = {
  dotnet: {
    commands: ["(Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full').Release"],
    downloads: ['dotnet-4.8.1', 'dotnet-4.8'],
    fallback: LEARN.supportability,
  },
  'vcredist-2012': { commands: [vcQuery('2012')], downloads: ['vcredist-2012'], fallback: LEARN.prerequisites },
  'vcredist-2013': { commands: [vcQuery('2013')], downloads: ['vcredist-2013'], fallback: LEARN.prerequisites },
  ucma: {
    commands: ["Test-Path -Path 'HKLM:\\SOFTWARE\\Microsoft\\UCMA\\{902F4F35-D5DC-4363-8671-D5EF0D26C21D}'"],
    downloads: ['ucma-4.0'],
    fallback: LEARN.prerequisites,
  },
  'url-rewrite': {
    commands: ["Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\IIS Extensions\\URL Rewrite' -Name Version -ErrorAction SilentlyContinue"],
    downloads: ['url-rewrite'],
    fallback: LEARN.prerequisites,
  },
  'disk-space': {
    commands: [
      'Get-Volume | Where-Object DriveLetter | Format-Table DriveLetter, @{ n = "FreeGB"; e = { [math]::Round($_.SizeRemaining / 1GB, 1) } }, @{ n = "SizeGB"; e = { [math]::Round($_.Size / 1GB, 1) } }',
    ],
    downloads: [],
    fallback: LEARN.systemRequirements,
  },
  os: { commands: ['(Get-CimInstance Win32_OperatingSystem).Caption'], downloads: [], fallback: LEARN.supportability },
  ...Object.fromEntries(
    ['forest-functional-level', 'domain-controllers', 'schema-master', 'global-catalog-per-site'].map(id => [
      id,
      {
        commands: ['Get-ADForest | Format-List ForestMode, SchemaMaster', 'Get-ADDomainController -Filter * | Format-Table HostName, Site, OperatingSystem, IsGlobalCatalog, IsReadOnly'],
        downloads: [],
        fallback: LEARN.systemRequirements,
      },
    ]),
  ),
  'tls-consistent': {
    commands: [
      "Get-ItemProperty -Path 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Server', 'HKLM:\\SYSTEM\\CurrentControlSet\\Control\\SecurityProviders\\SCHANNEL\\Protocols\\TLS 1.2\\Client' -ErrorAction SilentlyContinue | Select-Object PSPath, Enabled, DisabledByDefault",
      "Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319', 'HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319' | Select-Object PSPath, SystemDefaultTlsVersions, SchUseStrongCrypto",
    ],
    downloads: [],
    fallback: LEARN.tlsGuide,
  },
};

function vcQuery(year: string): string {
  return `Get-ItemProperty -Path 'HKLM:\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*', 'HKLM:\\SOFTWARE\\WOW6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\*' | Where-Object { $_.DisplayName -like 'Microsoft Visual C++ ${year} *x64*' } | Select-Object DisplayName, DisplayVersion`;
}

/**
 * A "fix before you start" item for a prerequisite the scan found not met: what is wrong, the
 * command that shows it again after the fix, and Microsoft's download page (allow-listed hosts
 * only; otherwise the Learn page that lists it). The install items wait for it.
 */
export function fixItem(prerequisite: StepPrerequisite, server: string, catalog?: Catalog): ChecklistItem {
  const fix = FIXES[prerequisite.id];
  const downloads = (catalog ?? builtInCatalog()).prerequisiteDownloads;
  const links: ChecklistLink[] = [];
  for (const id of fix?.downloads ?? []) {
    const d = downloads.find(x => x.id === id);
    if (d && isAllowedExternalUrl(d.page)) links.push({ title: d.title, url: d.page });
  }
  if (links.length === 0) links.push(fix?.fallback ?? LEARN.prerequisites);
  if (prerequisite.id === SSL_OFFLOADING_PREREQUISITE) return sslOffloadingFixItem(prerequisite, server);
  // The checks read the registry and volumes of the machine they run on: the server's own window.
  return placed(
    {
      id: `fix-${prerequisite.id}`,
      kind: 'fix',
      title: `Fix before you start: ${prerequisite.title}`,
      detail:
        prerequisite.id === 'os'
          ? `${prerequisite.detail} The update cannot go ahead on this server.`
          : `${prerequisite.detail} Install or free it on ${server}, then re-scan: the update steps wait until the scan shows it met.`,
      commands: fix?.commands ?? [],
      confirms: `A re-scan of ${server} shows "${prerequisite.title}" met.`,
      links,
      effect: { type: 'prerequisites', server, ids: [prerequisite.id] },
    },
    onServer(server, false),
  );
}

/**
 * Outlook Anywhere offloads SSL and Setup turns Extended Protection on: the load balancer first,
 * then SSL offloading off (Set-OutlookAnywhere acts through AD: any Exchange Management Shell), then
 * a re-scan. The prerequisite's detail says both ways out, the other being /DoNotEnableEP.
 */
function sslOffloadingFixItem(prerequisite: StepPrerequisite, server: string): ChecklistItem {
  return placed(
    {
      id: `fix-${prerequisite.id}`,
      kind: 'fix',
      title: `Fix before you start: ${prerequisite.title}`,
      detail: prerequisite.detail,
      commands: turnOffSslOffloadingCommands(server),
      confirms: `The load balancer no longer ends TLS in front of ${server} (it passes SSL through, or bridges it with the same certificate as Exchange), and a re-scan shows SSLOffloading False.`,
      links: [LEARN.extendedProtection],
      effect: { type: 'prerequisites', server, ids: [prerequisite.id] },
    },
    inExchangeShell(server),
  );
}

/**
 * Pre-flight blockers that have an item of their own elsewhere in the runbook: the restart
 * ("Reboot before the update"), free space (the disk-space prerequisite's fix item) and an
 * earlier Setup's watermark (the Setup item itself becomes the re-run that resumes).
 */
const HANDLED_ELSEWHERE = new Set(['pending-restart', 'free-disk', 'install-watermark']);

/**
 * A "fix before you start" item for each pre-flight blocker of the server: what was found, the fix,
 * the commands (run on that server, elevated; the arbitration mailboxes in the Exchange shell). The
 * install items wait for them; the plan simulator clears each with its effect.
 */
export function preflightFixItems(checks: readonly PreflightCheck[], server: string): ChecklistItem[] {
  return checks
    .filter(c => c.status === 'blocker' && !HANDLED_ELSEWHERE.has(c.id))
    .map(c => ({
      id: `${PREFLIGHT_FIX_PREFIX}${c.id}`,
      kind: 'fix' as const,
      title: `Fix before you start: ${upperFirst(PREFLIGHT_BLOCKER_LABEL[c.id])}`,
      detail: `${c.detail} ${c.fix ?? ''}`.trim(),
      commands: [...c.commands],
      confirms: `A re-scan of ${server} shows "${c.title}" passed in the pre-flight.`,
      effect: { type: 'preflight-fix' as const, server, check: c.id },
      autoCheck: { id: 'preflight-passed' as const, server, preflightCheck: c.id },
    }))
    .map(item => placed(item, item.effect.check === 'arbitration-mailboxes' ? inExchangeShell(server) : onServer(server)));
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Whether the pre-flight found an earlier Setup stopped part-way (its watermark). */
export function setupStoppedPartWay(checks: readonly PreflightCheck[]): boolean {
  return checks.some(c => c.id === 'install-watermark' && c.status === 'blocker');
}

/**
 * The Setup item when an earlier run stopped part-way: re-run the same Setup, which resumes from
 * its watermark (another build's Setup refuses). Other items are returned unchanged.
 */
export function resumeSetupItem(item: ChecklistItem, checks: readonly PreflightCheck[]): ChecklistItem {
  if (item.effect?.type !== 'setup' || !setupStoppedPartWay(checks)) return item;
  const watermark = checks.find(c => c.id === 'install-watermark');
  return {
    ...item,
    title: `Re-run the same Setup: it resumes (${item.title})`,
    detail: `${watermark?.detail ?? 'An earlier Setup run stopped part-way.'} Run the same Setup again from the same media, elevated, with /Mode:Upgrade: it resumes where it stopped. ${item.detail}`,
    effect: { ...item.effect, resume: true },
  };
}

/** Findings the plan's update itself fixes, or that only describe a symptom: no fix item of their own. */
const FIXED_BY_UPDATE = /^(exchange\.end-of-support|exchange\.latest-update|eems\.certificate-|eems\.event-1008|server\.unreachable)/;
/** EEMS findings that keep mitigations from arriving whatever the build: a blocker even as a warning. */
const EEMS_BLOCKERS = new Set(['eems.ocs-reachable', 'eems.enabled', 'eems.service']);

/**
 * Fix items for what keeps a server unsafe besides its build (stuck in maintenance mode, a proxy
 * that blocks Microsoft's mitigation service, EEMS off): each critical finding and each EEMS
 * blocker, with the finding's own words and links. A server with nothing to install but such a
 * blocker still gets a runbook section, so no screen shows it as "nothing to do".
 */
export function findingFixItems(server: Pick<ServerScanResult, 'name' | 'findings'>): ChecklistItem[] {
  return server.findings
    .filter(f => !FIXED_BY_UPDATE.test(f.id) && (f.severity === 'critical' || (EEMS_BLOCKERS.has(f.id) && f.severity === 'warning')))
    .map(f => ({
      id: `fix-${f.id}`,
      kind: 'fix' as const,
      title: `Fix: ${f.title}`,
      detail: `${f.why} ${f.action}`,
      commands: [],
      confirms: `A re-scan of ${server.name} no longer reports "${f.title}".`,
      links: f.links.filter(l => isAllowedExternalUrl(l.url)).map(l => ({ title: l.title, url: l.url })),
    }));
}
