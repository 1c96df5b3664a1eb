import { describe, expect, it } from 'vitest';
import { analyseServer, type ServerAnalysisInput } from '../../src-shared/analysis';
import { isAllowedExternalUrl } from '../../src-shared/domain/external-links';
import { DOCS } from '../../src-shared/analysis/links';
import type { Severity } from '../../src-shared/analysis/types';
import { classifyBuild } from '../../src-shared/knowledge';
import { classification, cleanPreflight, e19Cu11, healthyFacts, plan, rule } from './fixtures';

const GB = 1024 ** 3;
const base: ServerAnalysisInput = { facts: healthyFacts(), classification: classification(), plan: null, error: null, today: '2026-11-26', organisationHasEsu: false };

/** Findings ids are grouped where they carry a per-object suffix. */
function group(id: string): string {
  if (id.startsWith('certificate.') && id !== 'certificate.auth' && id !== 'certificate.all') return 'certificate.*';
  if (id.startsWith('plan.prerequisite.')) return 'plan.prerequisite';
  return id;
}

interface Scenario {
  name: string;
  input: Partial<ServerAnalysisInput>;
  expect: Array<[string, Severity]>;
}

const tls = (v10: boolean, v12client: boolean, v13 = false) => ({
  versions: [
    { version: '1.0' as const, serverEnabled: v10, serverDisabledByDefault: !v10, clientEnabled: v10, clientDisabledByDefault: !v10, configuration: null },
    { version: '1.1' as const, serverEnabled: false, serverDisabledByDefault: true, clientEnabled: false, clientDisabledByDefault: true, configuration: null },
    { version: '1.2' as const, serverEnabled: true, serverDisabledByDefault: false, clientEnabled: v12client, clientDisabledByDefault: !v12client, configuration: null },
    ...(v13 ? [{ version: '1.3' as const, serverEnabled: true, serverDisabledByDefault: false, clientEnabled: true, clientDisabledByDefault: false, configuration: null }] : []),
  ],
  netSystemDefaultTlsVersions: true,
  netSchUseStrongCrypto: true,
});

/** TLS 1.0/1.1 switched off the way many admins do it: Enabled=0 only, DisabledByDefault not written; TLS 1.2 fully set. */
const tlsEnabledZeroOnly = {
  versions: [
    { version: '1.0' as const, serverEnabled: false, serverDisabledByDefault: null, clientEnabled: false, clientDisabledByDefault: null, configuration: null },
    { version: '1.1' as const, serverEnabled: false, serverDisabledByDefault: null, clientEnabled: false, clientDisabledByDefault: null, configuration: null },
    { version: '1.2' as const, serverEnabled: true, serverDisabledByDefault: false, clientEnabled: true, clientDisabledByDefault: false, configuration: null },
  ],
  netSystemDefaultTlsVersions: true,
  netSchUseStrongCrypto: true,
  netWowSystemDefaultTlsVersions: true,
  netWowSchUseStrongCrypto: true,
};

/** Exchange 2016 CU22 on its last SU (May 2022), on Windows Server 2016 (14393.7515) with .NET 4.8 as that OS reports it. */
const e16Cu22OnWs2016 = {
  classification: classifyBuild('15.1.2375.37', { today: '2026-11-26' }),
  facts: healthyFacts({
    exchange: { exSetupVersion: '15.01.2375.037' },
    os: { productName: 'Windows Server 2016 Standard', version: '10.0.14393', buildNumber: 14393, ubr: 7515 },
    prerequisites: { dotNetRelease: 528049 },
    tls: tlsEnabledZeroOnly,
  }),
};

