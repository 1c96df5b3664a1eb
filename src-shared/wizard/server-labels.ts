import { daysBetween } from '../domain/dates';
import type { ServerScanResult } from '../assessment/scan-report';

/** "Exchange 2019 CU11 Mar23SU", or what is known of it. */
export function buildLabel(server: Pick<ServerScanResult, 'product' | 'cu' | 'update' | 'build'>): string {
  if (!server.product) return server.build ? `Unknown product (build ${server.build})` : 'Build unknown';
  return [server.product, server.cu, server.update].filter(Boolean).join(' ');
}

/** Days since the server's build was released, as of `today` (YYYY-MM-DD); null when unknown. */
export function buildAgeDays(server: Pick<ServerScanResult, 'classification'>, today: string = new Date().toISOString().slice(0, 10)): number | null {
  const released = server.classification?.releaseDate;
  return released ? daysBetween(released, today) : null;
}

/** Whether a name recorded elsewhere (staging, progress) refers to this server, by short name or FQDN. */
export function matchesServer(recorded: string | null | undefined, server: Pick<ServerScanResult, 'name' | 'fqdn'>): boolean {
  if (!recorded) return false;
  const r = recorded.toLowerCase();
  return r === server.name.toLowerCase() || (server.fqdn !== null && r === server.fqdn.toLowerCase());
}
