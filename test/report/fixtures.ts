import type { EemsVerdict, Finding, Severity } from '../../src-shared/analysis/types';
import type { AppErrorShape } from '../../src-shared/domain/errors';
import { FACTS_SCHEMA_VERSION, type ServerFacts } from '../../src-shared/domain/facts';
import { SCAN_REPORT_SCHEMA_VERSION, ScanReport, type ServerScanResult } from '../../src-shared/assessment/scan-report';
import { SESSION_SCHEMA_VERSION, WizardSession } from '../../src-shared/wizard/session';
import type { DownloadResult, StageResult } from '../../src-shared/domain/transfer';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import type { ReportOptions } from '../../src-shared/report/build';
import type { NewestPublicBuild } from '../../src-shared/report/schema';
import type { BuildClassification, OrganisationPlan, PlanStep, ServerPlan } from '../../src-shared/knowledge/types';

/**
 * Typed, realistic report inputs built by hand: the probes, classifier and
 * analyzer are being written in parallel, so the report is tested on objects
 * that match their schemas exactly (each is parsed by its zod schema).
 *
 * The organisation is contoso.local with a public namespace contoso.com; its
 * identifiers are sprinkled through every kind of field (facts, evidence,
 * errors, proxies, certificate subjects, UNC paths, audit text) so redaction
 * tests see them where real data would have them.
 */

const LINKS = {
  eemsBlog: {
    title: 'Exchange Emergency Mitigation Service might not work for servers significantly out of date',
    url: 'https://techcommunity.microsoft.com/blog/exchange/exchange-emergency-mitigation-service-might-not-work-for-servers-significantly-o/4370312',
  },
  eemsService: { title: 'Exchange Emergency Mitigation (EM) service', url: 'https://learn.microsoft.com/en-us/exchange/exchange-emergency-mitigation-service' },
  buildNumbers: { title: 'Exchange Server build numbers and release dates', url: 'https://learn.microsoft.com/en-us/exchange/new-features/build-numbers-and-release-dates' },
  upgradeToSe: {
    title: 'Upgrade to Exchange Server SE',
    url: 'https://learn.microsoft.com/en-us/exchange/plan-and-deploy/deploy-new-installations/upgrade-to-exchange-server-se',
  },
  rebootPending: { title: 'Health Checker: server pending reboot', url: 'https://aka.ms/HC-RebootPending' },
};

/** Every original identifier in the fixtures that redaction must remove. */
export const ORIGINAL_IDENTIFIERS = [
  'EX01',
  'EX02',
  'EX03',
  'EX04',
  'EX05',
  'LEGACY16',
  'contoso.local',
  'contoso.com',
  'contoso',
  'proxy.contoso.local',
  'mail.contoso.com',
  'fabrikam-partner.co.uk',
  'fabrikam-partner',
  '10.20.30.40',
  '192.168.10.24',
  '172.16.5.9',
  'fe80::1c2b:3d4e:5f60:7a8b',
  '2001:db8:85a3::8a2e:370:7334',
] as const;

/** Every original identifier still found in `text` (case-insensitive). */
export function leakedIdentifiers(text: string): string[] {
  const lower = text.toLowerCase();
  return ORIGINAL_IDENTIFIERS.filter(id => lower.includes(id.toLowerCase()));
}