const scenarios: Scenario[] = [
  {
    name: 'done-when: 2016 CU22 on Windows Server 2016, .NET 528049, TLS 1.0/1.1 off with Enabled=0 only: no .NET warning, no TLS error, CU out of date is red',
    input: e16Cu22OnWs2016,
    expect: [
      ['os.dotnet', 'ok'],
      ['tls.protocols', 'warning'],
      ['exchange.latest-update', 'critical'],
    ],
  },
  {
    name: '.NET 4.8 as Windows Server 2019 reports it (528049) on 2019 CU15',
    input: {
      classification: classification({ product: 'Exchange 2019', cu: 'CU15', build: '15.2.1748.39' }),
      facts: healthyFacts({ os: { buildNumber: 17763 }, prerequisites: { dotNetRelease: 528049 } }),
    },
    expect: [['os.dotnet', 'ok']],
  },
  {
    name: '.NET 4.8 as Windows Server 2022 reports it (528449) on 2019 CU13, and 4.8.1 (533325) on SE',
    input: { classification: classification({ product: 'Exchange 2019', cu: 'CU13', build: '15.2.1258.39' }), facts: healthyFacts({ prerequisites: { dotNetRelease: 528449 } }) },
    expect: [['os.dotnet', 'ok']],
  },
  {
    name: '.NET 4.8.1 (533325) on SE on Windows Server 2022',
    input: { facts: healthyFacts({ prerequisites: { dotNetRelease: 533325 } }) },
    expect: [['os.dotnet', 'ok']],
  },
  {
    name: 'BITS (manual start) stopped is not flagged',
    input: { facts: healthyFacts({ servicesNotRunning: [{ name: 'BITS', status: 'Stopped', startType: 'Manual' }] }) },
    expect: [['exchange.services', 'ok']],
  },
  {
    name: 'TLS 1.1 half disabled (Enabled=0 with DisabledByDefault=0 written), 32-bit .NET TLS values not set',
    input: {
      facts: healthyFacts({
        tls: {
          ...tlsEnabledZeroOnly,
          versions: [
            tlsEnabledZeroOnly.versions[0]!,
            { version: '1.1', serverEnabled: false, serverDisabledByDefault: false, clientEnabled: false, clientDisabledByDefault: false, configuration: null },
            tlsEnabledZeroOnly.versions[2]!,
          ],
          netWowSystemDefaultTlsVersions: null,
          netWowSchUseStrongCrypto: null,
        },
      }),
    },
    expect: [
      ['tls.protocols', 'critical'],
      ['tls.dotnet', 'warning'],
    ],
  },
  {
    name: 'Exchange Trusted Subsystem missing from local Administrators, NTLMv1 allowed, 32-bit WinHTTP proxy differs, known-issue build (Mar24SU)',
    input: {
      classification: classification({ product: 'Exchange 2019', cu: 'CU14', build: '15.2.1544.9', update: 'Mar24SU' }),
      facts: healthyFacts({
        localSecurity: { exchangeTrustedSubsystemInAdministrators: false, lmCompatibilityLevel: 1 },
        httpProxy: { winHttpProxy: null, winHttpProxyWow6432: 'proxy.contoso.local:8080' },
      }),
    },
    expect: [
      ['security.trusted-subsystem', 'critical'],
      ['security.lm-compatibility', 'warning'],
      ['os.http-proxy', 'warning'],
      ['exchange.known-issue', 'warning'],
    ],
  },
  {
    name: 'TCP KeepAliveTime 30 minutes is ok',
    input: { facts: healthyFacts({ tcpIp: { keepAliveTimeMs: 1_800_000 } }) },
    expect: [['os.tcp-keepalive', 'ok']],
  },
  {
    name: 'TCP KeepAliveTime not set (Windows default 2 hours), as on a fresh Windows server',
    input: { facts: healthyFacts({ tcpIp: { keepAliveTimeMs: null } }) },
    expect: [['os.tcp-keepalive', 'warning']],
  },
  {
    name: 'TCP KeepAliveTime outside 15-30 minutes',
    input: { facts: healthyFacts({ tcpIp: { keepAliveTimeMs: 7_200_000 } }) },
    expect: [['os.tcp-keepalive', 'warning']],
  },
  {
    name: 'TCP KeepAliveTime unreadable',
    input: { facts: healthyFacts({ tcpIp: null }) },
    expect: [['os.tcp-keepalive', 'warning']],
  },
  {
    name: 'local Administrators unreadable, LmCompatibilityLevel not set (Windows default 3), services unreadable',
    input: { facts: healthyFacts({ localSecurity: { exchangeTrustedSubsystemInAdministrators: null, lmCompatibilityLevel: null }, servicesNotRunning: null, eems: { service: null } }) },
    expect: [
      ['security.trusted-subsystem', 'warning'],
      ['security.lm-compatibility', 'ok'],
      ['eems.service', 'info'],
    ],
  },
  {
    // Outlook Anywhere's documented default on 2013/2016/2019 before CU14 Setup turned it off.
    name: 'Outlook Anywhere offloads SSL (SSLOffloading True, SSL not required)',
    input: { facts: healthyFacts({ outlookAnywhere: { identity: 'EX01\\Rpc (Default Web Site)', sslOffloading: true, internalClientsRequireSsl: false, externalClientsRequireSsl: false } }) },
    expect: [['security.ssl-offloading', 'warning']],
  },
  {
    name: 'Outlook Anywhere without SSL offloading, as ExchangeExtendedProtectionManagement.ps1 sets it',
    input: { facts: healthyFacts({ outlookAnywhere: { identity: 'EX01\\Rpc (Default Web Site)', sslOffloading: false, internalClientsRequireSsl: true, externalClientsRequireSsl: true } }) },
    expect: [['security.ssl-offloading', 'ok']],
  },
  {
    name: 'Outlook Anywhere unreadable',
    input: { facts: healthyFacts({ outlookAnywhere: null }) },
    expect: [['security.ssl-offloading', 'warning']],
  },
  {
    name: 'a healthy, current SE server is all ok',
    input: { plan: plan('install-su') },
    expect: [
      ['exchange.end-of-support', 'ok'],
      ['exchange.latest-update', 'ok'],
      ['eems.certificate-2023-03', 'ok'],
      ['eems.certificate-2026-06', 'ok'],
      ['eems.enabled', 'ok'],
      ['eems.service', 'ok'],
      ['eems.ocs-reachable', 'ok'],
      ['exchange.maintenance', 'ok'],
      ['exchange.dag', 'info'],
      ['exchange.services', 'ok'],
      ['prereq.ucma', 'ok'],
      ['prereq.url-rewrite', 'ok'],
      ['disk.free-space', 'ok'],
      ['os.dotnet', 'ok'],
      ['os.vcredist-2012', 'ok'],
      ['os.vcredist-2013', 'ok'],
      ['os.reboot-pending', 'ok'],
      ['tls.protocols', 'ok'],
      ['tls.dotnet', 'ok'],
      ['security.extended-protection', 'ok'],
      ['certificate.all', 'ok'],
      ['certificate.auth', 'ok'],
    ],
  },
  {
    name: 'the E19 capture: 2019 CU11 RTM, out of support, blocked by March 2023',
    input: {
      classification: e19Cu11(),
      facts: healthyFacts({ os: { buildNumber: 17763 }, prerequisites: { dotNetRelease: 528049, vcRedist2013: '12.0.21005' }, extendedProtection: { configured: false } }),
    },
    expect: [
      ['exchange.end-of-support', 'critical'],
      ['exchange.latest-update', 'critical'],
      ['eems.certificate-2023-03', 'critical'],
      ['eems.certificate-2026-06', 'critical'],
      ['os.dotnet', 'ok'],
      ['os.vcredist-2013', 'warning'],
      ['security.extended-protection', 'critical'],
    ],
  },
  {
    name: 'ESU customer on 2019 CU15 behind the newest ESU update',
    input: {
      organisationHasEsu: true,
      classification: classification({
        build: '15.2.1748.39',
        product: 'Exchange 2019',
        cu: 'CU15',
        update: 'Oct25SU',
        supportState: 'end-of-support',
        latestPublicBuild: '15.2.1748.39',
        latestEsuBuild: '15.2.1748.55',
        certificateRules: [rule('2023-03', 'pass'), rule('2026-06', 'fail', '15.2.1748.46')],
      }),
    },
    expect: [
      ['exchange.end-of-support', 'warning'],
      ['exchange.latest-update', 'warning'],
    ],
  },
  {
    name: 'supported SE behind the latest SU; borderline March 2023 rule shown as warning',
    input: { classification: classification({ onLatestPublicUpdate: false, build: '15.2.2562.37', certificateRules: [rule('2023-03', 'borderline'), rule('2026-06', 'pass')] }) },
    expect: [
      ['exchange.latest-update', 'warning'],
      ['eems.certificate-2023-03', 'warning'],
    ],
  },
  {
    name: 'old CU out of support, build not in the catalog, ExSetup unreadable',
    input: {
      classification: classification({
        product: 'Exchange 2019',
        cu: 'CU12',
        build: '15.2.1118.41',
        supportState: 'cu-out-of-support',
        resolvedTo: { build: '15.2.1118.40', reason: 'nearest lower known build' },
        releaseDate: '2022-04-20',
      }),
      facts: healthyFacts({ exchange: { exSetupVersion: null } }),
    },
    expect: [
      ['exchange.cu-out-of-date', 'critical'],
      ['exchange.build-not-in-catalog', 'info'],
      ['exchange.build-source', 'warning'],
    ],
  },
  {
    name: 'EEMS disabled, service stopped, OCS failing behind a proxy, event 1008 without certificate text, https proxy',
    input: {
      facts: healthyFacts({
        eems: {
          serverMitigationsEnabled: false,
          service: { name: 'MSExchangeMitigation', status: 'Stopped', startType: 'Manual' },
          internetWebProxy: 'https://proxy.contoso.local:8080',
          ocsTest: {
            url: 'https://officeclient.microsoft.com/GetExchangeMitigations',
            statusCode: 407,
            error: '(407) Proxy Authentication Required.',
            proxy: 'https://proxy.contoso.local:8080',
            testedAt: '2026-11-26T10:00:00Z',
          },
          events1008: [{ timeCreated: '2026-11-26T09:00:00Z', eventId: 1008, message: 'Exception encountered while fetching mitigations.' }],
        },
        httpProxy: { winHttpProxy: 'other-proxy:3128' },
      }),
    },
    expect: [
      ['eems.enabled', 'warning'],
      ['eems.service', 'warning'],
      ['eems.ocs-reachable', 'warning'],
      ['eems.event-1008', 'warning'],
      ['exchange.internet-web-proxy', 'critical'],
      ['os.http-proxy', 'critical'],
    ],
  },
  {
    name: 'unknown EEMS state, OCS test not run, certificate symptom logged, WinHTTP proxy only',
    input: {
      facts: healthyFacts({
        eems: {
          orgMitigationsEnabled: null,
          ocsTest: null,
          service: null,
          events1008: [{ timeCreated: '2026-11-26T09:00:00Z', eventId: 1008, message: "Response xml's leaf certificate is from unknown issuer or has EKU mismatch" }],
        },
        httpProxy: { winHttpProxy: 'proxy:3128' },
      }),
    },
    expect: [
      ['eems.enabled', 'warning'],
      ['eems.ocs-reachable', 'info'],
      ['eems.service', 'warning'],
      ['eems.event-1008', 'critical'],
      ['os.http-proxy', 'warning'],
    ],
  },
  {
    name: 'DAG member left in maintenance with critical and common services down',
    input: {
      facts: healthyFacts({
        maintenance: {
          inactiveComponents: [{ component: 'ServerWideOffline', state: 'Inactive' }],
          dagName: 'DAG01',
          clusterNodeState: 'Paused',
          databaseCopyAutoActivationPolicy: 'Blocked',
          databaseCopyActivationDisabledAndMoveNow: true,
        },
        servicesNotRunning: [{ name: 'MSExchangeTransport', status: 'Stopped', startType: 'Disabled' }],
      }),
    },
    expect: [
      ['exchange.maintenance', 'critical'],
      ['exchange.dag', 'info'],
      ['exchange.services', 'critical'],
    ],
  },
  {
    name: 'only a common service down',
    input: { facts: healthyFacts({ servicesNotRunning: [{ name: 'MSExchangeDiagnostics', status: 'Stopped', startType: 'Automatic' }] }) },
    expect: [['exchange.services', 'warning']],
  },
  {
    name: 'prerequisites missing, disk too small for a CU, reboot pending, old .NET and VC++',
    input: {
      plan: plan('install-cu'),
      facts: healthyFacts({
        prerequisites: { ucmaInstalled: false, urlRewriteInstalled: false, dotNetRelease: 461814, vcRedist2012: null, vcRedist2013: null },
        disks: [{ drive: 'D:', freeBytes: 12 * GB, sizeBytes: 100 * GB, isSystem: false, isExchangeInstall: true }],
        reboot: { pending: true, sources: ['ComponentBasedServicing', 'PendingFileRenameOperations'] },
      }),
    },
    expect: [
      ['prereq.ucma', 'critical'],
      ['prereq.url-rewrite', 'critical'],
      ['disk.free-space', 'critical'],
      ['os.dotnet', 'critical'],
      ['os.vcredist-2012', 'critical'],
      ['os.vcredist-2013', 'critical'],
      ['os.reboot-pending', 'warning'],
    ],
  },
  {
    name: 'unreadable prerequisites, tight disk, .NET 4.8 where 4.8.1 is recommended, outdated VC++ 2012',
    input: {
      plan: plan('in-place-upgrade'),
      facts: healthyFacts({
        prerequisites: { ucmaInstalled: null, urlRewriteInstalled: null, dotNetRelease: 528449, vcRedist2012: '11.0.50727' },
        disks: [{ drive: 'C:', freeBytes: 35 * GB, sizeBytes: 100 * GB, isSystem: true, isExchangeInstall: true }],
      }),
    },
    expect: [
      ['prereq.ucma', 'warning'],
      ['prereq.url-rewrite', 'warning'],
      ['disk.free-space', 'warning'],
      ['os.dotnet', 'warning'],
      ['os.vcredist-2012', 'warning'],
    ],
  },
  {
    name: 'plan prerequisites not met or unknown',
    input: {
      plan: plan('in-place-upgrade', {
        steps: [
          {
            id: 'se',
            kind: 'in-place-upgrade',
            title: 'Upgrade to SE',
            why: '',
            resultingBuild: null,
            updateId: null,
            esuOnly: false,
            prerequisites: [
              { id: 'os-supported', title: 'Windows Server 2019 or newer', met: false, detail: 'Windows Server 2016 is not supported by SE.' },
              { id: 'ad-rights', title: 'Schema Admins', met: null, detail: 'Run setup /PrepareAD with Schema Admins rights.' },
            ],
          },
        ],
      }),
    },
    expect: [
      ['plan.prerequisite', 'critical'],
      ['plan.prerequisite', 'info'],
    ],
  },
  {
    name: 'TLS 1.2 client disabled (mismatch), TLS 1.3 on an unsupported build, .NET TLS off',
    input: { classification: e19Cu11(), facts: healthyFacts({ tls: { ...tls(false, false, true), netSystemDefaultTlsVersions: false } }) },
    expect: [
      ['tls.protocols', 'critical'],
      ['tls.dotnet', 'critical'],
    ],
  },
  {
    name: 'a mitigation blocked on the server (Set-ExchangeServer -MitigationsBlocked)',
    input: { facts: healthyFacts({ eems: { mitigationsApplied: ['PING1'], mitigationsBlocked: ['M1.1.0'] } }) },
    expect: [['eems.mitigations-blocked', 'warning']],
  },
  {
    // The E19 capture applicationHost2.config: "configured" (not all None), but the back-end PowerShell directory lacks Require.
    name: "Extended Protection on, but weaker than Learn's table on one virtual directory",
    input: {
      facts: healthyFacts({
        extendedProtection: {
          configured: true,
          perVirtualDirectory: { 'Default Web Site/owa': 'Require', 'Default Web Site/EWS': 'Allow', 'Exchange Back End/PowerShell': 'None', 'Exchange Back End/EWS': 'Require' },
        },
      }),
    },
    expect: [['security.extended-protection', 'warning']],
  },
  {
    name: 'TLS 1.0 still on, .NET TLS values unknown',
    input: { facts: healthyFacts({ tls: { ...tls(true, true), netSchUseStrongCrypto: null } }) },
    expect: [
      ['tls.protocols', 'warning'],
      ['tls.dotnet', 'warning'],
    ],
  },
  {
    name: 'certificates expiring, broken and weak; Auth certificate expiring',
    input: {
      facts: healthyFacts({
        certificates: [
          {
            thumbprint: '1111111111111111111111111111111111111111',
            subject: 'CN=old',
            issuer: null,
            notAfter: '2026-11-01T00:00:00Z',
            notBefore: null,
            services: ['IIS'],
            isSelfSigned: false,
            status: 'DateInvalid',
            keySize: 1024,
            signatureAlgorithm: 'sha256RSA',
            isCurrentAuth: false,
            isNextAuth: false,
          },
          {
            thumbprint: '2222222222222222222222222222222222222222',
            subject: 'CN=soon',
            issuer: null,
            notAfter: '2027-01-10T00:00:00Z',
            notBefore: null,
            services: ['SMTP'],
            isSelfSigned: false,
            status: 'Valid',
            keySize: 2048,
            signatureAlgorithm: 'sha1RSA',
            isCurrentAuth: false,
            isNextAuth: false,
          },
        ],
        authCertificate: { notAfter: '2027-01-05T00:00:00Z' },
      }),
    },
    expect: [
      ['certificate.*', 'critical'],
      ['certificate.*', 'warning'],
      ['certificate.auth', 'warning'],
    ],
  },
  {
    name: 'Auth certificate missing; EP configured on a build that does not support it',
    input: {
      classification: classification({ product: 'Exchange 2019', cu: 'CU11', build: '15.2.986.5', supportState: 'end-of-support' }),
      facts: healthyFacts({ authCertificate: { foundOnServer: false } }),
    },
    expect: [
      ['certificate.auth', 'critical'],
      ['security.extended-protection', 'critical'],
    ],
  },
  {
    name: 'pre-flight: everything Setup checks passes',
    input: { facts: { ...healthyFacts(), preflight: cleanPreflight() } },
    expect: [['setup.preflight', 'ok']],
  },
  {
    name: 'pre-flight: Group Policy sets AllSigned and an earlier Setup stopped part-way',
    input: {
      facts: {
        ...healthyFacts(),
        preflight: {
          ...cleanPreflight(),
          executionPolicy: { machinePolicy: 'AllSigned', userPolicy: 'Undefined', effective: 'AllSigned' },
          watermarks: [{ key: 'MailboxRole', watermark: 'Microsoft.Exchange.Management.Deployment.ServiceControl__Stop', action: 'BuildToBuildUpgrade' }],
        },
      },
    },
    expect: [['setup.preflight', 'critical']],
  },
  {
    name: 'pre-flight: the section failed as a whole',
    input: { facts: { ...healthyFacts(), preflight: null } },
    expect: [['setup.preflight', 'info']],
  },
  {
    name: 'a server that could not be scanned',
    input: { facts: null, classification: null, error: { code: 'winrm-unreachable', message: 'WinRM cannot reach EX-OLD', fix: 'Enable WinRM' } },
    expect: [['server.unreachable', 'critical']],
  },
  {
    name: 'a partly failed scan',
    input: { error: { code: 'ems-missing', message: 'The Exchange Management Shell was not reachable' } },
    expect: [['server.partial-scan', 'warning']],
  },
];

