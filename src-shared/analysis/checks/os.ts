import { compareDotted } from '../../knowledge/prerequisites';
import { ev, finding, isEdge, type Check, type CheckContext } from '../check';
import { DOTNET_48, DOTNET_481, dotNetVersionOf, type DotNetVersion } from '../../domain/dotnet-release';
import { DOCS } from '../links';

const VC2012_CURRENT = '11.0.61030';
const VC2013_CURRENT = '12.0.40664';
const WS2019_BUILD = 17763;
/** Health Checker's KeepAliveTime range (15 to 30 minutes) and what Windows uses when it is not set (2 hours). */
const KEEPALIVE_MIN_MS = 900_000;
const KEEPALIVE_MAX_MS = 1_800_000;
const KEEPALIVE_WINDOWS_DEFAULT_MS = 7_200_000;
const KEEPALIVE_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\Tcpip\\Parameters';

/** Health Checker's rule: 4.8.1 on 2019 CU14+ or SE unless the OS is Windows Server 2019, else 4.8. */
function recommendedDotNet(ctx: CheckContext): DotNetVersion {
  const c = ctx.classification;
  const cuNumber = c ? Number(/^CU(\d+)$/.exec(c.cu)?.[1] ?? 0) : 0;
  const modern = c?.product === 'Exchange SE' || (c?.product === 'Exchange 2019' && cuNumber >= 14);
  const osBuild = ctx.facts?.os.buildNumber ?? null;
  return modern && osBuild !== null && osBuild > WS2019_BUILD ? DOTNET_481 : DOTNET_48;
}

function dotNetName(release: number): string {
  const version = dotNetVersionOf(release);
  return version && version.minimum >= DOTNET_48.minimum ? version.name : `older than 4.8 (${version ? version.name : 'before 4.5'})`;
}

