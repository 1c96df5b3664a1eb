import type { AdLevels, Catalog, CuRecord, TargetPrerequisites } from '../knowledge/catalog-schema';
import type { Product } from '../knowledge/types';
import { compareBuilds } from '../knowledge/build-number';
import { HIERARCHY_TOO_OLD_TEXT } from '../knowledge/extended-protection';

/**
 * Exchange Setup's blocking readiness checks, as data: what must hold on the server and in the
 * organisation before Setup (or an SU) runs. The plan simulator checks each item of a runbook
 * against these; each entry names the check Setup (or the SU installer) performs.
 */
export interface SetupSituation {
  catalog: Catalog;
  /** The CU Setup installs (its record and prerequisites); null for an SU. */
  target: CuRecord;
  targetPrerequisites: TargetPrerequisites | undefined;
  mode: 'install' | 'upgrade' | 'su';
  server: {
    /** The server's name (the hierarchy rule compares it); absent in callers that do not need it. */
    name?: string;
    isEdge: boolean;
    pendingReboot: boolean;
    /** The CU the server runs before this run; null for a new server. */
    cu: CuRecord | null;
    /** OsVersion id; null when unknown. */
    os: string | null;
    /** The prerequisites the scan found missing have been fixed (or none was missing). */
    prerequisitesMet: boolean;
    /** The admin went through the Extended Protection check. */
    extendedProtectionChecked: boolean;
    /** The file about to run was hash-checked just before. */
    hashChecked: boolean;
    /** Pre-flight blockers (analysis/preflight-checks.ts ids) not fixed yet; absent = none known. */
    preflightBlockers?: readonly string[];
    /** An earlier Setup run stopped part-way (its watermark is in the registry). */
    watermark?: boolean;
    /** TLS settings as Extended Protection needs them (null: not read). */
    tlsConsistent: boolean | null;
    /** Outlook Anywhere's SSLOffloading (null: not read; absent: callers that do not know it). */
    sslOffloading?: boolean | null;
  };
  /** This run is the same Setup re-run to resume from the watermark. */
  resumes?: boolean;
  organisation: {
    /** The forest's Exchange levels now (null: nothing known, i.e. below any catalog level). */
    ad: AdLevels | null;
    /** Products of the Exchange servers in the organisation, other than this one. */
    otherProducts: readonly Product[];
    /** The forest meets what Exchange 2019/SE need (functional level, domain controllers, global catalogs); null: not known. */
    forestReady?: boolean | null;
    /** The other servers with the CU each runs (the coexistence minimums read them). */
    otherServers: readonly { name: string; cu: Pick<CuRecord, 'product' | 'cu' | 'build'> }[];
    /**
     * The server holding the public-folder hierarchy mailbox, the CU it runs now and whether that CU
     * is too old to hold it once Extended Protection is on; null or absent: no public folders or not known.
     */
    publicFolderHierarchy?: { server: string; runs: string; tooOld: boolean } | null;
  };
  /** Whether this run turns on Extended Protection where it was off. */
  turnsOnExtendedProtection: boolean;
}

export interface SetupPrecondition {
  id: string;
  /** What Setup says or checks, in a few words. */
  title: string;
  /** Null when it holds, else why not. */
  check(s: SetupSituation): string | null;
}

const label = (cu: Pick<CuRecord, 'product' | 'cu'>) => `${cu.product}${cu.cu === 'RTM' ? '' : ` ${cu.cu}`}`;

