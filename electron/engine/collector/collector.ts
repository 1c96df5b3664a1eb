import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { AppError } from '../../../src-shared/domain/errors';
import { ServerName, fqdnProblem } from '../../../src-shared/domain/host-names';
import { writeFileAtomic } from '../atomic-file';
import { powershellScriptsDirectory } from '../paths';
import { hasHiddenCharacters } from '../transfer/file-names';

/*
 * The offline collector: a standalone .ps1 for a server the wizard cannot
 * reach, and the import of the ZIP it writes (a capture folder in the lab
 * layout, scanned like any lab server).
 */

const FUNCTIONS_MARKER = '#@@EXWIZ-FUNCTIONS@@';
const SECTIONS_MARKER = '#@@EXWIZ-SECTIONS@@';
const SYMPTOMS_MARKER = '#@@EXWIZ-SYMPTOMS@@';
export const COLLECTOR_FILE_NAME = 'Exwiz-Collector.ps1';

/**
 * The collector's text: the template with the probe's own helper and
 * server-side functions and its section table (probes/sections.json) inlined,
 * so the one file an admin runs records exactly what the probe reads (the
 * table's registry keys and captures) and tests OCS the same way. The EEMS
 * log lines it keeps are those naming one of `certificateLogSymptoms` (the
 * active catalog's, certificateLogSymptoms in src-shared/knowledge), inlined
 * as a JSON list: a rule in an imported catalog is evidenced like a built-in one.
 */