/** Operating system and runtime prerequisites as Health Checker and SetupAssist check them. */
export const osChecks: Check[] = [
  function dotNet(ctx) {
    const release = ctx.facts?.prerequisites.dotNetRelease;
    if (release === undefined) return [];
    const recommended = recommendedDotNet(ctx);
    const evidence = [
      ev('.NET Framework release', release === null ? null : `${release} (${dotNetName(release)})`),
      ev('Recommended for this build and OS', `.NET ${recommended.name} (release ${recommended.minimum} or a later value of the same version)`),
    ];
    if (release === null) {
      return [
        finding('os.dotnet', 'warning', 'The .NET Framework version could not be read', {
          evidence,
          why: 'Exchange setup requires a supported .NET Framework.',
          action: 'Check HKLM\\SOFTWARE\\Microsoft\\NET Framework Setup\\NDP\\v4\\Full\\Release on the server.',
          links: [DOCS.prerequisites],
        }),
      ];
    }
    // Compared by version (the range minimum), as Health Checker does: each OS writes its own value.
    const installed = dotNetVersionOf(release)?.minimum ?? 0;
    if (installed < DOTNET_48.minimum) {
      return [
        finding('os.dotnet', 'critical', '.NET Framework 4.8 or newer is missing', {
          evidence,
          why: 'Current Exchange updates do not install or run on an older .NET Framework.',
          action: 'Install .NET Framework 4.8 (or 4.8.1 where recommended) and reboot before updating Exchange.',
          links: [DOCS.prerequisites],
        }),
      ];
    }
    if (installed === recommended.minimum) {
      return [
        finding('os.dotnet', 'ok', `.NET Framework ${dotNetName(release)} is the recommended version`, {
          evidence,
          why: 'Exchange supports only the .NET versions listed for its build.',
          action: 'Nothing to do.',
          links: [DOCS.prerequisites],
        }),
      ];
    }
    const newer = installed > recommended.minimum;
    return [
      finding('os.dotnet', 'warning', `.NET Framework ${dotNetName(release)} is not the recommended version for this build`, {
        evidence,
        why: newer ? 'A .NET newer than Exchange supports on this build/OS can cause problems.' : 'A newer .NET is recommended for this build and OS.',
        action: newer ? 'Check the Exchange supportability matrix before going on.' : `Install .NET Framework ${recommended.name} when you update Exchange.`,
        links: [DOCS.supportability],
      }),
    ];
  },

  function visualCpp(ctx) {
    const p = ctx.facts?.prerequisites;
    if (!p) return [];
    const edge = isEdge(ctx);
    const items: Array<{ name: string; version: string | null; current: string }> = [{ name: 'Visual C++ 2012 (x64)', version: p.vcRedist2012, current: VC2012_CURRENT }];
    if (!edge) items.push({ name: 'Visual C++ 2013 (x64)', version: p.vcRedist2013, current: VC2013_CURRENT });
    return items.map(item => {
      const id = `os.vcredist-${item.name.includes('2012') ? '2012' : '2013'}`;
      const evidence = [ev('Installed', item.version ?? 'not installed'), ev('Current', item.current)];
      if (!item.version) {
        return finding(id, 'critical', `${item.name} redistributable is missing`, {
          evidence,
          why: 'Exchange setup and some Exchange components need it.',
          action: `Install the ${item.name} redistributable (version ${item.current}).`,
          links: [DOCS.prerequisites],
        });
      }
      if (compareDotted(item.version, item.current) < 0) {
        return finding(id, 'warning', `${item.name} redistributable is outdated`, {
          evidence,
          why: 'Older redistributables carry known security fixes less.',
          action: `Install version ${item.current}.`,
          links: [DOCS.prerequisites],
        });
      }
      return finding(id, 'ok', `${item.name} redistributable is current`, { evidence, why: 'Required by Exchange.', action: 'Nothing to do.', links: [DOCS.prerequisites] });
    });
  },

  function rebootPending(ctx) {
    const r = ctx.facts?.reboot;
    if (r === undefined) return [];
    if (r === null) {
      return [
        finding('os.reboot-pending', 'warning', 'Whether a reboot is pending could not be read', {
          evidence: [ev('Pending reboot', null)],
          why: 'Exchange setup refuses to run while a reboot is pending.',
          action: 'Reboot the server before the update to be safe.',
          links: [DOCS.rebootPending],
        }),
      ];
    }
    if (!r.pending)
      return [
        finding('os.reboot-pending', 'ok', 'No reboot pending', {
          evidence: [ev('Pending reboot', 'no')],
          why: 'Exchange setup refuses to run while a reboot is pending.',
          action: 'Nothing to do.',
          links: [DOCS.rebootPending],
        }),
      ];
    return [
      finding('os.reboot-pending', 'warning', 'A reboot is pending', {
        evidence: [ev('Reported by', r.sources.join(', '))],
        why: 'Exchange setup stops when Windows is waiting for a reboot, and updates installed before the reboot are not complete.',
        action: 'Reboot the server (in a maintenance window) before installing the Exchange update.',
        links: [DOCS.rebootPending],
      }),
    ];
  },

  function httpProxy(ctx) {
    const f = ctx.facts;
    if (!f?.httpProxy || isEdge(ctx)) return [];
    const winHttp = f.httpProxy.winHttpProxy;
    const wow = f.httpProxy.winHttpProxyWow6432;
    const exchange = f.eems.internetWebProxy;
    const evidence = [
      ev('WinHTTP proxy (netsh winhttp)', winHttp ?? 'none (direct)'),
      ...(wow === undefined ? [] : [ev('WinHTTP proxy, 32-bit view (WOW6432Node)', wow ?? 'none (direct)')]),
      ev('Exchange InternetWebProxy', exchange ?? 'none'),
    ];
    const normalise = (v: string) =>
      v
        .replace(/^https?:\/\//i, '')
        .replace(/\/$/, '')
        .toLowerCase();
    if (winHttp && exchange && normalise(winHttp) !== normalise(exchange)) {
      return [
        finding('os.http-proxy', 'critical', 'The Windows proxy and the Exchange proxy differ', {
          evidence,
          why: 'EEMS and other Exchange services use both settings; when they differ, some outbound calls fail.',
          action: 'Set both to the same proxy: netsh winhttp set proxy <proxy:port> and Set-ExchangeServer -InternetWebProxy http://<proxy:port>.',
          links: [DOCS.eemsConnectivity],
        }),
      ];
    }
    if (wow !== undefined && normalise(wow ?? '') !== normalise(winHttp ?? '')) {
      return [
        finding('os.http-proxy', 'warning', 'The 64-bit and 32-bit WinHTTP proxy settings differ', {
          evidence,
          why: '32-bit and 64-bit programs on the server then take different ways out; Health Checker reads both views for this reason.',
          action: 'Set the proxy again with netsh winhttp set proxy <proxy:port> (64-bit) and %windir%\\SysWOW64\\netsh winhttp set proxy <proxy:port> (32-bit), or reset both.',
          links: [DOCS.eemsConnectivity],
        }),
      ];
    }
    if (!winHttp && !exchange) return [];
    if (winHttp && !exchange) {
      return [
        finding('os.http-proxy', 'warning', 'A Windows proxy is set but Exchange has none', {
          evidence,
          why: 'Exchange services that use InternetWebProxy (EEMS among them) will try to connect directly.',
          action: 'Set-ExchangeServer -InternetWebProxy http://<proxy:port> to match the WinHTTP proxy.',
          links: [DOCS.eemsConnectivity],
        }),
      ];
    }
    if (exchange && !winHttp) {
      return [
        finding('os.http-proxy', 'warning', 'Exchange has a proxy but Windows (WinHTTP) has none', {
          evidence,
          why: 'EEMS needs the proxy in both places; with WinHTTP set to direct, certificate revocation checks and some calls bypass the proxy and fail.',
          action: 'netsh winhttp set proxy <proxy:port> to match InternetWebProxy.',
          links: [DOCS.eemsConnectivity],
        }),
      ];
    }
    return [];
  },

  function tcpKeepAlive(ctx) {
    const tcpIp = ctx.facts?.tcpIp;
    if (tcpIp === undefined) return [];
    const why =
      'Firewalls and load balancers drop idle connections after their own timeout; when Exchange waits longer (Windows waits 2 hours unless KeepAliveTime is set), Outlook and migration connections break instead of being closed by Exchange.';
    const links = [DOCS.tcpKeepAlive];
    const value = tcpIp?.keepAliveTimeMs ?? null;
    const evidence = [
      ev(`KeepAliveTime (${KEEPALIVE_KEY})`, tcpIp === null ? 'could not be read' : value === null ? `not set (Windows uses ${KEEPALIVE_WINDOWS_DEFAULT_MS} ms, 2 hours)` : `${value} ms`),
    ];
    if (tcpIp === null) {
      return [
        finding('os.tcp-keepalive', 'warning', 'The TCP KeepAliveTime could not be read', {
          evidence,
          why,
          action: `On the server: Get-ItemProperty '${KEEPALIVE_KEY.replace('HKLM', 'HKLM:')}' -Name KeepAliveTime.`,
          links,
        }),
      ];
    }
    if (value !== null && value >= KEEPALIVE_MIN_MS && value <= KEEPALIVE_MAX_MS) {
      return [finding('os.tcp-keepalive', 'ok', `TCP KeepAliveTime is ${value / 60_000} minutes`, { evidence, why, action: 'Nothing to do.', links })];
    }
    const title =
      value === null || value === 0 ? 'TCP KeepAliveTime is not set: Windows keeps idle connections for 2 hours' : `TCP KeepAliveTime is ${value} ms, outside the recommended 15 to 30 minutes`;
    return [
      finding('os.tcp-keepalive', 'warning', title, {
        evidence,
        why: `${why} Health Checker reports a missing value as an error and one outside 900000-1800000 ms as a warning.`,
        action: `Set the DWORD KeepAliveTime under ${KEEPALIVE_KEY} to a value between ${KEEPALIVE_MIN_MS} and ${KEEPALIVE_MAX_MS} (15 to 30 minutes), lower than the idle timeout of the firewalls and load balancers in front of Exchange, then reboot.`,
        links,
      }),
    ];
  },
];
