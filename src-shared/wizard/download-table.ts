import type { ScanReport } from '../assessment/scan-report';
import { formatBytes, hashClaim, verificationSummary, type DownloadResult } from '../domain/transfer';
import type { UpdatePackage } from '../knowledge/types';
import { stagingPlan } from './staging-plan';
import { percentSuffix, plural } from './words';

/** What a file's row says about it, worst to best for the admin's next move. */
export type DownloadStatus = 'running' | 'failed' | 'not-in-catalog' | 'needs-address' | 'esu-channel' | 'ready' | 'unverified' | 'verified';

/** A download the renderer is running or saw fail, for the row's status. */
export type DownloadActivity = { state: 'running'; completed: number; total: number | null } | { state: 'failed'; message: string };

/** One file of the Download table. */
export interface DownloadRow {
  updateId: string;
  fileName: string;
  /** What the file is, as people say it ("Exchange SE RTM Nov26SU"). */
  title: string;
  /** "4.2 MB" (the downloaded file), the catalog's published size, or "Not published". */
  sizeLabel: string;
  /** Servers that install it, then "new server of the Exchange 2016 migration". */
  neededBy: string[];
  status: DownloadStatus;
  /** The status in words, next to its icon. */
  statusText: string;
  /** Whether the wizard can fetch it without the admin's help (the demo server, or a direct link). */
  direct: boolean;
  /** The verified copy, when there is one. */
  download: DownloadResult | null;
}

/** The Download step's answer and table. */
export interface DownloadTable {
  rows: DownloadRow[];
  /** Files "Download all" fetches: not yet downloaded, with a direct source, in table order. */
  pending: string[];
  /** "Download all (≈ 6.2 GB)" when every size is known, else "Download all 3 files"; null when nothing is left for it. */
  downloadAllLabel: string | null;
  /** One sentence: how many files, how many are ready, what is left to do. */
  summary: string;
  /** Every file the plan needs has a downloaded copy. */
  allDone: boolean;
}

export interface DownloadTableInput {
  scan: Pick<ScanReport, 'servers' | 'plan'>;
  packages: readonly UpdatePackage[];
  /** Ids the plan names that the catalog does not know. */
  missing: readonly string[];
  downloads: readonly DownloadResult[];
  /** Demo organisation: every file comes from the local demo server. */
  demo: boolean;
  hasEsu: boolean;
  activity?: Readonly<Record<string, DownloadActivity>>;
}

/** A package as people say it: "Exchange 2019 CU15", "Exchange SE RTM Nov26SU". */
export function packageLabel(pkg: Pick<UpdatePackage, 'product' | 'cu' | 'update'>): string {
  return [pkg.product, pkg.cu, pkg.update].filter(Boolean).join(' ');
}

/** Package ids the plans install or the migrations' new servers need, in plan order, without repeats. */
export function plannedPackageIds(scan: Pick<ScanReport, 'servers' | 'plan'>): string[] {
  const ids: string[] = [];
  const add = (id: string | null) => {
    if (id && !ids.includes(id)) ids.push(id);
  };
  for (const server of scan.servers) for (const step of server.plan?.steps ?? []) add(step.updateId);
  for (const project of scan.plan?.migrations ?? []) for (const step of [...project.route.newServerSteps, ...project.route.afterRemovalSteps]) add(step.updateId);
  return ids;
}

function neededBy(scan: DownloadTableInput['scan']): Map<string, string[]> {
  const plans = scan.servers.flatMap(s => (s.plan ? [s.plan] : []));
  const projects = new Map((scan.plan?.migrations ?? []).map(p => [p.id, p]));
  const result = new Map<string, string[]>();
  for (const target of stagingPlan(plans, scan.plan)) {
    const names = [...target.servers];
    for (const id of target.newServerOf) {
      const project = projects.get(id);
      names.push(project ? `new ${project.toProduct} server (replaces ${project.fromProduct})` : `the new server of ${id}`);
    }
    result.set(target.updateId, names);
  }
  return result;
}