function facts(name: string, overrides: { exSetup: string; os?: string; dotNet?: number; proxy?: string | null; ocsError?: string | null; events?: number; reboot?: boolean }): ServerFacts {
  const lower = name.toLowerCase();
  const fqdn = `${lower}.contoso.local`;
  return {
    schemaVersion: FACTS_SCHEMA_VERSION,
    collectedAt: '2026-11-26T09:14:03Z',
    collectionMethod: 'remote',
    identity: {
      name,
      fqdn,
      domain: 'contoso.local',
      site: 'Default-First-Site-Name',
      roles: ['Mailbox'],
      edition: 'Standard',
      adminDisplayVersion: 'Version 15.2 (Build 1118.7)',
      isEdge: false,
    },
    exchange: {
      exSetupVersion: overrides.exSetup,
      installPath: 'C:\\Program Files\\Microsoft\\Exchange Server\\V15\\',
      installedUpdates: [{ packageName: 'Security Update for Exchange Server 2019 CU12 (KB5022193)', installedDate: '2023-02-20' }],
    },
    eems: {
      orgMitigationsEnabled: true,
      serverMitigationsEnabled: true,
      mitigationsApplied: ['PING1'],
      mitigationsBlocked: [],
      dataCollectionEnabled: true,
      internetWebProxy: overrides.proxy ?? null,
      service: { name: 'MSExchangeMitigation', status: 'Running', startType: 'Automatic' },
      ocsTest: {
        url: 'https://officeclient.microsoft.com/GetExchangeMitigations',
        statusCode: overrides.ocsError ? null : 200,
        error: overrides.ocsError ?? null,
        proxy: overrides.proxy ?? null,
        testedAt: '2026-11-26T09:13:58Z',
      },
      events1008: Array.from({ length: overrides.events ?? 0 }, (_, i) => ({
        timeCreated: `2026-11-${String(20 + i).padStart(2, '0')}T03:00:00Z`,
        eventId: 1008,
        message: `Connection attempted against untrusted endpoint officeclient.microsoft.com from ${fqdn} (${'10.20.30.40'}).`,
      })),
      certificateLogLines: [
        { file: `\\\\${name}\\C$\\Program Files\\Microsoft\\Exchange Server\\V15\\Logging\\MitigationService\\MitigationService_1.log`, line: `untrusted endpoint reported by ${name}` },
      ],
    },
    os: {
      productName: overrides.os ?? 'Windows Server 2019 Datacenter',
      version: '10.0.17763',
      buildNumber: 17763,
      ubr: 6414,
      installationType: 'Server',
      lastBootUpTime: '2026-11-02T04:12:00Z',
      language: 1033,
    },
    prerequisites: {
      dotNetRelease: overrides.dotNet ?? 528049,
      vcRedist2012: '11.0.61030',
      vcRedist2013: '12.0.40664',
      ucmaInstalled: true,
      ucmaVersion: '5.0.8308.0',
      urlRewriteInstalled: true,
      urlRewriteVersion: '7.2.1993',
    },
    reboot: overrides.reboot ? { pending: true, sources: ['PendingFileRenameOperations', 'UpdateExeVolatile'] } : { pending: false, sources: [] },
    disks: [
      { drive: 'C:', freeBytes: 48_318_382_080, sizeBytes: 127_481_245_696, isSystem: true, isExchangeInstall: true },
      { drive: 'D:', freeBytes: 412_316_860_416, sizeBytes: 536_870_912_000, isSystem: false, isExchangeInstall: false },
    ],
    certificates: [
      {
        thumbprint: '3F2A9C1D7E5B4A6C8D0E1F2A3B4C5D6E7F8A9B0C',
        subject: 'CN=mail.contoso.com, O=Contoso Ltd, C=GB',
        issuer: 'CN=DigiCert Global G2 TLS RSA SHA256 2020 CA1, O=DigiCert Inc, C=US',
        notAfter: '2027-03-01T23:59:59Z',
        notBefore: '2026-03-01T00:00:00Z',
        services: ['IIS', 'SMTP'],
        isSelfSigned: false,
        status: 'Valid',
        keySize: 2048,
        signatureAlgorithm: 'sha256RSA',
        isCurrentAuth: false,
        isNextAuth: false,
      },
      {
        thumbprint: 'A1B2C3D4E5F60718293A4B5C6D7E8F9012345678',
        subject: `CN=${name}`,
        issuer: `CN=${name}`,
        notAfter: '2027-09-14T10:00:00Z',
        notBefore: '2022-09-14T10:00:00Z',
        services: ['SMTP'],
        isSelfSigned: true,
        status: 'Valid',
        keySize: 2048,
        signatureAlgorithm: 'sha256RSA',
        isCurrentAuth: false,
        isNextAuth: false,
      },
    ],
    authCertificate: { currentThumbprint: 'B7C8D9E0F1A2B3C4D5E6F708192A3B4C5D6E7F80', nextThumbprint: null, nextEffectiveDate: null, foundOnServer: true, notAfter: '2028-01-10T00:00:00Z' },
    maintenance: { inactiveComponents: [], dagName: 'DAG-CONTOSO', clusterNodeState: 'Up', databaseCopyAutoActivationPolicy: 'Unrestricted', databaseCopyActivationDisabledAndMoveNow: false },
    tls: null,
    extendedProtection: { configured: true, perVirtualDirectory: { 'Default Web Site/OWA': 'Require', 'Default Web Site/EWS': 'Accept' } },
    httpProxy: { winHttpProxy: overrides.proxy ? 'proxy.contoso.local:8080' : null },
    servicesNotRunning: [],
    sectionErrors: [],
  };
}

