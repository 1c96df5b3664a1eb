import type { ScanReport, ServerScanResult } from '../assessment/scan-report';
import { formatBytes, hashClaim, type DownloadResult, type StageResult } from '../domain/transfer';
import type { UpdatePackage } from '../knowledge/types';
import { packageLabel } from './download-table';
import { stagedCopyOf } from './staged-copy';
import { filesForServer, stagingPlan } from './staging-plan';
import { percentSuffix, plural } from './words';

/** One cell of the server × file matrix. */
export type StageCellStatus = 'not-needed' | 'not-downloaded' | 'to-copy' | 'copying' | 'failed' | 'copied';

/** A copy the renderer is running or saw fail, by cell key (`stageCellKey`). */
export type StageActivity = { state: 'running'; completed: number; total: number | null } | { state: 'failed'; message: string };

export interface StageCell {
  updateId: string;
  status: StageCellStatus;
  /** The status in a word or two, shown in the cell next to its icon. */
  short: string;
  /** The status in a sentence, for the server's details. */
  text: string;
  /** The downloaded file to copy (null until it is downloaded). */
  file: DownloadResult | null;
  staged: StageResult | null;
}

export interface StageRow {
  server: string;
  /** The name the copy goes to (the FQDN when discovery knew it). */
  target: string;
  cells: StageCell[];
  /** Cells of this server that a copy would do now (to copy, or failed before). */
  toCopy: number;
}

/** A column: one file that goes onto at least one scanned server. */
export interface StageColumn {
  updateId: string;
  /** "Exchange 2019 CU15" when the catalog entry is known, else the file's name. */
  label: string;
  fileName: string;
}

export interface StageMatrix {
  columns: StageColumn[];
  rows: StageRow[];
  /** Every copy "Copy all" makes, in plan order (server by server). */
  copyAll: Array<{ server: string; target: string; updateId: string; file: string }>;
  /** Files a migration's new server needs: they stay on this computer. */
  keptHere: string[];
  /**
   * Every file a migration's new server needs (also those the in-place servers get), by its
   * column label or id, and the servers that new server replaces: its copies wait until it exists.
   */
  newServer: { files: string[]; replaces: string[] } | null;
  summary: string;
  allDone: boolean;
}

export interface StageMatrixInput {
  scan: Pick<ScanReport, 'servers' | 'plan'>;
  downloads: readonly DownloadResult[];
  staging: readonly StageResult[];
  /** The catalog entries of the files, for the columns' names. */
  packages?: readonly UpdatePackage[];
  activity?: Readonly<Record<string, StageActivity>>;
}

/** The key of one cell, for the renderer's activity map. */
export function stageCellKey(server: string, updateId: string): string {
  return `${server}|${updateId}`;
}

function cellFor(server: ServerScanResult, updateId: string, input: StageMatrixInput): StageCell {
  const file = input.downloads.find(d => d.manifest.updateId === updateId) ?? null;
  const base = { updateId, file, staged: stagedCopyOf(input.staging, server, file) };
  if (!filesForServer(input.scan, server.name).includes(updateId)) return { ...base, status: 'not-needed', short: 'Not needed', text: `${server.name} does not install this file` };
  const activity = input.activity?.[stageCellKey(server.name, updateId)];
  if (activity?.state === 'running') {
    return { ...base, status: 'copying', short: `Copying…${percentSuffix(activity)}`, text: `Copying…${percentSuffix(activity)}` };
  }
  if (activity?.state === 'failed') return { ...base, status: 'failed', short: 'Copy failed', text: `Copy failed: ${activity.message}` };
  if (base.staged) {
    // "Checked there" only when the server hashed its own copy; a read-back compared the copy with a manifest that may be hand-written.
    const claim = hashClaim(file?.manifest.expectedSha256 ?? null);
    const text = base.staged.checkedBy === 'server' ? `On the server, checked again there: ${claim}` : `Copied and read back here (not hashed on the server itself): ${claim}`;
    return { ...base, status: 'copied', short: 'Copied, checked', text };
  }
  if (!file) return { ...base, status: 'not-downloaded', short: 'Download first', text: 'Not downloaded yet (Download step)' };
  return { ...base, status: 'to-copy', short: 'Not copied', text: 'Not copied yet' };
}

/** A copy that may not fit: the server, and what to say before the admin copies. */
export interface DiskWarning {
  server: string;
  text: string;
}

/**
 * Servers whose staging drive (C:, where the copies go through the C$ share) the scan found too
 * full: the copies still to make are larger than its free space, or the plan already holds the
 * update for lack of space. Said before copying; a drive the scan did not read gives no warning.
 */
