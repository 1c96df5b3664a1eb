import { execFile } from 'node:child_process';
import { Agent, EnvHttpProxyAgent, ProxyAgent, type Dispatcher } from 'undici';
import { AppError } from '../../../src-shared/domain/errors';
import { isLoopbackHostname } from './allowed-hosts';
import { systemProgram } from '../system-programs';

/**
 * How downloads reach the internet.
 *
 * - `system` (default): the HTTPS_PROXY / HTTP_PROXY / NO_PROXY environment
 *   variables when set; otherwise, on Windows, the manual proxy of the
 *   signed-in user's Internet Options (WinINET: ProxyEnable, ProxyServer,
 *   ProxyOverride under HKCU\...\Internet Settings), which is what browsers on
 *   the jump box use. A proxy auto-config script (PAC/WPAD, "Use automatic
 *   configuration script") is NOT evaluated, and the machine-wide WinHTTP proxy
 *   (netsh winhttp) is not read: with those, give the proxy explicitly.
 * - `explicit`: this proxy for every download (http://host:port, optionally
 *   with user:password@).
 * - `direct`: no proxy.
 *
 * Loopback hosts (the demo server, tests) are always reached directly.
 */
export type ProxySetting = { mode: 'system' } | { mode: 'explicit'; url: string } | { mode: 'direct' };

export interface ProxyRoute {
  /** The dispatcher for one URL. */
  dispatcherFor(url: URL): Dispatcher;
  /** In words, for progress messages and reports: "direct", "proxy.contoso.local:8080 (Windows Internet Options)". */
  description: string;
  close(): Promise<void>;
}

/** Values of the WinINET proxy settings that matter here. */
export interface WindowsProxySettings {
  proxyEnable: boolean;
  proxyServer: string | null;
  proxyOverride: string | null;
  autoConfigUrl: string | null;
}

const INTERNET_SETTINGS_KEY = 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Internet Settings';

/** Reads the signed-in user's WinINET proxy settings with reg.exe (no shell). */
export function readWindowsProxySettings(): Promise<WindowsProxySettings | null> {
  return new Promise(resolve => {
    execFile(systemProgram('reg.exe'), ['query', INTERNET_SETTINGS_KEY], { windowsHide: true, timeout: 10_000 }, (err, stdout) => {
      resolve(err ? null : parseRegQueryOutput(stdout));
    });
  });
}

/** Parses `reg query` output ("    ProxyEnable    REG_DWORD    0x1"). */
export function parseRegQueryOutput(output: string): WindowsProxySettings {
  const values = new Map<string, string>();
  for (const line of output.split(/\r?\n/)) {
    const match = /^\s+(\S+)\s+(REG_[A-Z_]+)\s+(.*?)\s*$/.exec(line);
    if (match) values.set(match[1]!.toLowerCase(), match[3]!);
  }
  const text = (name: string) => {
    const value = values.get(name.toLowerCase());
    return value === undefined || value === '' ? null : value;
  };
  const enable = text('ProxyEnable');
  return {
    proxyEnable: enable !== null && Number(enable) === 1,
    proxyServer: text('ProxyServer'),
    proxyOverride: text('ProxyOverride'),
    autoConfigUrl: text('AutoConfigURL'),
  };
}

/**
 * Turns WinINET's ProxyServer ("host:port" for every protocol, or
 * "http=h1:p1;https=h2:p2;...") and ProxyOverride ("<local>;*.contoso.com")
 * into proxy URLs and a NO_PROXY-style list. Override entries undici cannot
 * express (wildcards inside a name, such as "10.*") are left out.
 */