function rule(cutoff: '2023-03' | '2026-06', satisfied: boolean, borderline: boolean, minimumBuild: string | null, reason: string) {
  return {
    id: `ocs-certificate-${cutoff}`,
    cutoff,
    title: cutoff === '2023-03' ? 'March 2023 Office Config Service certificate change' : 'June 2026 Office Config Service certificate change',
    effectiveDate: cutoff === '2023-03' ? '2023-03-14' : '2026-07-01',
    satisfied,
    borderline,
    minimumBuild,
    reason,
    // As the classifier copies it: the rule's wording from the catalog.
    wording: builtInCatalog().certificateRules.find(r => r.cutoff === cutoff)?.wording,
  };
}

function classification(c: Partial<BuildClassification> & Pick<BuildClassification, 'build' | 'product' | 'cu' | 'releaseDate'>): BuildClassification {
  return {
    input: c.build,
    update: null,
    updateType: c.update ? 'SU' : 'CU',
    kb: null,
    known: true,
    resolvedTo: null,
    supportState: 'supported',
    onLatestPublicUpdate: false,
    latestPublicBuild: null,
    latestEsuBuild: null,
    eemsAvailable: true,
    certificateRules: [],
    ...c,
  };
}

function step(s: Partial<PlanStep> & Pick<PlanStep, 'id' | 'kind' | 'title'>): PlanStep {
  return { why: 'Required for the target build.', resultingBuild: null, updateId: null, prerequisites: [], esuOnly: false, ...s };
}

function finding(id: string, severity: Severity, title: string, evidence: Array<[string, string]>, extra: Partial<Finding> = {}): Finding {
  return {
    id,
    severity,
    title,
    evidence: evidence.map(([label, value]) => ({ label, value })),
    why: 'Health Checker reports the same condition.',
    action: 'Follow the linked guidance.',
    links: [LINKS.buildNumbers],
    ...extra,
  };
}

function verdict(v: Partial<EemsVerdict> & Pick<EemsVerdict, 'verdict'>): EemsVerdict {
  return { cutoff: null, explanation: '', evidence: [], fix: 'None needed.', links: [LINKS.eemsService], ...v };
}

function server(s: Partial<ServerScanResult> & Pick<ServerScanResult, 'name' | 'severity'>): ServerScanResult {
  return {
    fqdn: `${s.name.toLowerCase()}.contoso.local`,
    source: 'active-directory',
    reachable: true,
    error: null,
    build: null,
    product: null,
    cu: null,
    update: null,
    roles: ['Mailbox'],
    facts: null,
    classification: null,
    findings: [],
    eems: null,
    plan: null,
    durationMs: 3120,
    ...s,
  };
}

const SE_TARGET = { product: 'Exchange SE' as const, cu: 'RTM', update: 'Nov26SU', build: '15.2.2562.57' };

