import type { ServerScanResult } from '../assessment/scan-report';
import { isServer } from '../domain/server-identity';
import { classifyBuild } from '../knowledge/classifier';

/** "Exchange 2019 CU11 Mar23SU", or what is known of it. */
export function buildLabel(server: Pick<ServerScanResult, 'product' | 'cu' | 'update' | 'build'>): string {
  if (!server.product) return server.build ? `Unknown product (build ${server.build})` : 'Build unknown';
  return [server.product, server.cu, server.update].filter(Boolean).join(' ');
}

/** Whether a name recorded elsewhere (staging, progress) refers to this server, by short name or FQDN. */
export function matchesServer(recorded: string | null | undefined, server: Pick<ServerScanResult, 'name' | 'fqdn'>): boolean {
  return isServer(recorded, server);
}

const SHORT_MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * "Nov 2022, 4 years old" for a release date (YYYY-MM-DD or YYYY-MM) as of `today`; null when the
 * date is unknown or unreadable. Ages under a year are said in months, under a month as "this month".
 */
export function releasedLabel(releaseDate: string | null | undefined, today: string = new Date().toISOString().slice(0, 10)): string | null {
  const match = releaseDate ? /^(\d{4})-(\d{2})/.exec(releaseDate) : null;
  const now = /^(\d{4})-(\d{2})-(\d{2})/.exec(today);
  if (!match || !now) return null;
  const month = SHORT_MONTHS[Number(match[2]) - 1];
  if (!month) return null;
  const day = releaseDate && /^\d{4}-\d{2}-(\d{2})/.exec(releaseDate)?.[1];
  let months = (Number(now[1]) - Number(match[1])) * 12 + (Number(now[2]) - Number(match[2]));
  if (day && Number(now[3]) < Number(day)) months -= 1;
  const age = months < 1 ? 'this month' : months < 12 ? `${months} month${months === 1 ? '' : 's'} old` : `${Math.floor(months / 12)} year${months < 24 ? '' : 's'} old`;
  return `${month} ${match[1]}, ${age}`;
}

/**
 * "Exchange 2019 CU12" for the version text discovery found (AD serialNumber, AdminDisplayVersion,
 * X-OWA-Version): the same names as the scan uses. AdminDisplayVersion never shows the security
 * update, so only an exact build adds it. The text as found when the catalog does not know it.
 */
export function discoveredVersionLabel(versionHint: string | null): string | null {
  if (!versionHint) return null;
  try {
    const c = classifyBuild(versionHint);
    const exact = c.buildPrecision !== 'cu';
    return [c.product, c.cu, exact ? c.update : null].filter(Boolean).join(' ');
  } catch {
    return versionHint;
  }
}
