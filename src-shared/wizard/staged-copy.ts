import { isServer } from '../domain/server-identity';
import type { DownloadResult, StageResult } from '../domain/transfer';

/**
 * "Is this file staged on this server?", answered once: the copy the Stage step recorded for
 * this server (by short name or FQDN) with the same bytes as the download (SHA-256, not the
 * file name: a different file under the same name is not this file). Null when there is none.
 * The Stage matrix, the Upgrade step's runbook and the report's action items all ask here.
 */
export function stagedCopyOf(staging: readonly StageResult[], server: { name: string; fqdn?: string | null }, download: DownloadResult | null): StageResult | null {
  if (!download) return null;
  const sha256 = download.manifest.sha256.toLowerCase();
  return staging.find(s => isServer(s.server, server) && s.sha256.toLowerCase() === sha256) ?? null;
}