function blockedServer(): ServerScanResult {
  const plan: ServerPlan = {
    serverName: 'EX01',
    currentBuild: '15.2.1118.25',
    target: SE_TARGET,
    summary: 'Update EX01 to Exchange 2019 CU15, upgrade it in place to Exchange SE and install the November 2026 SU.',
    steps: [
      step({
        id: 'ex01-dotnet481',
        kind: 'prerequisite',
        title: 'Install .NET Framework 4.8.1',
        why: 'Exchange 2019 CU15 and Exchange SE need .NET Framework 4.8.1 on Windows Server 2019.',
        prerequisites: [{ id: 'reboot', title: 'No reboot pending', met: false, detail: 'PendingFileRenameOperations is set on EX01' }],
      }),
      step({
        id: 'ex01-cu15',
        kind: 'install-cu',
        title: 'Install Exchange 2019 CU15',
        resultingBuild: '15.2.1748.10',
        updateId: 'exchange-2019-cu15-iso',
        prerequisites: [
          { id: 'disk', title: '30 GB free on C:', met: true, detail: '45 GB free' },
          { id: 'ucma', title: 'UCMA 4.0 runtime', met: true, detail: '' },
          { id: 'schema', title: 'Schema prepared for CU15', met: null, detail: 'Checked by setup' },
        ],
      }),
      step({ id: 'ex01-se', kind: 'in-place-upgrade', title: 'Upgrade in place to Exchange SE RTM', resultingBuild: '15.2.2562.17', updateId: 'exchange-se-rtm-iso' }),
      step({ id: 'ex01-se-nov26', kind: 'install-su', title: 'Install Exchange SE RTM Nov26SU', resultingBuild: '15.2.2562.57', updateId: 'exchange-se-rtm-nov26su-exe' }),
    ],
    notes: ['Put EX01 in maintenance mode first; DAG-CONTOSO keeps mail flowing from EX02.'],
    fixesEems: true,
  };
  return server({
    name: 'EX01',
    severity: 'critical',
    build: '15.2.1118.25',
    product: 'Exchange 2019',
    cu: 'CU12',
    update: 'Feb23SU',
    facts: facts('EX01', { exSetup: '15.02.1118.025', proxy: 'http://proxy.contoso.local:8080', ocsError: 'Unable to connect to the remote server 10.20.30.40:8080', events: 3, reboot: true }),
    classification: classification({
      build: '15.2.1118.25',
      product: 'Exchange 2019',
      cu: 'CU12',
      update: 'Feb23SU',
      updateType: 'SU',
      releaseDate: '2023-02-14',
      kb: 'KB5022193',
      supportState: 'end-of-support',
      latestPublicBuild: '15.2.1118.40',
      latestEsuBuild: null,
      certificateRules: [
        rule('2023-03', false, false, '15.2.1118.30', 'Build released before the March 2023 certificate change.'),
        rule('2026-06', false, false, null, 'Exchange 2019 CU12 never received the June 2026 update.'),
      ],
    }),
    findings: [
      finding('reboot-pending', 'warning', 'A reboot is pending', [['Sources', 'PendingFileRenameOperations, UpdateExeVolatile']], { links: [LINKS.rebootPending] }),
      finding('build-blocked', 'critical', 'EX01 cannot use the Emergency Mitigation Service', [
        ['Build', '15.2.1118.25'],
        ['Event 1008', '3 in the last 30 days on ex01.contoso.local'],
      ]),
      finding('ocs-proxy', 'info', 'EEMS goes through a proxy', [['Proxy', 'http://proxy.contoso.local:8080 (172.16.5.9)']]),
    ],
    eems: verdict({
      verdict: 'blocked-by-certificate',
      cutoff: '2023-03',
      explanation: 'EX01 runs a build from February 2023, older than the March 2023 certificate change, so it cannot talk to the Office Config Service.',
      evidence: [
        { label: 'Event 1008', value: 'Connection attempted against untrusted endpoint (3 times since 20 Nov 2026)' },
        { label: 'OCS test from ex01.contoso.local', value: 'Unable to connect to the remote server 10.20.30.40:8080' },
      ],
      fix: 'Update to Exchange SE RTM Nov26SU (see the plan).',
      links: [LINKS.eemsBlog, LINKS.eemsService],
    }),
    plan,
  });
}

function borderlineServer(): ServerScanResult {
  return server({
    name: 'EX02',
    severity: 'warning',
    build: '15.2.1118.26',
    product: 'Exchange 2019',
    cu: 'CU12',
    update: 'Mar23SU',
    facts: facts('EX02', { exSetup: '15.02.1118.026' }),
    classification: classification({
      build: '15.2.1118.26',
      product: 'Exchange 2019',
      cu: 'CU12',
      update: 'Mar23SU',
      releaseDate: '2023-03-14',
      kb: 'KB5024296',
      supportState: 'end-of-support',
      latestPublicBuild: '15.2.1118.40',
      certificateRules: [rule('2023-03', false, true, '15.2.1118.30', 'The March 2023 SU itself is borderline.'), rule('2026-06', false, false, null, 'No June 2026 update for CU12.')],
    }),
    findings: [finding('build-borderline', 'warning', 'Borderline build for the March 2023 change', [['Build', '15.2.1118.26']])],
    eems: verdict({ verdict: 'borderline', cutoff: '2023-03', explanation: 'The March 2023 SU sits exactly on the cut-off; Microsoft does not say whether it works.', fix: 'Update to Exchange SE.' }),
    plan: {
      serverName: 'EX02',
      currentBuild: '15.2.1118.26',
      target: SE_TARGET,
      summary: 'Same path as EX01, after EX01.',
      steps: [
        step({ id: 'ex02-cu15', kind: 'install-cu', title: 'Install Exchange 2019 CU15', resultingBuild: '15.2.1748.10', updateId: 'exchange-2019-cu15-iso' }),
        step({ id: 'ex02-se', kind: 'in-place-upgrade', title: 'Upgrade in place to Exchange SE RTM', resultingBuild: '15.2.2562.17', updateId: 'exchange-se-rtm-iso' }),
      ],
      notes: [],
      fixesEems: true,
    },
  });
}