export function windowsProxyToEnv(settings: WindowsProxySettings): { httpProxy: string | null; httpsProxy: string | null; noProxy: string } | null {
  if (!settings.proxyEnable || !settings.proxyServer) return null;
  const withScheme = (value: string) => (/^[a-z]+:\/\//i.test(value) ? value : `http://${value}`);
  let httpProxy: string | null = null;
  let httpsProxy: string | null = null;
  if (!settings.proxyServer.includes('=')) {
    httpProxy = httpsProxy = withScheme(settings.proxyServer.trim());
  } else {
    for (const part of settings.proxyServer.split(';')) {
      const [scheme, value] = part.split('=').map(s => s.trim());
      if (!value) continue;
      if (scheme?.toLowerCase() === 'http') httpProxy = withScheme(value);
      if (scheme?.toLowerCase() === 'https') httpsProxy = withScheme(value);
    }
  }
  const noProxy = (settings.proxyOverride ?? '')
    .split(';')
    .map(s => s.trim())
    .filter(s => s !== '' && s !== '<local>')
    .map(s => s.replace(/^\*\./, '.'))
    .filter(s => !s.includes('*'));
  return { httpProxy, httpsProxy, noProxy: noProxy.join(',') };
}

export interface ProxyRouteOptions {
  /** Extra trusted CA certificates (PEM) for the download servers; NODE_EXTRA_CA_CERTS does the same process-wide. */
  ca?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  readWindowsSettings?: () => Promise<WindowsProxySettings | null>;
}

/** Builds the dispatchers for a proxy setting. */
export async function createProxyRoute(setting: ProxySetting, options: ProxyRouteOptions = {}): Promise<ProxyRoute> {
  const tls = options.ca === undefined ? {} : { connect: { ca: options.ca }, requestTls: { ca: options.ca } };
  const direct = new Agent(options.ca === undefined ? {} : { connect: { ca: options.ca } });
  const route = (proxied: Dispatcher | null, description: string): ProxyRoute => ({
    description,
    dispatcherFor: url => (proxied && !isLoopbackHostname(url.hostname) ? proxied : direct),
    close: async () => {
      await Promise.all([direct.close(), proxied?.close()]);
    },
  });

  if (setting.mode === 'direct') return route(null, 'direct (no proxy)');
  if (setting.mode === 'explicit') {
    let parsed: URL;
    try {
      parsed = new URL(setting.url);
    } catch {
      throw new AppError('invalid-input', `"${setting.url}" is not a proxy address.`, { fix: 'Give it as http://host:port.' });
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new AppError('invalid-input', `Proxies are reached over http:// or https://, not ${parsed.protocol}.`);
    }
    return route(new ProxyAgent({ ...tls, uri: parsed.toString() }), `proxy ${parsed.host} (given explicitly)`);
  }

  const env = options.env ?? process.env;
  const httpsProxy = env.https_proxy ?? env.HTTPS_PROXY;
  const httpProxy = env.http_proxy ?? env.HTTP_PROXY;
  if (httpsProxy || httpProxy) {
    const agent = new EnvHttpProxyAgent({
      ...tls,
      ...(httpsProxy ? { httpsProxy } : {}),
      ...(httpProxy ? { httpProxy } : {}),
      noProxy: env.no_proxy ?? env.NO_PROXY ?? '',
    });
    return route(agent, `proxy ${hostOf(httpsProxy ?? httpProxy ?? '')} (from the HTTPS_PROXY/HTTP_PROXY environment variables)`);
  }

  if ((options.platform ?? process.platform) === 'win32') {
    const settings = await (options.readWindowsSettings ?? readWindowsProxySettings)();
    const fromWindows = settings ? windowsProxyToEnv(settings) : null;
    if (fromWindows && (fromWindows.httpsProxy || fromWindows.httpProxy)) {
      const agent = new EnvHttpProxyAgent({
        ...tls,
        httpProxy: fromWindows.httpProxy ?? undefined,
        httpsProxy: fromWindows.httpsProxy ?? undefined,
        noProxy: fromWindows.noProxy,
      });
      return route(agent, `proxy ${hostOf(fromWindows.httpsProxy ?? fromWindows.httpProxy ?? '')} (from Windows Internet Options)`);
    }
    if (settings?.autoConfigUrl) {
      return route(null, 'direct (Windows uses a proxy auto-configuration script, which the wizard does not evaluate; give the proxy explicitly if the download cannot connect)');
    }
  }
  return route(null, 'direct (no proxy configured)');
}

function hostOf(proxyUrl: string): string {
  try {
    return new URL(proxyUrl).host;
  } catch {
    return proxyUrl;
  }
}