function statusOf(pkg: UpdatePackage, input: DownloadTableInput, download: DownloadResult | null): { status: DownloadStatus; text: string } {
  const activity = input.activity?.[pkg.id];
  if (activity?.state === 'running') {
    return { status: 'running', text: `Downloading…${percentSuffix(activity)}` };
  }
  if (activity?.state === 'failed') return { status: 'failed', text: `Failed: ${activity.message}` };
  if (download) {
    const { level } = verificationSummary(download.manifest);
    if (level === 'none') return { status: 'unverified', text: 'Downloaded, not verified' };
    const claim = hashClaim(download.manifest.expectedSha256);
    return { status: 'verified', text: level === 'signature' ? `Verified by its Microsoft signature (${claim})` : `Verified: ${claim}${level === 'hash-and-signature' ? ', signature valid' : ''}` };
  }
  if (input.demo || pkg.url !== null) return { status: 'ready', text: 'Not downloaded yet' };
  if (pkg.esuOnly) return { status: 'esu-channel', text: input.hasEsu ? 'From your ESU channel: import it' : 'ESU customers only' };
  return { status: 'needs-address', text: 'Needs its download address' };
}

/**
 * The Download step as a table: one row per file the plan needs (file, size, the servers that
 * need it, status in words), and what "Download all" would fetch. Sizes are only the downloaded
 * file's or the catalog's published one: nothing is estimated.
 */
export function downloadTable(input: DownloadTableInput): DownloadTable {
  const needs = neededBy(input.scan);
  const rows: DownloadRow[] = input.packages.map(pkg => {
    const download = input.downloads.find(d => d.manifest.updateId === pkg.id) ?? null;
    const { status, text } = statusOf(pkg, input, download);
    const size = download?.manifest.sizeBytes ?? (input.demo ? null : pkg.sizeBytes);
    return {
      updateId: pkg.id,
      fileName: download?.manifest.fileName ?? pkg.fileName,
      title: pkg.title ?? [pkg.product, pkg.cu, pkg.update ?? '(cumulative update)'].join(' '),
      sizeLabel: size === null ? (input.demo ? 'Demo file' : 'Not published') : formatBytes(size),
      neededBy: needs.get(pkg.id) ?? [],
      status,
      statusText: text,
      direct: input.demo || pkg.url !== null,
      download,
    };
  });
  for (const id of input.missing) {
    rows.push({
      updateId: id,
      fileName: id,
      title: 'Not in the update catalog',
      sizeLabel: 'Not published',
      neededBy: needs.get(id) ?? [],
      status: 'not-in-catalog',
      statusText: 'Not in the catalog: import a newer catalog',
      direct: false,
      download: null,
    });
  }
  const pending = rows.filter(r => r.direct && r.download === null && r.status !== 'running').map(r => r.updateId);
  const sizes = pending.map(id => input.packages.find(p => p.id === id)?.sizeBytes ?? null);
  const known = !input.demo && sizes.every((s): s is number => s !== null);
  const downloadAllLabel = pending.length === 0 ? null : known ? `Download all (≈ ${formatBytes(sizes.reduce((a, b) => a + b, 0))})` : `Download all ${plural(pending.length, 'file', 'files')}`;
  const have = rows.filter(r => r.download !== null).length;
  const byHand = rows.filter(r => r.download === null && !r.direct).length;
  const allDone = rows.length > 0 && have === rows.length;
  const summary =
    rows.length === 0
      ? 'No file to download: no server needs an installation.'
      : allDone
        ? `All ${plural(rows.length, 'file', 'files')} the plan needs ${rows.length === 1 ? 'is' : 'are'} here.`
        : [
            `The plan needs ${plural(rows.length, 'file', 'files')}; ${have} ${have === 1 ? 'is' : 'are'} here.`,
            pending.length > 0 ? `${plural(pending.length, 'file', 'files')} can be downloaded at once.` : '',
            byHand > 0 ? `${plural(byHand, 'file needs', 'files need')} you: give the download address from Microsoft's page, or import a copy you already have.` : '',
          ]
            .filter(Boolean)
            .join(' ');
  return { rows, pending, downloadAllLabel, summary, allDone };
}