function healthyServer(name: string, severity: 'info' | 'ok'): ServerScanResult {
  return server({
    name,
    severity,
    build: '15.2.2562.57',
    product: 'Exchange SE',
    cu: 'RTM',
    update: 'Nov26SU',
    facts: facts(name, { exSetup: '15.02.2562.057', os: 'Windows Server 2025 Standard', dotNet: 533320 }),
    classification: classification({
      build: '15.2.2562.57',
      product: 'Exchange SE',
      cu: 'RTM',
      update: 'Nov26SU',
      releaseDate: '2026-11-10',
      onLatestPublicUpdate: true,
      latestPublicBuild: '15.2.2562.57',
      certificateRules: [rule('2023-03', true, false, '15.2.2562.17', 'Released after March 2023.'), rule('2026-06', true, false, '15.2.2562.43', 'On the June 2026 SU or newer.')],
    }),
    findings:
      severity === 'info'
        ? [finding('tls13', 'info', 'TLS 1.3 is not configured', [['TLS 1.3', 'not set on mail.contoso.com']]), finding('build-current', 'ok', 'On the newest build', [['Build', '15.2.2562.57']])]
        : [finding('build-current', 'ok', 'On the newest build', [['Build', '15.2.2562.57']])],
    eems: verdict({ verdict: 'healthy', explanation: `${name} reached the Office Config Service and mitigations are applied.`, evidence: [{ label: 'OCS test', value: 'HTTP 200' }] }),
    plan: {
      serverName: name,
      currentBuild: '15.2.2562.57',
      target: null,
      summary: `${name} is up to date: nothing to install.`,
      steps: [step({ id: `${name}-none`, kind: 'none', title: 'Nothing to do' })],
      notes: [],
      fixesEems: true,
    },
  });
}

function unreachableServer(): ServerScanResult {
  const error: AppErrorShape = {
    code: 'winrm-unreachable',
    message: 'EX04 (ex04.contoso.local, 192.168.10.24) did not answer on WinRM (port 5985).',
    fix: 'Check that EX04 is running and that Windows Remote Management is enabled (Enable-PSRemoting) and allowed by the firewall.',
    detail: 'Connecting to remote server ex04.contoso.local failed: WinRM cannot complete the operation. Resolved 192.168.10.24 / fe80::1c2b:3d4e:5f60:7a8b%12.',
  };
  return server({ name: 'EX04', severity: 'critical', reachable: false, error, source: 'manual', durationMs: 21_004 });
}

