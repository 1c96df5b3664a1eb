import { compareBuilds } from '../../knowledge/build-number';
import { ev, finding, isEdge, type Check, type CheckContext } from '../check';
import { DOCS } from '../links';
import type { TlsFacts } from '../../domain/facts';

type TlsVersion = TlsFacts['versions'][number];

function enabled(v: TlsVersion): boolean | null {
  if (v.serverEnabled === null || v.clientEnabled === null) return null;
  return v.serverEnabled && v.clientEnabled && v.serverDisabledByDefault !== true && v.clientDisabledByDefault !== true;
}

function misconfigured(v: TlsVersion): boolean {
  return (
    (v.serverEnabled !== null && v.clientEnabled !== null && v.serverEnabled !== v.clientEnabled) ||
    (v.serverDisabledByDefault !== null && v.clientDisabledByDefault !== null && v.serverDisabledByDefault !== v.clientDisabledByDefault) ||
    /misconfigured|half/i.test(v.configuration ?? '')
  );
}

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
    const byVersion = new Map(tls.versions.map(v => [v.version, v]));
    const evidence = tls.versions.map(v =>
      ev(`TLS ${v.version}`, v.configuration ?? `server ${fmt(v.serverEnabled)}/${fmt(v.serverDisabledByDefault)} client ${fmt(v.clientEnabled)}/${fmt(v.clientDisabledByDefault)} (enabled/disabled-by-default)`),
    );
    const critical: string[] = [];
    const warnings: string[] = [];
    for (const v of tls.versions) if (misconfigured(v)) critical.push(`TLS ${v.version} is configured differently for client and server`);
    const v12 = byVersion.get('1.2');
    if (v12 && enabled(v12) === false) critical.push('TLS 1.2 is disabled');
    const v13 = byVersion.get('1.3');
    if (v13 && enabled(v13) === true && !tls13Supported(ctx)) critical.push('TLS 1.3 is enabled on a build or Windows version where Exchange does not support it');
    for (const old of ['1.0', '1.1'] as const) {
      const v = byVersion.get(old);
      if (v && enabled(v) === true) warnings.push(`TLS ${old} is enabled`);
    }
    for (const v of tls.versions) {
      if (v.version !== '1.3' && (v.serverEnabled === null || v.clientEnabled === null)) warnings.push(`TLS ${v.version} is not explicitly configured in the registry`);
    }
    if (critical.length > 0) {
      return [finding('tls.protocols', 'critical', 'TLS is misconfigured', { evidence: [...evidence, ev('Problems', [...critical, ...warnings].join('; '))], why: 'Exchange needs TLS 1.2 enabled consistently for client and server; a mismatch breaks connections between Exchange servers and to Microsoft.', action: 'Configure SCHANNEL as in Microsoft\'s Exchange TLS guide, then reboot.', links: [DOCS.tlsGuide] })];
    }
    if (warnings.length > 0) {
      return [finding('tls.protocols', 'warning', 'TLS could be hardened', { evidence: [...evidence, ev('Findings', warnings.join('; '))], why: 'TLS 1.0 and 1.1 are outdated; Microsoft recommends disabling them and setting every value explicitly.', action: 'Follow Microsoft\'s Exchange TLS guide (disable TLS 1.0/1.1 once all clients support TLS 1.2).', links: [DOCS.tlsGuide] })];
    }
    return [finding('tls.protocols', 'ok', 'TLS is configured as recommended', { evidence, why: 'TLS 1.2 enabled for client and server; older versions off.', action: 'Nothing to do.', links: [DOCS.tlsGuide] })];
  },

  function tlsDotNet(ctx) {
    const tls = ctx.facts?.tls;
    if (!tls) return [];
    const evidence = [ev('SystemDefaultTlsVersions', tls.netSystemDefaultTlsVersions), ev('SchUseStrongCrypto', tls.netSchUseStrongCrypto)];
    if (tls.netSystemDefaultTlsVersions === true && tls.netSchUseStrongCrypto === true) {
      return [finding('tls.dotnet', 'ok', '.NET uses the operating system\'s TLS settings', { evidence, why: 'Exchange is a .NET application; these values make it use TLS 1.2.', action: 'Nothing to do.', links: [DOCS.tlsGuide] })];
    }
    return [
      finding('tls.dotnet', tls.netSystemDefaultTlsVersions === false || tls.netSchUseStrongCrypto === false ? 'critical' : 'warning', '.NET TLS settings are not set', {
        evidence,
        why: 'Without SystemDefaultTlsVersions and SchUseStrongCrypto, .NET code in Exchange (EEMS among it) may not use TLS 1.2.',
        action: 'Set both to 1 under HKLM\\SOFTWARE\\Microsoft\\.NETFramework\\v4.0.30319 and the Wow6432Node path, then reboot.',
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
    if (ep.configured && supported) return [finding('security.extended-protection', 'ok', 'Extended Protection is enabled', { evidence, why: 'It protects against authentication relay attacks (several 2022–2024 CVEs).', action: 'Nothing to do.', links: [DOCS.extendedProtection] })];
    if (ep.configured && !supported) return [finding('security.extended-protection', 'critical', 'Extended Protection is configured on a build that does not support it', { evidence, why: 'On builds before the August 2022 SU, Extended Protection breaks client connections.', action: 'Update the server (see the plan); that makes the configuration supported.', links: [DOCS.extendedProtection] })];
    return [
      finding('security.extended-protection', 'critical', 'Extended Protection is not enabled', {
        evidence,
        why: 'Without it the server is open to authentication relay attacks fixed by the 2022–2024 security updates.',
        action: supported ? 'Enable it with Microsoft\'s ExchangeExtendedProtectionManagement.ps1 (2019 CU14 and later setup enables it by default).' : 'Update the server first (see the plan), then enable Extended Protection.',
        links: [DOCS.extendedProtection],
      }),
    ];
  },
];

function fmt(value: boolean | null): string {
  return value === null ? '?' : value ? '1' : '0';
}