/** Setup's blocking checks, in the order Setup reports them. */
export const SETUP_PRECONDITIONS: readonly SetupPrecondition[] = [
  {
    id: 'pending-reboot',
    title: 'No restart pending (Setup: "There is a pending reboot")',
    check: s => (s.server.pendingReboot ? 'a restart is pending from an earlier install' : null),
  },
  {
    id: 'install-watermark',
    title: 'No earlier Setup stopped part-way, or this run is the same Setup resuming it',
    check: s => (s.server.watermark === true && s.resumes !== true ? 'an earlier Setup stopped part-way: only the same Setup, re-run, resumes' : null),
  },
  {
    id: 'preflight',
    title: "Setup's pre-flight: execution policy, language mode, installer cache, services, account, arbitration mailboxes",
    check: s => ((s.server.preflightBlockers ?? []).length > 0 ? `blocked by ${(s.server.preflightBlockers ?? []).join(', ')}` : null),
  },
  {
    id: 'file-hash',
    title: 'The file was hash-checked right before it ran',
    check: s => (s.server.hashChecked ? null : 'no Get-FileHash check right before the run'),
  },
  {
    id: 'coexistence',
    title: 'No server of a version this Setup refuses to coexist with',
    check: s => {
      if (s.mode === 'su') return null;
      const refused = (s.targetPrerequisites?.setupRefusesWith ?? []).filter(p => s.organisation.otherProducts.includes(p));
      return refused.length > 0 ? `${label(s.target)} Setup refuses while ${refused.join(', ')} servers exist` : null;
    },
  },
  {
    id: 'coexistence-minimum',
    title: 'Every older Exchange server on the minimum CU the target coexists with (2013 CU21, 2016 CU11)',
    check: s => {
      if (s.mode === 'su') return null;
      const below = belowCoexistenceMinimum(s.catalog, s.targetPrerequisites, s.organisation.otherServers);
      return below.length > 0 ? `${label(s.target)} Setup refuses while ${below.join(', ')}` : null;
    },
  },
  {
    id: 'forest',
    title: 'Forest functional level, domain controllers and a global catalog per site as Exchange 2019/SE need',
    check: s => {
      if (s.mode === 'su' || s.server.isEdge || (s.target.product !== 'Exchange 2019' && s.target.product !== 'Exchange SE')) return null;
      return s.organisation.forestReady === false ? `${label(s.target)} Setup needs the forest at Windows Server 2012 R2 level with every domain controller on 2012 R2 or later` : null;
    },
  },
  {
    id: 'ad-levels',
    title: 'Active Directory at the schema and objectVersion levels of the target',
    check: s => {
      if (s.mode === 'su' || s.server.isEdge || s.target.adLevels === null) return null;
      const need = s.target.adLevels;
      const have = s.organisation.ad;
      if (have === null) return `AD levels unknown or below ${label(s.target)}'s`;
      if (have.schema < need.schema) return `schema ${have.schema} < ${need.schema}`;
      if (have.org < need.org) return `organisation objectVersion ${have.org} < ${need.org}`;
      if (have.domain < need.domain) return `domain objectVersion ${have.domain} < ${need.domain}`;
      return null;
    },
  },
  {
    id: 'prerequisites',
    title: '.NET, Visual C++ 2012/2013, UCMA, URL Rewrite and free space as the target needs',
    check: s => (s.mode === 'su' || s.server.prerequisitesMet ? null : 'a prerequisite the scan found missing was not fixed first'),
  },
  {
    id: 'os',
    title: 'Windows Server version supported by the target',
    check: s => {
      if (s.mode === 'su' || s.server.os === null || !s.targetPrerequisites) return null;
      return s.targetPrerequisites.supportedOs.includes(s.server.os) ? null : `${label(s.target)} does not support ${s.server.os}`;
    },
  },
  {
    id: 'upgrade-path',
    title: 'An upgrade goes to a newer CU of the same product, or in place from a CU the successor accepts',
    check: s => {
      if (s.mode !== 'upgrade') return null;
      const from = s.server.cu;
      if (from === null) return 'no Exchange installed to upgrade';
      if (from.product === s.target.product) return compareBuilds(from.build, s.target.build) < 0 ? null : `${label(s.target)} is not newer than ${label(from)}`;
      const successor = s.catalog.products.find(p => p.product === from.product)?.successor;
      if (successor?.kind === 'in-place-upgrade' && successor.product === s.target.product && successor.fromCus.includes(from.cu)) return null;
      return `${label(s.target)} does not install in place over ${label(from)}`;
    },
  },
  {
    id: 'extended-protection',
    title: 'Extended Protection prerequisites checked before a Setup that turns it on',
    check: s => (s.turnsOnExtendedProtection && !s.server.isEdge && !s.server.extendedProtectionChecked ? 'Setup turns on Extended Protection and nothing checked its prerequisites' : null),
  },
  {
    id: 'public-folder-hierarchy',
    title: `The public-folder hierarchy not on ${HIERARCHY_TOO_OLD_TEXT} before a Setup elsewhere turns Extended Protection on`,
    check: s => {
      const h = s.organisation.publicFolderHierarchy;
      if (!s.turnsOnExtendedProtection || s.server.isEdge || !h || !h.tooOld) return null;
      // The hierarchy server's own Setup leaves it on the new build: the rule is about the others.
      if (s.server.name !== undefined && s.server.name.toLowerCase() === h.server.toLowerCase()) return null;
      return `Setup turns on Extended Protection while the public-folder hierarchy is on ${h.server} (${h.runs}): update ${h.server} first, or move the hierarchy mailbox to a newer server`;
    },
  },
  {
    id: 'tls-consistent',
    title: 'TLS settings consistent before a Setup that turns Extended Protection on',
    check: s =>
      s.turnsOnExtendedProtection && !s.server.isEdge && s.server.tlsConsistent === false ? 'Setup turns on Extended Protection while the TLS settings the scan read are inconsistent' : null,
  },
  {
    id: 'ssl-offloading',
    title: 'Outlook Anywhere not offloading SSL before a Setup that turns Extended Protection on',
    // Learn: Extended Protection isn't supported with SSL offloading; Microsoft's script refuses such a server.
    check: s =>
      s.turnsOnExtendedProtection && !s.server.isEdge && s.server.sslOffloading === true
        ? `Setup turns on Extended Protection while ${s.server.name ?? 'the server'}'s Outlook Anywhere shows SSLOffloading True: make the load balancer pass SSL through or bridge it with the same certificate, then turn SSL offloading off (Set-OutlookAnywhere -SSLOffloading $false), or run Setup with /DoNotEnableEP`
        : null,
  },
];

/**
 * The servers below a coexistence minimum of a target, each as "EX01 runs Exchange 2013 CU20
 * (needs CU21 or later)"; empty when the target has none or every server meets them.
 */
export function belowCoexistenceMinimum(
  catalog: Pick<Catalog, 'cus'>,
  target: Pick<TargetPrerequisites, 'coexistenceMinimums'> | undefined,
  servers: readonly { name: string; cu: Pick<CuRecord, 'product' | 'cu' | 'build'> }[],
): string[] {
  const below: string[] = [];
  for (const minimum of target?.coexistenceMinimums ?? []) {
    const record = catalog.cus.find(c => c.product === minimum.product && c.cu === minimum.cu);
    if (!record) continue;
    for (const server of servers) {
      if (server.cu.product === minimum.product && compareBuilds(server.cu.build, record.build) < 0)
        below.push(`${server.name} runs ${server.cu.product} ${server.cu.cu} (needs ${minimum.cu} or later)`);
    }
  }
  return below;
}

/** Every precondition that does not hold, as "id: why". */
export function failedPreconditions(s: SetupSituation): string[] {
  const failed: string[] = [];
  for (const p of SETUP_PRECONDITIONS) {
    const why = p.check(s);
    if (why !== null) failed.push(`${p.id}: ${why}`);
  }
  return failed;
}