function legacyServer(): ServerScanResult {
  return server({
    name: 'LEGACY16',
    fqdn: 'legacy16.contoso.local',
    severity: 'critical',
    build: '15.1.2507.27',
    product: 'Exchange 2016',
    cu: 'CU23',
    update: 'Jun23SU',
    facts: facts('LEGACY16', { exSetup: '15.01.2507.027', os: 'Windows Server 2016 Standard', ocsError: 'The remote certificate is invalid: unknown issuer (peer 2001:db8:85a3::8a2e:370:7334)' }),
    classification: classification({
      build: '15.1.2507.27',
      product: 'Exchange 2016',
      cu: 'CU23',
      update: 'Jun23SU',
      releaseDate: '2023-06-13',
      supportState: 'end-of-support',
      latestPublicBuild: '15.1.2507.61',
      latestEsuBuild: '15.1.2507.77',
      certificateRules: [rule('2023-03', true, false, '15.1.2507.27', 'Released after March 2023.'), rule('2026-06', false, false, '15.1.2507.69', 'Older than the June 2026 SU (ESU only).')],
    }),
    findings: [
      finding('eol', 'critical', 'Exchange 2016 is past end of support', [['Product', 'Exchange 2016 CU23']], { links: [LINKS.upgradeToSe] }),
      finding('mail-relay', 'warning', 'Receive connector allows relay from a partner', [['Remote IP ranges', '172.16.5.9, relay.fabrikam-partner.co.uk']]),
    ],
    eems: verdict({
      verdict: 'blocked-by-certificate',
      cutoff: '2026-06',
      explanation: 'Since July 2026 only the June 2026 update or newer can use new mitigations; for Exchange 2016 that update is ESU only.',
      fix: 'Move the mailboxes to Exchange SE (legacy migration) or buy ESU.',
    }),
    plan: {
      serverName: 'LEGACY16',
      currentBuild: '15.1.2507.27',
      target: { product: 'Exchange 2016', cu: 'CU23', update: 'Oct26SU', build: '15.1.2507.77' },
      summary: 'Install the October 2026 SU (ESU only), or migrate to Exchange SE.',
      steps: [
        step({ id: 'legacy16-oct26', kind: 'install-su', title: 'Install Exchange 2016 CU23 Oct26SU', resultingBuild: '15.1.2507.77', updateId: 'exchange-2016-cu23-oct26su-exe', esuOnly: true }),
      ],
      notes: ['No public build satisfies the June 2026 change for Exchange 2016: without ESU, plan a legacy migration to Exchange SE.'],
      fixesEems: true,
    },
  });
}

const ORG_PLAN: OrganisationPlan = {
  adPreparation: {
    needed: true,
    prepareSchema: true,
    prepareAd: true,
    why: 'Exchange 2019 CU15 raises the schema version; run once from EX01 as a Schema Admin in contoso.local.',
    commands: ['Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /PrepareSchema', 'Setup.exe /IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF /PrepareAD'],
  },
  order: ['EX01', 'EX02', 'LEGACY16'],
  servers: [],
  notes: ['Update one DAG member at a time.'],
};

/** The demo-like organisation: blocked, borderline, healthy, unreachable and legacy servers. */
export function sampleScan(): ScanReport {
  const servers = [blockedServer(), legacyServer(), unreachableServer(), borderlineServer(), healthyServer('EX03', 'info'), healthyServer('EX05', 'ok')];
  return ScanReport.parse({
    schemaVersion: SCAN_REPORT_SCHEMA_VERSION,
    generatedAt: '2026-11-26T09:15:00Z',
    source: 'servers',
    organisationHasEsu: false,
    catalogAsOf: '2026-11-24',
    servers,
    summary: {
      serverCount: servers.length,
      unreachableCount: 1,
      bySeverity: { critical: 3, warning: 1, info: 1, ok: 1 },
      blockedByCertificate: [
        { name: 'EX01', cutoff: '2023-03', build: '15.2.1118.25' },
        { name: 'LEGACY16', cutoff: '2026-06', build: '15.1.2507.27' },
      ],
      worstFirst: ['EX01', 'LEGACY16', 'EX04', 'EX02', 'EX03', 'EX05'],
    },
    plan: { ...ORG_PLAN, servers: servers.map(s => s.plan).filter((p): p is ServerPlan => p !== null) },
  });
}

function download(updateId: string, fileName: string, sha256: string): DownloadResult {
  return {
    path: `C:\\ExchangeUpdates\\${fileName}`,
    manifestPath: `C:\\ExchangeUpdates\\${fileName}.manifest.json`,
    manifest: {
      schemaVersion: 1,
      fileName,
      updateId,
      sourceUrl: `https://download.microsoft.com/download/exchange/${fileName}`,
      importedFrom: null,
      sizeBytes: 6_157_565_952,
      sha256,
      expectedSha256: sha256,
      expectedSizeBytes: null,
      signature: { checked: true, status: 'Valid', signer: 'CN=Microsoft Corporation, O=Microsoft Corporation, L=Redmond, S=Washington, C=US', chainRoot: 'Microsoft Root Certificate Authority 2011' },
      verifiedAt: '2026-11-26T10:02:11Z',
    },
    resumedFromBytes: 0,
    attempts: 1,
  };
}

const CU15_SHA = 'a3f1c2d4e5b60718293a4b5c6d7e8f90112233445566778899aabbccddeeff00';