export async function buildCollectorScript(certificateLogSymptoms: readonly string[]): Promise<string> {
  const directory = powershellScriptsDirectory();
  const [template, common, server, sections] = await Promise.all([
    readFile(path.join(directory, 'collector', 'Collector.template.ps1'), 'utf8'),
    readFile(path.join(directory, 'probes', 'common-functions.ps1'), 'utf8'),
    readFile(path.join(directory, 'probes', 'server-functions.ps1'), 'utf8'),
    readFile(path.join(directory, 'probes', 'sections.json'), 'utf8'),
  ]);
  if (!template.includes(FUNCTIONS_MARKER) || !template.includes(SECTIONS_MARKER) || !template.includes(SYMPTOMS_MARKER)) {
    throw new AppError('internal', 'The collector template is damaged (a marker is missing).', { fix: 'Reinstall the wizard.' });
  }
  // A single-quoted here-string ends at a line starting with '@; JSON never has one, but the table is checked, not trusted.
  if (/^'@/m.test(sections)) throw new AppError('internal', 'The probe section table cannot be inlined into the collector.', { fix: 'Reinstall the wizard.' });
  const inlined = `# ---- inlined from probes/common-functions.ps1\n${common}\n# ---- inlined from probes/server-functions.ps1\n${server}\n`;
  const table = `$ExwizSectionTableText = @'\n${sections.trimEnd()}\n'@\n`;
  // JSON.stringify writes one line (newlines escaped), so no line can start with '@ and end the here-string.
  const symptoms = `$ExwizCertificateLogSymptomsText = @'\n${JSON.stringify(certificateLogSymptoms)}\n'@\n`;
  return template
    .replace(FUNCTIONS_MARKER, () => inlined)
    .replace(SECTIONS_MARKER, () => table)
    .replace(SYMPTOMS_MARKER, () => symptoms);
}

/**
 * Writes the collector into `directory` (created when missing). Windows
 * PowerShell 5.1 reads a .ps1 without BOM in the ANSI code page, so it gets
 * a UTF-8 BOM and Windows line ends.
 */
export async function exportCollector(directory: string, certificateLogSymptoms: readonly string[]): Promise<string> {
  const text = await buildCollectorScript(certificateLogSymptoms);
  const target = path.join(directory, COLLECTOR_FILE_NAME);
  await writeFileAtomic(target, `\uFEFF${text.replace(/\r?\n/g, '\r\n')}`);
  return target;
}

export const CollectorManifest = z.object({
  kind: z.literal('exwiz-collector-capture'),
  version: z.literal(1),
  serverName: ServerName,
  fqdn: z.string().nullable(),
  roles: z.array(z.string()),
  collectedAt: z.string(),
  problems: z.array(z.object({ slot: z.string(), message: z.string() })),
});
export type CollectorManifest = z.infer<typeof CollectorManifest>;

/** A real capture is a few MB and unpacks in well under a second: these bound memory, disk and time whatever a hostile ZIP declares. */
export const CAPTURE_LIMITS = { zipBytes: 64 * 1024 * 1024, extractedBytes: 256 * 1024 * 1024, entries: 2000, unzipMs: 30_000 } as const;

/** The lab.json keys the collector writes; the lab's test switches (simulate, latencyMs, variants…) are not among them. */
const COLLECTOR_LAB_KEYS = ['server', 'registry', 'ocs', 'clusterNodeState'] as const;

/** A ZIP entry name as a safe relative path, or null for one that would escape the folder. */
export function safeEntryPath(name: string): string | null {
  // Windows PowerShell's Compress-Archive writes backslashes.
  const unified = name.replace(/\\/g, '/');
  if (unified.startsWith('/') || /^[A-Za-z]:/.test(unified)) return null;
  const parts = unified.split('/').filter(p => p !== '' && p !== '.');
  if (parts.length === 0 || parts.some(p => p === '..' || p.includes('\0'))) return null;
  return parts.join('/');
}

export interface ExtractedCapture {
  /** The capture folder in the lab layout. */
  directory: string;
  manifest: CollectorManifest;
}

function badCapture(message: string, detail?: string): AppError {
  return new AppError('invalid-input', message, {
    fix: 'Choose the .zip file the offline collector wrote on the server (ExwizCapture-<server>-<time>.zip), unchanged.',
    ...(detail ? { detail } : {}),
  });
}

/**
 * Reads a collector ZIP and writes its capture folder under `destinationRoot/<server>/`.
 * `accept` sees the manifest before anything is written and throws to refuse the capture.
 */
export async function extractCapture(zipPath: string, destinationRoot: string, accept?: (manifest: CollectorManifest) => void): Promise<ExtractedCapture> {
  const info = await stat(zipPath).catch(() => null);
  if (!info?.isFile()) throw new AppError('not-found', `There is no file at ${zipPath}.`, { fix: "Choose the collector's .zip file." });
  if (info.size > CAPTURE_LIMITS.zipBytes) throw badCapture(`${path.basename(zipPath)} is larger than a collector capture can be (${Math.round(info.size / 1048576)} MB).`);
  const entries = await unzipWithinLimits(new Uint8Array(await readFile(zipPath)), path.basename(zipPath));
  const files = new Map<string, Uint8Array>();
  for (const [name, data] of entries) {
    if (name.endsWith('/') || name.endsWith('\\')) continue;
    if (hasHiddenCharacters(name)) throw badCapture(`${path.basename(zipPath)} contains a file whose name has control, right-to-left or invisible characters, which a collector never writes.`);
    const safe = safeEntryPath(name);
    if (safe === null) throw badCapture(`${path.basename(zipPath)} contains a file outside its folder ("${name}"), which a collector never writes.`);
    files.set(safe, data);
  }
  const manifestPath = [...files.keys()].filter(n => n === 'collector.json' || n.endsWith('/collector.json')).sort((a, b) => a.length - b.length)[0];
  if (manifestPath === undefined) throw badCapture(`${path.basename(zipPath)} is not a collector capture (it has no collector.json).`);
  const prefix = manifestPath.slice(0, manifestPath.length - 'collector.json'.length);
  let manifest: CollectorManifest;
  try {
    const text = new TextDecoder('utf-8').decode(files.get(manifestPath)).replace(/^\uFEFF/, '');
    manifest = CollectorManifest.parse(JSON.parse(text));
  } catch (err) {
    throw badCapture(`The collector.json in ${path.basename(zipPath)} is not one the wizard understands.`, err instanceof Error ? err.message : String(err));
  }
  const fqdn = manifest.fqdn === null ? null : fqdnProblem(manifest.fqdn, manifest.serverName);
  if (fqdn !== null)
    throw badCapture(`The collector.json in ${path.basename(zipPath)} gives a DNS name that is not ${manifest.serverName}'s (${fqdn}), so files would be staged on another host; it was not imported.`);
  accept?.(manifest);

  const target = path.join(destinationRoot, safeFolderName(manifest.serverName));
  const staging = `${target}.partial-${process.pid}-${Date.now()}`;
  await mkdir(staging, { recursive: true });
  try {
    for (const [name, data] of files) {
      if (!name.startsWith(prefix)) continue;
      const relative = name.slice(prefix.length);
      const isLabFile = relative.split('/').at(-1)?.toLowerCase() === 'lab.json';
      // Only the capture's own lab.json, and only what a collector writes into it.
      if (isLabFile && relative.toLowerCase() !== 'lab.json') continue;
      const destination = path.join(staging, ...relative.split('/'));
      await mkdir(path.dirname(destination), { recursive: true });
      await writeFile(destination, isLabFile ? collectorLabSettings(data, path.basename(zipPath)) : data);
    }
    if (existsSync(target)) await rm(target, { recursive: true, force: true });
    await rename(staging, target);
  } catch (err) {
    await rm(staging, { recursive: true, force: true });
    throw new AppError('io', `The capture could not be unpacked into ${destinationRoot}.`, { detail: err instanceof Error ? err.message : String(err), cause: err });
  }
  return { directory: target, manifest };
}

/** Why the unzip worker refused a ZIP (unzip-worker.cjs). */
type UnzipRefusal = 'unreadable' | 'unsupported' | 'entries' | 'total' | 'overflow' | 'short' | 'crc';
type UnzipResult = { ok: true; files: Array<[string, Uint8Array]> } | { ok: false; reason: UnzipRefusal; entry?: string; detail?: string };

/** The refusal's sentence: what the ZIP did, about which entry. */
function unzipRefusal(result: Extract<UnzipResult, { ok: false }>, label: string): AppError {
  const entry = result.entry === undefined ? '' : ` ("${result.entry}")`;
  switch (result.reason) {
    case 'entries':
      return badCapture(`${label} holds more files than a collector capture can (over ${CAPTURE_LIMITS.entries}).`);
    case 'total':
      return badCapture(`${label} unpacks to more than a collector capture can be (over ${CAPTURE_LIMITS.extractedBytes / 1048576} MB).`);
    case 'overflow':
      return badCapture(`An entry of ${label}${entry} holds more data than the ZIP declares for it, so the file was altered or crafted; nothing was unpacked.`);
    case 'short':
      return badCapture(`An entry of ${label}${entry} holds less data than the ZIP declares for it (a truncated or altered file); nothing was unpacked.`);
    case 'crc':
      return badCapture(`An entry of ${label}${entry} does not match its checksum (CRC-32), so the file is damaged or altered; nothing was unpacked.`);
    case 'unsupported':
      return badCapture(`${label} uses a ZIP feature a collector capture never has${entry}.`, result.detail);
    default:
      return badCapture(`${label} is not a readable ZIP file${entry}.`, result.detail);
  }
}

/** The unzip worker: beside this file in the sources, beside the bundle in out/ (scripts/build.mjs copies it). */
function unzipWorkerPath(): string {
  return path.join(__dirname, 'unzip-worker.cjs');
}

/**
 * Unpacks a ZIP without trusting it, in a worker thread so the engine keeps
 * answering: the worker checks the entry count and declared sizes before
 * inflating, stops an entry at its declared size, and checks each entry's
 * size and CRC-32; this thread ends it after `timeoutMs`.
 */
export async function unzipWithinLimits(data: Uint8Array, label: string, timeoutMs: number = CAPTURE_LIMITS.unzipMs): Promise<Map<string, Uint8Array>> {
  const worker = new Worker(unzipWorkerPath(), { workerData: { data, limits: { entries: CAPTURE_LIMITS.entries, extractedBytes: CAPTURE_LIMITS.extractedBytes } } });
  try {
    const result = await new Promise<UnzipResult>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(
            new AppError('timeout', `Unpacking ${label} took longer than ${timeoutMs / 1000} s, far longer than a collector capture takes, so it was stopped.`, {
              fix: 'Choose the .zip file the offline collector wrote on the server, unchanged; if it is one, copy it again (the copy may be damaged).',
            }),
          ),
        timeoutMs,
      );
      worker.once('message', (message: UnzipResult) => {
        clearTimeout(timer);
        resolve(message);
      });
      worker.once('error', err => {
        clearTimeout(timer);
        reject(badCapture(`${label} could not be unpacked.`, err.message));
      });
      worker.once('exit', code => {
        clearTimeout(timer);
        reject(badCapture(`${label} could not be unpacked (the unpacking stopped with code ${code}).`));
      });
    });
    if (!result.ok) throw unzipRefusal(result, label);
    return new Map(result.files);
  } finally {
    await worker.terminate();
  }
}

/** The capture's lab.json reduced to the keys a collector writes, so an imported file cannot switch on the lab's test behaviour. */
function collectorLabSettings(data: Uint8Array, label: string): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8').decode(data).replace(/^\uFEFF/, ''));
  } catch (err) {
    throw badCapture(`The lab.json in ${label} is not valid JSON.`, err instanceof Error ? err.message : String(err));
  }
  const source = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  const kept: Record<string, unknown> = {};
  for (const key of COLLECTOR_LAB_KEYS) if (Object.hasOwn(source, key)) kept[key] = source[key];
  return JSON.stringify(kept);
}

/** Where imported captures live: one folder per server, the latest import wins. */
export function capturesDirectory(dataDirectory: string): string {
  return path.join(dataDirectory, 'captures');
}

/** A server name as a folder name: letters, digits, ".", "_" and "-" only. */
function safeFolderName(serverName: string): string {
  return serverName.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_');
}

/** The capture folder of one server, for rescans. */
export function captureFolderFor(dataDirectory: string, serverName: string): string {
  return path.join(capturesDirectory(dataDirectory), safeFolderName(serverName));
}
