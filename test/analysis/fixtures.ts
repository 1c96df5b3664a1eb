import type { ServerFacts } from '../../src-shared/domain/facts';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import type { BuildClassification, CertificateRuleResult, ServerPlan } from '../../src-shared/knowledge/types';

/** Deep-partial overrides for fixtures. */
type DeepPartial<T> = T extends Array<infer U> ? U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> | null } : T;

function merge<T>(base: T, patch: DeepPartial<T> | undefined): T {
  if (patch === undefined) return base;
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch) || base === null || typeof base !== 'object') return patch as T;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(patch as Record<string, unknown>)) {
    out[key] = merge((base as Record<string, unknown>)[key], value as never);
  }
  return out as T;
}

/** A healthy Exchange SE server on Windows Server 2022, fully patched (Nov26SU). */
export function healthyFacts(patch?: DeepPartial<ServerFacts>): ServerFacts {
  const base: ServerFacts = {
    schemaVersion: 1,
    collectedAt: '2026-11-26T10:00:00.000Z',
    collectionMethod: 'lab',
    identity: {
      name: 'EX-SE1',
      fqdn: 'ex-se1.contoso.local',
      domain: 'contoso.local',
      site: 'Default-First-Site-Name',
      roles: ['Mailbox'],
      edition: 'Standard',
      adminDisplayVersion: 'Version 15.2 (Build 2562.17)',
      isEdge: false,
    },
    exchange: { exSetupVersion: '15.02.2562.057', installPath: 'C:\\Program Files\\Microsoft\\Exchange Server\\V15\\', installedUpdates: [] },
    eems: {
      orgMitigationsEnabled: true,
      serverMitigationsEnabled: true,
      mitigationsApplied: ['PING1'],
      mitigationsBlocked: [],
      dataCollectionEnabled: true,
      internetWebProxy: null,
      service: { name: 'MSExchangeMitigation', status: 'Running', startType: 'Automatic' },
      ocsTest: { url: 'https://officeclient.microsoft.com/GetExchangeMitigations', statusCode: 200, error: null, proxy: null, testedAt: '2026-11-26T10:00:00.000Z' },
      events1008: [],
      certificateLogLines: [],
    },
    os: { productName: 'Windows Server 2022 Standard', version: '10.0.20348', buildNumber: 20348, ubr: 2700, installationType: 'Server', lastBootUpTime: '2026-11-20T03:00:00.000Z', language: 1033 },
    prerequisites: {
      dotNetRelease: 533320,
      vcRedist2012: '11.0.61030',
      vcRedist2013: '12.0.40664',
      ucmaInstalled: true,
      ucmaVersion: '5.0.8308.0',
      urlRewriteInstalled: true,
      urlRewriteVersion: '7.2.1993',
    },
    reboot: { pending: false, sources: [] },
    disks: [{ drive: 'C:', freeBytes: 120 * 1024 ** 3, sizeBytes: 250 * 1024 ** 3, isSystem: true, isExchangeInstall: true }],
    certificates: [
      {
        thumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
        subject: 'CN=mail.contoso.com',
        issuer: 'CN=Contoso CA',
        notAfter: '2027-12-31T00:00:00.000Z',
        notBefore: '2025-12-31T00:00:00.000Z',
        services: ['IIS', 'SMTP'],
        isSelfSigned: false,
        status: 'Valid',
        keySize: 2048,
        signatureAlgorithm: 'sha256RSA',
        isCurrentAuth: false,
        isNextAuth: false,
      },
      {
        thumbprint: 'FFEEDDCCBBAA99887766554433221100FFEEDDCC',
        subject: 'CN=Microsoft Exchange Server Auth Certificate',
        issuer: 'CN=Microsoft Exchange Server Auth Certificate',
        notAfter: '2029-01-15T00:00:00.000Z',
        notBefore: '2024-01-15T00:00:00.000Z',
        services: ['SMTP'],
        isSelfSigned: true,
        status: 'Valid',
        keySize: 2048,
        signatureAlgorithm: 'sha256RSA',
        isCurrentAuth: true,
        isNextAuth: false,
      },
    ],
    authCertificate: { currentThumbprint: 'FFEEDDCCBBAA99887766554433221100FFEEDDCC', nextThumbprint: null, nextEffectiveDate: null, foundOnServer: true, notAfter: '2029-01-15T00:00:00.000Z' },
    maintenance: { inactiveComponents: [], dagName: null, clusterNodeState: null, databaseCopyAutoActivationPolicy: 'Unrestricted', databaseCopyActivationDisabledAndMoveNow: false },
    tls: {
      versions: [
        { version: '1.0', serverEnabled: false, serverDisabledByDefault: true, clientEnabled: false, clientDisabledByDefault: true, configuration: 'Disabled' },
        { version: '1.1', serverEnabled: false, serverDisabledByDefault: true, clientEnabled: false, clientDisabledByDefault: true, configuration: 'Disabled' },
        { version: '1.2', serverEnabled: true, serverDisabledByDefault: false, clientEnabled: true, clientDisabledByDefault: false, configuration: 'Enabled' },
      ],
      netSystemDefaultTlsVersions: true,
      netSchUseStrongCrypto: true,
      netWowSystemDefaultTlsVersions: true,
      netWowSchUseStrongCrypto: true,
    },
    extendedProtection: { configured: true, perVirtualDirectory: { 'Default Web Site/OWA': 'Require' } },
    httpProxy: { winHttpProxy: null, winHttpProxyWow6432: null },
    servicesNotRunning: [],
    localSecurity: { exchangeTrustedSubsystemInAdministrators: true, lmCompatibilityLevel: 5 },
    sectionErrors: [],
  };
  return merge(base, patch);
}