/** Every severity each check can give; the scenarios must reach all of them. */
const POSSIBLE: Record<string, Severity[]> = {
  'exchange.build-source': ['warning'],
  'exchange.build-not-in-catalog': ['info'],
  'exchange.end-of-support': ['ok', 'warning', 'critical'],
  'exchange.cu-out-of-date': ['critical'],
  'exchange.latest-update': ['ok', 'warning', 'critical'],
  'eems.certificate-2023-03': ['ok', 'warning', 'critical'],
  'eems.certificate-2026-06': ['ok', 'critical'],
  'eems.enabled': ['ok', 'warning'],
  'eems.service': ['ok', 'warning', 'info'],
  'eems.ocs-reachable': ['ok', 'warning', 'info'],
  'eems.event-1008': ['warning', 'critical'],
  'exchange.internet-web-proxy': ['critical'],
  'exchange.maintenance': ['ok', 'critical'],
  'exchange.dag': ['info'],
  'exchange.services': ['ok', 'warning', 'critical'],
  'prereq.ucma': ['ok', 'warning', 'critical'],
  'prereq.url-rewrite': ['ok', 'warning', 'critical'],
  'disk.free-space': ['ok', 'warning', 'critical'],
  'plan.prerequisite': ['info', 'critical'],
  'os.dotnet': ['ok', 'warning', 'critical'],
  'os.vcredist-2012': ['ok', 'warning', 'critical'],
  'os.vcredist-2013': ['ok', 'warning', 'critical'],
  'os.reboot-pending': ['ok', 'warning'],
  'os.http-proxy': ['warning', 'critical'],
  'tls.protocols': ['ok', 'warning', 'critical'],
  'tls.dotnet': ['ok', 'warning', 'critical'],
  'security.extended-protection': ['ok', 'warning', 'critical'],
  'security.trusted-subsystem': ['ok', 'warning', 'critical'],
  'setup.preflight': ['ok', 'info', 'critical'],
  'security.lm-compatibility': ['ok', 'warning'],
  'security.ssl-offloading': ['ok', 'warning'],
  'os.tcp-keepalive': ['ok', 'warning'],
  'eems.mitigations-blocked': ['warning'],
  'exchange.known-issue': ['warning'],
  'certificate.*': ['warning', 'critical'],
  'certificate.all': ['ok'],
  'certificate.auth': ['ok', 'warning', 'critical'],
  'server.unreachable': ['critical'],
  'server.partial-scan': ['warning'],
};

