import type { ObservedDomainController, ObservedForest } from '../domain/ad-levels';
import type { StepPrerequisite } from './prerequisites';

/** msDS-Behavior-Version of CN=Partitions for Windows Server 2012 R2, the lowest Exchange 2019/SE accepts. */
export const FOREST_LEVEL_2012_R2 = 6;

const LEVEL_NAMES: Record<number, string> = {
  0: 'Windows 2000',
  1: 'Windows Server 2003 interim',
  2: 'Windows Server 2003',
  3: 'Windows Server 2008',
  4: 'Windows Server 2008 R2',
  5: 'Windows Server 2012',
  6: 'Windows Server 2012 R2',
  7: 'Windows Server 2016',
  10: 'Windows Server 2025',
};

/** How to read the forest when discovery could not (a domain-joined machine with the AD module). */
export const HOW_TO_READ_FOREST =
  'Read it on a domain-joined machine with the Active Directory module: (Get-ADForest).ForestMode and .SchemaMaster, and Get-ADDomainController -Filter * | Select-Object HostName, Site, OperatingSystem, IsGlobalCatalog, IsReadOnly.';

/** 2012.5 for "Windows Server 2012 R2 Standard", 2019 for "Windows Server 2019 Datacenter"; null when the text names no Windows Server version. */
function windowsServerRank(operatingSystem: string | null): number | null {
  const m = /Windows Server(?:®)?\s+(\d{4})(\s+R2)?/i.exec(operatingSystem ?? '');
  if (!m?.[1]) return null;
  return Number(m[1]) + (m[2] ? 0.5 : 0);
}
const RANK_2012_R2 = 2012.5;

function names(dcs: readonly ObservedDomainController[]): string {
  return dcs.map(d => `${d.name} (${d.operatingSystem ?? 'OS not read'})`).join(', ');
}

/**
 * What Exchange 2019 and SE need of Active Directory (Learn, "Exchange Server system requirements"):
 * forest functional level Windows Server 2012 R2 or higher, every writable domain controller and
 * the schema master on Windows Server 2012 R2 or later (a Windows Server 2025 schema master with
 * the November 2025 cumulative update or later before /PrepareSchema), and a writable global
 * catalog in every AD site with an Exchange server. `met` is null where discovery could not read
 * it, and the detail then says how to read it.
 */
export function forestPrerequisites(forest: ObservedForest | null | undefined, exchangeSites: readonly string[]): StepPrerequisite[] {
  const unread = `Discovery could not read it${forest?.error ? ` (${forest.error})` : ''}. ${HOW_TO_READ_FOREST}`;
  const level = forest?.functionalLevel ?? null;
  const dcs = forest?.domainControllers ?? null;
  const result: StepPrerequisite[] = [
    {
      id: 'forest-functional-level',
      title: 'Forest functional level Windows Server 2012 R2 or higher',
      met: level === null ? null : level >= FOREST_LEVEL_2012_R2,
      detail:
        level === null
          ? unread
          : level >= FOREST_LEVEL_2012_R2
            ? `The forest is at ${LEVEL_NAMES[level] ?? `level ${level}`} (msDS-Behavior-Version ${level}).`
            : `The forest is at ${LEVEL_NAMES[level] ?? `level ${level}`} (msDS-Behavior-Version ${level}): raise it to Windows Server 2012 R2 or higher (every domain controller must run that version first).`,
    },
  ];
  if (dcs === null) {
    result.push({ id: 'domain-controllers', title: 'Every writable domain controller on Windows Server 2012 R2 or later', met: null, detail: unread });
    result.push({ id: 'schema-master', title: 'Schema master on Windows Server 2012 R2 or later', met: null, detail: unread });
    result.push({ id: 'global-catalog-per-site', title: 'A writable global catalog in every AD site with Exchange', met: null, detail: unread });
    return result;
  }
  const writable = dcs.filter(d => d.isReadOnly !== true);
  const old = writable.filter(d => (windowsServerRank(d.operatingSystem) ?? Infinity) < RANK_2012_R2);
  const unknownOs = writable.filter(d => windowsServerRank(d.operatingSystem) === null);
  result.push({
    id: 'domain-controllers',
    title: 'Every writable domain controller on Windows Server 2012 R2 or later',
    met: old.length > 0 ? false : unknownOs.length > 0 ? null : true,
    detail:
      old.length > 0
        ? `Upgrade or replace ${names(old)}: Exchange 2019 and SE do not support domain controllers older than Windows Server 2012 R2.`
        : unknownOs.length > 0
          ? `The Windows version of ${unknownOs.map(d => d.name).join(', ')} was not read. ${HOW_TO_READ_FOREST}`
          : `${writable.length} writable domain controllers, all on Windows Server 2012 R2 or later.`,
  });
  const master = dcs.find(d => d.isSchemaMaster);
  const masterRank = master ? windowsServerRank(master.operatingSystem) : null;
  result.push({
    id: 'schema-master',
    title: 'Schema master on Windows Server 2012 R2 or later',
    met: !master || masterRank === null ? null : masterRank < RANK_2012_R2 ? false : masterRank >= 2025 ? null : true,
    detail: !master
      ? `Discovery did not find the schema master. ${HOW_TO_READ_FOREST}`
      : masterRank === null
        ? `The Windows version of the schema master ${master.name} was not read. ${HOW_TO_READ_FOREST}`
        : masterRank < RANK_2012_R2
          ? `The schema master ${master.name} runs ${master.operatingSystem}: move the role to a domain controller on Windows Server 2012 R2 or later before /PrepareSchema.`
          : masterRank >= 2025
            ? `The schema master ${master.name} runs ${master.operatingSystem}: it needs the November 2025 cumulative update or later before /PrepareSchema and /PrepareAD (check with Get-HotFix or winver on it).`
            : `The schema master ${master.name} runs ${master.operatingSystem}.`,
  });
  const sites = [...new Set(exchangeSites.filter(s => s.trim() !== ''))];
  const withoutGc = sites.filter(site => !dcs.some(d => d.site?.toLowerCase() === site.toLowerCase() && d.isGlobalCatalog === true && d.isReadOnly !== true));
  result.push({
    id: 'global-catalog-per-site',
    title: 'A writable global catalog in every AD site with Exchange',
    met: sites.length === 0 ? null : withoutGc.length === 0,
    detail:
      sites.length === 0
        ? `The AD sites of the Exchange servers are not known. ${HOW_TO_READ_FOREST}`
        : withoutGc.length === 0
          ? `Every site with Exchange (${sites.join(', ')}) has a writable global catalog.`
          : `No writable global catalog in ${withoutGc.join(', ')}: make a writable domain controller in ${withoutGc.length === 1 ? 'that site' : 'each'} a global catalog (Exchange reads AD from its own site).`,
  });
  return result;
}
