import type { ServerScanResult } from '../assessment/scan-report';
import type { StepPrerequisite } from '../knowledge/prerequisites';
import type { Catalog } from '../knowledge/catalog-schema';
import { builtInCatalog } from '../knowledge/catalog';
import { isAllowedExternalUrl } from '../domain/external-links';
import type { ChecklistItem, ChecklistLink } from './checklist-item';
import { LEARN } from './learn-links';

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
    commands: ['Get-Volume | Where-Object DriveLetter | Format-Table DriveLetter, @{ n = "FreeGB"; e = { [math]::Round($_.SizeRemaining / 1GB, 1) } }, @{ n = "SizeGB"; e = { [math]::Round($_.Size / 1GB, 1) } }'],
    downloads: [],
    fallback: LEARN.systemRequirements,
  },
  os: { commands: ['(Get-CimInstance Win32_OperatingSystem).Caption'], downloads: [], fallback: LEARN.supportability },
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
  return {
    id: `fix-${prerequisite.id}`,
    kind: 'fix',
    title: `Fix before you start: ${prerequisite.title}`,
    detail: prerequisite.id === 'os' ? `${prerequisite.detail} The update cannot go ahead on this server.` : `${prerequisite.detail} Install or free it on ${server}, then re-scan: the update steps wait until the scan shows it met.`,
    commands: fix?.commands ?? [],
    confirms: `A re-scan of ${server} shows "${prerequisite.title}" met.`,
    links,
    effect: { type: 'prerequisites', server },
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