function run(scenario: Scenario) {
  return analyseServer({ ...base, ...scenario.input });
}

describe('findings', () => {
  for (const scenario of scenarios) {
    it(scenario.name, () => {
      const result = run(scenario);
      const got = result.findings.map(f => [group(f.id), f.severity] as const);
      for (const [id, severity] of scenario.expect) {
        expect(got, `${id} should be ${severity}`).toContainEqual([id, severity]);
      }
      for (const f of result.findings) {
        expect(f.title.length).toBeGreaterThan(0);
        expect(f.why.length).toBeGreaterThan(0);
        expect(f.action.length).toBeGreaterThan(0);
        expect(f.evidence.length).toBeGreaterThan(0);
      }
    });
  }

  it('reaches every severity of every finding, and no undeclared one', () => {
    // Self-contained: runs every scenario itself, so it fails on its own when a severity is unreachable.
    const reached = new Set<string>();
    for (const scenario of scenarios) for (const f of run(scenario).findings) reached.add(`${group(f.id)}:${f.severity}`);
    const declared = new Set(Object.entries(POSSIBLE).flatMap(([id, severities]) => severities.map(s => `${id}:${s}`)));
    expect([...declared].filter(d => !reached.has(d))).toEqual([]);
    expect([...reached].filter(r => !declared.has(r))).toEqual([]);
  });

  it('the done-when server gets no .NET warning and no TLS error', () => {
    const result = analyseServer({ ...base, ...e16Cu22OnWs2016 });
    const byId = new Map(result.findings.map(f => [f.id, f.severity]));
    expect(byId.get('os.dotnet')).toBe('ok');
    expect(byId.get('tls.protocols')).not.toBe('critical');
  });

  it('sorts findings worst first and sets the server severity', () => {
    const result = analyseServer({ ...base, classification: e19Cu11() });
    const order = ['critical', 'warning', 'info', 'ok'];
    const ranks = result.findings.map(f => order.indexOf(f.severity));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    expect(result.severity).toBe('critical');
    expect(analyseServer({ ...base }).severity).toBe('info');
  });

  it('reports the Auth certificate once, under certificate.auth', () => {
    const facts = healthyFacts({ authCertificate: { notAfter: '2027-01-05T00:00:00Z' } });
    const auth = facts.certificates!.find(c => c.isCurrentAuth)!;
    auth.notAfter = '2027-01-05T00:00:00Z';
    const ids = analyseServer({ ...base, facts }).findings.map(f => f.id);
    expect(ids).toContain('certificate.auth');
    expect(ids.filter(id => id.startsWith(`certificate.${auth.thumbprint.slice(0, 12).toLowerCase()}`))).toEqual([]);
  });

  it('links only to allow-listed Microsoft documentation', () => {
    for (const link of Object.values(DOCS)) expect(isAllowedExternalUrl(link.url), link.url).toBe(true);
  });
});