export function stageDiskWarnings(matrix: Pick<StageMatrix, 'rows'>, scan: Pick<ScanReport, 'servers'>): DiskWarning[] {
  const out: DiskWarning[] = [];
  for (const row of matrix.rows) {
    const server = scan.servers.find(s => s.name === row.server);
    const disk = server?.facts?.disks.find(d => d.drive.toUpperCase().startsWith('C')) ?? null;
    const toCopy = row.cells.filter(c => c.status === 'to-copy').reduce((sum, c) => sum + (c.file?.manifest.sizeBytes ?? 0), 0);
    const held = (server?.plan?.steps ?? []).some(st => st.prerequisites.some(p => p.id === 'disk-space' && p.met === false));
    if (!disk || (toCopy <= disk.freeBytes && !held)) continue;
    const need = toCopy > 0 ? `the copies need ${formatBytes(toCopy)}` : 'no copy is left to make';
    out.push({
      server: row.server,
      text: `${row.server}: C: has ${formatBytes(disk.freeBytes)} free and ${need}${held ? ', and Exchange Setup needs more besides (the plan holds this update until there is room)' : ''}. Free space on C: before copying, or copy the files to a folder you choose on another drive.`,
    });
  }
  return out;
}

/**
 * The Stage step as one matrix: the servers that install a file (plan order) against the files
 * they install, each cell a status; plus the list of copies "Copy all" makes. A file only for a
 * migration's new server is not a column: it stays on this computer (see `stagingPlan`).
 */
export function stageMatrix(input: StageMatrixInput): StageMatrix {
  const { scan } = input;
  const plans = scan.servers.flatMap(s => (s.plan ? [s.plan] : []));
  const targets = stagingPlan(plans, scan.plan);
  const columns: StageColumn[] = targets
    .filter(t => t.servers.length > 0)
    .map(t => {
      const fileName = input.downloads.find(d => d.manifest.updateId === t.updateId)?.manifest.fileName ?? t.updateId;
      const pkg = input.packages?.find(p => p.id === t.updateId);
      return { updateId: t.updateId, label: pkg ? packageLabel(pkg) : fileName, fileName };
    });
  const keptHere = targets.filter(t => t.servers.length === 0 && t.newServerOf.length > 0).map(t => t.updateId);
  const forNewServer = targets.filter(t => t.newServerOf.length > 0);
  const newServer =
    forNewServer.length > 0
      ? {
          files: forNewServer.map(t => columns.find(c => c.updateId === t.updateId)?.label ?? t.updateId),
          replaces: (scan.plan?.migrations ?? []).filter(m => forNewServer.some(t => t.newServerOf.includes(m.id))).flatMap(m => [...m.oldServers, ...m.oldEdgeServers]),
        }
      : null;
  const order = scan.plan?.order ?? scan.servers.map(s => s.name);
  const servers = order.map(name => scan.servers.find(s => s.name === name)).filter((s): s is ServerScanResult => s !== undefined && filesForServer(scan, s.name).length > 0);
  const copyAll: StageMatrix['copyAll'] = [];
  const rows: StageRow[] = servers.map(server => {
    const target = server.fqdn ?? server.name;
    const cells = columns.map(c => cellFor(server, c.updateId, input));
    const open = cells.filter(c => (c.status === 'to-copy' || c.status === 'failed') && c.file !== null);
    for (const cell of open) copyAll.push({ server: server.name, target, updateId: cell.updateId, file: (cell.file as DownloadResult).path });
    return { server: server.name, target, cells, toCopy: open.length };
  });
  const needed = rows.flatMap(r => r.cells.filter(c => c.status !== 'not-needed'));
  const copied = needed.filter(c => c.status === 'copied').length;
  const notDownloaded = needed.filter(c => c.status === 'not-downloaded').length;
  const allDone = needed.length > 0 && copied === needed.length;
  const summary =
    needed.length === 0
      ? 'No server needs a file.'
      : allDone
        ? `All ${plural(needed.length, 'copy is', 'copies are')} on their servers and checked again there.`
        : [
            `${copied} of ${plural(needed.length, 'copy', 'copies')} done on ${plural(rows.length, 'server', 'servers')}.`,
            notDownloaded > 0 ? `${plural(notDownloaded, 'copy waits', 'copies wait')} for a file that is not downloaded yet.` : '',
          ]
            .filter(Boolean)
            .join(' ');
  return { columns, rows, copyAll, keptHere, newServer, summary, allDone };
}

/**
 * Why a destination typed for a copy cannot be used, in words for the field; null when it can be
 * tried. The engine still decides (it accepts only folders chosen with Browse or inside the
 * wizard's data folder); this catches what is wrong whatever the engine would say.
 */
export function destinationProblem(text: string): string | null {
  const value = text.trim();
  if (value === '') return 'Give a folder, or choose one with Browse.';
  if (/^[\\/]{2}/.test(value)) {
    return 'A network path (\\\\server\\share) cannot be given here. To copy to a server, use "Copy" for that server: the wizard reaches its C$ share itself.';
  }
  if ([...value].some(ch => ch.charCodeAt(0) < 0x20)) return 'The path contains a control character; type it again or choose the folder with Browse.';
  const windows = /^[A-Za-z]:[\\/]/.test(value);
  if (!windows && !value.startsWith('/')) return 'Give the full path, starting at a drive (C:\\…) or at /.';
  if (windows && /[<>"|?*]/.test(value.slice(2))) return 'A Windows folder name cannot contain < > " | ? or *.';
  return null;
}