/** A rule result carrying the catalog's own wording for the cut-off, as the classifier produces it. */
export function rule(cutoff: '2023-03' | '2026-06', state: 'pass' | 'fail' | 'borderline', minimumBuild: string | null = null, minimumBuildEsuOnly = false): CertificateRuleResult {
  const catalogRule = builtInCatalog().certificateRules.find(r => r.cutoff === cutoff);
  if (!catalogRule) throw new Error(`no catalog rule ${cutoff}`);
  return {
    id: catalogRule.id,
    cutoff,
    title: catalogRule.title,
    effectiveDate: catalogRule.effectiveDate,
    satisfied: state === 'pass',
    borderline: state === 'borderline',
    minimumBuild,
    minimumBuildEsuOnly,
    reason: 'test rule',
    wording: catalogRule.wording,
  };
}

/** Classification of the healthy SE server; patch it for other builds. */
export function classification(patch?: Partial<BuildClassification>): BuildClassification {
  return {
    input: '15.2.2562.57',
    build: '15.2.2562.57',
    product: 'Exchange SE',
    cu: 'RTM',
    update: 'Nov26SU',
    updateType: 'SU',
    releaseDate: '2026-11-10',
    kb: null,
    known: true,
    resolvedTo: null,
    supportState: 'supported',
    onLatestPublicUpdate: true,
    latestPublicBuild: '15.2.2562.57',
    latestEsuBuild: null,
    eemsAvailable: true,
    certificateRules: [rule('2023-03', 'pass', '15.2.2562.17'), rule('2026-06', 'pass', '15.2.2562.43')],
    ...patch,
  };
}

/** 2019 CU11 RTM (the E19 capture's build): blocked by the March 2023 change. */
export function e19Cu11(): BuildClassification {
  return classification({
    input: '15.02.0986.005',
    build: '15.2.986.5',
    product: 'Exchange 2019',
    cu: 'CU11',
    update: null,
    updateType: 'CU',
    releaseDate: '2021-09-28',
    supportState: 'end-of-support',
    onLatestPublicUpdate: false,
    latestPublicBuild: '15.2.986.42',
    certificateRules: [rule('2023-03', 'fail', '15.2.986.42'), rule('2026-06', 'fail', null)],
  });
}

export function plan(kind: 'in-place-upgrade' | 'install-su' | 'install-cu' | 'none', patch?: Partial<ServerPlan>): ServerPlan {
  return {
    serverName: 'EX-SE1',
    currentBuild: '15.2.1544.36',
    target: { product: 'Exchange SE', cu: 'RTM', update: 'Nov26SU', build: '15.2.2562.57' },
    summary: 'Upgrade in place to Exchange SE, then install the November 2026 SU.',
    steps:
      kind === 'none'
        ? []
        : [
            {
              id: 'step-1',
              kind,
              title: kind === 'install-su' ? 'Install Nov26SU' : 'Install Exchange SE over 2019 CU14',
              why: 'test',
              resultingBuild: '15.2.2562.57',
              updateId: 'pkg',
              prerequisites: [],
              esuOnly: false,
            },
          ],
    notes: [],
    fixesEems: true,
    ...patch,
  };
}

/**
 * A clean pre-flight as the probe reads it on a server ready for Setup: no watermark, the
 * Exchange 2019 CU14 product's cached .msi present, no execution policy from Group Policy,
 * FullLanguage, services as Setup needs them, an account in every group, arbitration mailboxes on
 * a database that exists.
 */
export function cleanPreflight(): NonNullable<ServerFacts['preflight']> {
  return {
    watermarks: [],
    installerPackages: [{ displayName: 'Microsoft Exchange Server', displayVersion: '15.2.1544.4', localPackage: 'C:\\Windows\\Installer\\3a1f4b.msi', found: true }],
    executionPolicy: { machinePolicy: 'Undefined', userPolicy: 'Undefined', effective: 'RemoteSigned' },
    languageMode: 'FullLanguage',
    disabledExchangeServices: [],
    supportServices: [
      { name: 'RemoteRegistry', status: 'Stopped', startType: 'Automatic' },
      { name: 'MSDTC', status: 'Running', startType: 'Automatic' },
      { name: 'mpssvc', status: 'Running', startType: 'Automatic' },
    ],
    account: {
      name: 'CONTOSO\\adm.exchange',
      groups: ['BUILTIN\\Administrators', 'CONTOSO\\Schema Admins', 'CONTOSO\\Enterprise Admins', 'CONTOSO\\Organization Management'],
      schemaAdmins: true,
      enterpriseAdmins: true,
      organizationManagement: true,
      localAdministrators: true,
    },
    orphanedArbitrationMailboxes: [],
  };
}