/** A session that scanned, downloaded CU15, staged it on EX01, and ticked off the .NET step. */
export function sampleSession(): WizardSession {
  const staging: StageResult[] = [
    {
      server: 'EX01',
      destinationPath: '\\\\EX01\\C$\\ExchangeUpdates\\ExchangeServer2019-x64-CU15.ISO',
      manifestPath: '\\\\EX01\\C$\\ExchangeUpdates\\ExchangeServer2019-x64-CU15.ISO.manifest.json',
      alreadyStaged: false,
      bytesCopied: 6_157_565_952,
      sha256: CU15_SHA,
      freeBytesBefore: 48_318_382_080,
    },
  ];
  return WizardSession.parse({
    schemaVersion: SESSION_SCHEMA_VERSION,
    id: '6c1f2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b',
    createdAt: '2026-11-26T09:00:00Z',
    updatedAt: '2026-11-26T11:30:00Z',
    currentStep: 'report',
    organisation: { mode: 'domain', hasEsu: false, serverNames: [] },
    discovered: [],
    discoveryErrors: [],
    scan: sampleScan(),
    downloads: [download('exchange-2019-cu15-iso', 'ExchangeServer2019-x64-CU15.ISO', CU15_SHA)],
    staging,
    checklist: {
      EX01: {
        'ex01-dotnet481': { done: true, at: '2026-11-26T11:05:00Z' },
        backup: { done: true, at: '2026-11-26T11:00:00Z' },
        'reboot-before': { done: false, at: null },
      },
    },
    audit: [
      { at: '2026-11-26T09:00:00Z', action: 'session', detail: 'Started a new session.', outcome: 'info' },
      { at: '2026-11-26T09:05:00Z', action: 'discover', detail: 'Found 6 servers in contoso.local (Active Directory).', outcome: 'ok' },
      { at: '2026-11-26T09:15:00Z', action: 'scan', detail: 'Scanned 6 servers; EX04 (192.168.10.24) did not answer.', outcome: 'failed' },
      { at: '2026-11-26T10:02:11Z', action: 'download', detail: 'ExchangeServer2019-x64-CU15.ISO verified (SHA-256 and Microsoft signature).', outcome: 'ok' },
      { at: '2026-11-26T10:40:00Z', action: 'stage', detail: 'Copied to \\\\EX01\\C$\\ExchangeUpdates and verified on EX01.', outcome: 'ok' },
      { at: '2026-11-26T10:45:00Z', action: 'stage', detail: 'Copy to ex02.contoso.local cancelled by the admin.', outcome: 'cancelled' },
    ],
  });
}

/** A scan of `count` servers cycling through the sample kinds, with unique names (for benchmarks). */
export function largeScan(count: number): ScanReport {
  const base = sampleScan();
  const servers: ServerScanResult[] = [];
  for (let i = 0; i < count; i++) {
    const template = base.servers[i % base.servers.length] as ServerScanResult;
    const name = `EXS${String(i + 1).padStart(3, '0')}`;
    const text = JSON.stringify(template).replaceAll(template.name, name).replaceAll(template.name.toLowerCase(), name.toLowerCase());
    servers.push(JSON.parse(text) as ServerScanResult);
  }
  return ScanReport.parse({
    ...base,
    servers,
    summary: { ...base.summary, serverCount: count, worstFirst: [], blockedByCertificate: [] },
    plan: base.plan ? { ...base.plan, order: [], servers: [] } : null,
  });
}

/** The newest public build per product line, as the built-in catalog of November 2026 has them. */
export const NEWEST_PUBLIC_BUILDS: NewestPublicBuild[] = [
  { product: 'Exchange 2016', build: '15.1.2507.61', name: 'Oct25SU', releaseDate: '2025-10-14' },
  { product: 'Exchange 2019', build: '15.2.1748.39', name: 'Oct25SU', releaseDate: '2025-10-14' },
  { product: 'Exchange SE', build: '15.2.2562.57', name: 'Nov26SU', releaseDate: '2026-11-10' },
];

/** Fixed options so reports are byte-for-byte reproducible in tests. */
export const REPORT_OPTIONS: ReportOptions = {
  generatedAt: '2026-11-26T12:00:00Z',
  generator: { name: 'Exchange Remediation Wizard', version: '0.1.0-test' },
  newestPublicBuilds: NEWEST_PUBLIC_BUILDS,
};
