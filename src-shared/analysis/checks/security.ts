import { compareBuilds } from '../../knowledge/build-number';
import { ev, finding, isEdge, type Check, type CheckContext } from '../check';
import { DOCS } from '../links';
import { tlsConfiguration, unsetTlsValues } from '../../domain/tls-configuration';
import type { TlsFacts } from '../../domain/facts';
import { virtualDirectoriesBelowRecommended } from '../../knowledge/extended-protection';

type TlsVersion = TlsFacts['versions'][number];

/** TLS 1.3 is fine for Exchange only on 2019 CU15 / SE and Windows Server 2022 or newer. */
function tls13Supported(ctx: CheckContext): boolean {
  const c = ctx.classification;
  const osBuild = ctx.facts?.os.buildNumber ?? 0;
  const buildOk = c?.product === 'Exchange SE' || (c?.product === 'Exchange 2019' && compareBuilds(c.build, '15.2.1748.0') >= 0);
  return buildOk && osBuild >= 20348;
}

/**
 * Builds where Extended Protection is supported: the August 2022 SU and
 * later (Health Checker's table).
 */
function extendedProtectionSupported(build: string): boolean {
  if (build.startsWith('15.2.')) return compareBuilds(build, '15.2.1118.11') >= 0 || (compareBuilds(build, '15.2.986.28') >= 0 && compareBuilds(build, '15.2.1118.0') < 0);
  if (build.startsWith('15.1.')) return compareBuilds(build, '15.1.2507.11') >= 0 || (compareBuilds(build, '15.1.2375.30') >= 0 && compareBuilds(build, '15.1.2507.0') < 0);
  if (build.startsWith('15.0.')) return compareBuilds(build, '15.0.1497.38') >= 0;
  return false;
}

