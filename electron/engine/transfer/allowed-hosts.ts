import { isIP } from 'node:net';
import { AppError } from '../../../src-shared/domain/errors';

/**
 * Hosts Microsoft serves Exchange update files from. Downloads go to these
 * hosts over HTTPS only (default port), including every redirect hop.
 *
 * - download.microsoft.com: the Download Center (CU ISOs, SU/HU .exe files).
 * - catalog.sf.dl.delivery.mp.microsoft.com: the Microsoft Update Catalog's
 *   current download links (/filestreamingservice/files/...).
 * - catalog.s.download.windowsupdate.com, download.windowsupdate.com: the
 *   Update Catalog's older links (/c/msdownload/update/software/...), still
 *   handed out for many packages.
 *
 * Anything else must be allowed explicitly (an internal mirror, the demo
 * server); plain HTTP only ever for an explicitly allowed loopback host.
 */
export const MICROSOFT_DOWNLOAD_HOSTS: readonly string[] = ['download.microsoft.com', 'catalog.sf.dl.delivery.mp.microsoft.com', 'catalog.s.download.windowsupdate.com', 'download.windowsupdate.com'];

/** An extra host the admin (or the demo mode) allowed: any port when `port` is null. */
export interface AllowedHost {
  hostname: string;
  port: number | null;
}

/** Parses "host", "host:port" or "[v6]:port" as given to --allow-host. */
export function parseAllowedHost(text: string): AllowedHost {
  const trimmed = text.trim().toLowerCase();
  const match = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(trimmed);
  const port = match?.[2] === undefined ? null : Number(match[2]);
  if (!match || (port !== null && (port < 1 || port > 65535))) {
    throw new AppError('invalid-input', `"${text}" is not a host name (host or host:port).`, {
      fix: 'Give a host such as mirror.contoso.local or 127.0.0.1:8080, without http:// or a path.',
    });
  }
  return { hostname: match[1]!.replace(/^\[|\]$/g, ''), port };
}

/** True for localhost and loopback addresses (127.0.0.0/8, ::1). */
export function isLoopbackHostname(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '');
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

/**
 * Checks a download URL (the first one, and every redirect target) against the
 * allow-list and returns it parsed. Throws a `host-not-allowed` or
 * `invalid-input` AppError otherwise.
 */
export function checkDownloadUrl(raw: string, extraHosts: readonly AllowedHost[] = []): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new AppError('invalid-input', `"${truncate(raw)}" is not a valid web address.`, {
      fix: 'Give the full https:// address of the file.',
    });
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new AppError('invalid-input', `Only https:// addresses can be downloaded, not ${url.protocol}.`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new AppError('host-not-allowed', 'Download addresses with a user name or password in them are refused.', {
      detail: `${url.protocol}//${url.host}`,
    });
  }
  const hostname = url.hostname.toLowerCase().replace(/^\[|\]$/g, '');
  const port = url.port === '' ? null : Number(url.port);
  const microsoft = MICROSOFT_DOWNLOAD_HOSTS.includes(hostname) && port === null;
  const extra = extraHosts.some(h => h.hostname === hostname && (h.port === null || h.port === effectivePort(url)));
  if (!microsoft && !extra) {
    throw new AppError('host-not-allowed', `${url.host} is not one of Microsoft's download servers, so nothing is downloaded from it.`, {
      fix: `Update files are downloaded only from ${MICROSOFT_DOWNLOAD_HOSTS.join(', ')}. Use a link from the update's KB or Download Center page, or download the file elsewhere and import it.`,
      detail: url.toString(),
    });
  }
  if (url.protocol === 'http:' && !(extra && isLoopbackHostname(hostname))) {
    throw new AppError('host-not-allowed', `Plain http:// is refused for ${url.host}: update files are downloaded over HTTPS only.`, {
      fix: 'Use the https:// address of the file.',
      detail: url.toString(),
    });
  }
  return url;
}

function effectivePort(url: URL): number {
  if (url.port !== '') return Number(url.port);
  return url.protocol === 'https:' ? 443 : 80;
}

function truncate(text: string): string {
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