/** TLS and Extended Protection, as Health Checker's security section checks them. */
export const securityChecks: Check[] = [
  function tlsProtocols(ctx) {
    const tls = ctx.facts?.tls;
    if (!tls) return [];
    const evidence = tls.versions.map(v => ev(`TLS ${v.version}`, `${tlsConfiguration(v)} — ${rawValues(v)}`));
    const critical: string[] = [];
    const warnings: string[] = [];
    for (const v of tls.versions) {
      const state = tlsConfiguration(v);
      if (state === 'Misconfigured') critical.push(`TLS ${v.version} is configured differently for client and server`);
      if (state === 'Half Disabled') critical.push(`TLS ${v.version} is only half disabled (Enabled and DisabledByDefault contradict each other)`);
      if (v.version === '1.2' && state === 'Disabled') critical.push('TLS 1.2 is disabled');
      if (v.version === '1.3' && state === 'Enabled' && !tls13Supported(ctx)) critical.push('TLS 1.3 is enabled on a build or Windows version where Exchange does not support it');
      if ((v.version === '1.0' || v.version === '1.1') && state === 'Enabled') warnings.push(`TLS ${v.version} is enabled`);
      const unset = unsetTlsValues(v);
      if (unset.length > 0) warnings.push(`TLS ${v.version}: ${unset.join(', ')} not set in the registry`);
    }
    if (critical.length > 0) {
      return [
        finding('tls.protocols', 'critical', 'TLS is misconfigured', {
          evidence: [...evidence, ev('Problems', [...critical, ...warnings].join('; '))],
          why: 'Exchange needs TLS 1.2 enabled consistently for client and server; a mismatch breaks connections between Exchange servers and to Microsoft.',
          action: "Configure SCHANNEL as in Microsoft's Exchange TLS guide, then reboot.",
          links: [DOCS.tlsGuide],
        }),
      ];
    }
    if (warnings.length > 0) {
      return [
        finding('tls.protocols', 'warning', 'TLS could be hardened', {
          evidence: [...evidence, ev('Findings', warnings.join('; '))],
          why: 'TLS 1.0 and 1.1 are outdated; Microsoft recommends disabling them and setting every value explicitly, so the result does not depend on Windows defaults.',
          action: "Follow Microsoft's Exchange TLS guide (disable TLS 1.0/1.1 once all clients support TLS 1.2, and set Enabled and DisabledByDefault for client and server).",
          links: [DOCS.tlsGuide],
        }),
      ];
    }
    return [
      finding('tls.protocols', 'ok', 'TLS is configured as recommended', {
        evidence,
        why: 'TLS 1.2 enabled for client and server; older versions off.',
        action: 'Nothing to do.',
        links: [DOCS.tlsGuide],
      }),
    ];
  },

  function tlsDotNet(ctx) {
    const tls = ctx.facts?.tls;
    if (!tls) return [];
    // The 32-bit (WOW6432Node) values count only where they were collected; an older probe did not read them.
    const values: Array<[string, boolean | null]> = [
      ['SystemDefaultTlsVersions', tls.netSystemDefaultTlsVersions],
      ['SchUseStrongCrypto', tls.netSchUseStrongCrypto],
      ...(tls.netWowSystemDefaultTlsVersions === undefined ? [] : [['SystemDefaultTlsVersions (WOW6432Node)', tls.netWowSystemDefaultTlsVersions] as [string, boolean | null]]),
      ...(tls.netWowSchUseStrongCrypto === undefined ? [] : [['SchUseStrongCrypto (WOW6432Node)', tls.netWowSchUseStrongCrypto] as [string, boolean | null]]),
    ];
    const evidence = values.map(([label, value]) => ev(label, value === null ? 'not set' : value ? '1' : '0'));
    if (values.every(([, value]) => value === true)) {
      return [
        finding('tls.dotnet', 'ok', ".NET uses the operating system's TLS settings", {
          evidence,
          why: 'Exchange is a .NET application; these values make it use TLS 1.2.',
          action: 'Nothing to do.',
          links: [DOCS.tlsGuide],
        }),
      ];
    }
    const off = values.filter(([, value]) => value === false).map(([label]) => label);
    const unset = values.filter(([, value]) => value === null).map(([label]) => label);
    return [
      finding('tls.dotnet', off.length > 0 ? 'critical' : 'warning', off.length > 0 ? '.NET TLS settings are off' : '.NET TLS settings are not set', {
        evidence: [...evidence, ...(off.length ? [ev('Set to 0', off.join(', '))] : []), ...(unset.length ? [ev('Not set', unset.join(', '))] : [])],
        why: 'Without SystemDefaultTlsVersions and SchUseStrongCrypto, .NET code in Exchange (EEMS among it) may not use TLS 1.2.',
        action: 'Set both to 1 under HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319 and HKLM\\SOFTWARE\\WOW6432Node\\Microsoft\\.NETFramework\\v4.0.30319, then reboot.',
        links: [DOCS.tlsGuide],
      }),
    ];
  },

  function extendedProtection(ctx) {
    const ep = ctx.facts?.extendedProtection;
    const c = ctx.classification;
    if (!ep || !c || isEdge(ctx) || ep.configured === null) return [];
    const supported = extendedProtectionSupported(c.build);
    const evidence = [ev('Extended Protection configured', ep.configured), ev('Build supports it (August 2022 SU or later)', supported)];
    // "Configured" means every virtual directory at least at Learn's table, not any one of them other than None.
    const below = virtualDirectoriesBelowRecommended(ep.perVirtualDirectory);
    if (ep.configured && supported && below.length > 0) {
      return [
        finding('security.extended-protection', 'warning', `Extended Protection is weaker than Microsoft's table on ${below.length} virtual ${below.length === 1 ? 'directory' : 'directories'}`, {
          evidence: [...evidence, ev('Below the table', below.join('; '))],
          why: 'A virtual directory without the Extended Protection Microsoft sets stays open to the authentication relay attacks it closes; the next Setup of 2019 CU14 or later sets it anyway.',
          action: 'Run ExchangeExtendedProtectionManagement.ps1 to set the recommended values (or let the next Setup do it), after checking its prerequisites.',
          links: [DOCS.extendedProtection],
        }),
      ];
    }
    if (ep.configured && supported)
      return [
        finding('security.extended-protection', 'ok', 'Extended Protection is enabled', {
          evidence,
          why: 'It protects against authentication relay attacks (several 2022–2024 CVEs).',
          action: 'Nothing to do.',
          links: [DOCS.extendedProtection],
        }),
      ];
    if (ep.configured && !supported)
      return [
        finding('security.extended-protection', 'critical', 'Extended Protection is configured on a build that does not support it', {
          evidence,
          why: 'On builds before the August 2022 SU, Extended Protection breaks client connections.',
          action: 'Update the server (see the plan); that makes the configuration supported.',
          links: [DOCS.extendedProtection],
        }),
      ];
    return [
      finding('security.extended-protection', 'critical', 'Extended Protection is not enabled', {
        evidence,
        why: 'Without it the server is open to authentication relay attacks fixed by the 2022–2024 security updates.',
        action: supported
          ? "Enable it with Microsoft's ExchangeExtendedProtectionManagement.ps1 (2019 CU14 and later setup enables it by default)."
          : 'Update the server first (see the plan), then enable Extended Protection.',
        links: [DOCS.extendedProtection],
      }),
    ];
  },
];

function rawValues(v: TlsVersion): string {
  const f = (value: boolean | null) => (value === null ? 'not set' : value ? '1' : '0');
  return `server Enabled ${f(v.serverEnabled)}, DisabledByDefault ${f(v.serverDisabledByDefault)}; client Enabled ${f(v.clientEnabled)}, DisabledByDefault ${f(v.clientDisabledByDefault)}`;
}
