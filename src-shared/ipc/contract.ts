import { z } from 'zod';
import { AppErrorShape } from '../domain/errors';
import { DiscoveredServer } from '../domain/discovery';
import { ServerName } from '../domain/host-names';
import { SafeKey } from '../domain/safe-keys';
import { ScanReport, ServerScanResult } from '../assessment/scan-report';
import { DownloadResult, StageResult } from '../domain/transfer';
import { OrganisationChoice, WizardSession, WizardStep } from '../wizard/session';
import { ReportComparison } from '../report/compare';
import { ReportDocument } from '../report/schema';
import { CatalogTrust } from '../knowledge/catalog-trust';
import { ExtendedProtectionChoice } from '../knowledge/extended-protection';
import { UpdatePackage } from '../knowledge/types';
import { SetupLogAnalysis, SetupLogProgress } from '../analysis/setup-log/types';
import { INVOKE_METHODS, EVENT_NAMES } from './channels';

/*
 * The one IPC contract between the renderer and the engine.
 *
 * Each invoke method has a request schema (validated by the engine before the
 * handler runs: the renderer is untrusted) and a response schema. Events flow
 * from the engine to the renderer only. The same contract is served by the
 * Electron main process (ipcMain) and by the browser-mode WebSocket bridge.
 */

const AutoCheckOutcome = z.object({ status: z.enum(['passed', 'failed', 'unknown']), evidence: z.string() });

const JobId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'job ids are 1-64 letters, digits, "-" or "_"');
/** A path on the machine running the engine; the engine checks it further. */
const LocalPath = z.string().min(1).max(4096);
/** The most report text one message carries (the bridge takes 1 MB a message); bigger reports go by path. */
export const MAX_REPORT_TEXT = 900_000;
const SavedReportSource = z.union([z.object({ path: LocalPath }).strict(), z.object({ text: z.string().max(MAX_REPORT_TEXT), name: z.string().max(255) }).strict()]);

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  mode: z.enum(['electron', 'browser']),
  platform: z.string(),
  catalogAsOf: z.string(),
  /** Why the active catalog is believed (built in, signed by whom, or NOT SIGNED), shown in the header. */
  catalogTrust: CatalogTrust.optional(),
  powershell: z.object({ executable: z.string(), available: z.boolean(), detail: z.string() }),
  /** Folder where exports, downloads and the session are kept. */
  dataDirectory: z.string(),
  /** Read-only when another instance holds the data folder; notice says why, or that a damaged session was set aside. */
  session: z.object({ readOnly: z.boolean(), notice: z.string().nullable() }),
  /** Time limit of one server's scan, shown next to its progress. */
  scanTimeoutSeconds: z.number().optional(),
  /**
   * The Exchange server the wizard runs on (the one-server office), null on a jump box:
   * unelevated, the wizard says so in one line with the exact restart command.
   */
  thisExchangeServer: z.object({ name: z.string(), elevated: z.boolean().nullable(), restartCommand: z.string() }).nullable().optional(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const HostNameCheck = z.object({
  input: z.string(),
  valid: z.boolean(),
  normalized: z.string().nullable(),
  error: z.string().nullable(),
});

export const ReportFormat = z.enum(['html', 'json', 'csv', 'pdf']);
export type ReportFormat = z.infer<typeof ReportFormat>;

const Empty = z.object({}).strict();

export const invokeContract = {
  getAppInfo: { request: Empty, response: AppInfo },
  cancelJob: { request: z.object({ jobId: JobId }).strict(), response: z.object({ cancelled: z.boolean() }) },
  openExternal: { request: z.object({ url: z.string().max(2048) }).strict(), response: z.object({ opened: z.boolean() }) },

  /**
   * A native file or folder dialog (Electron). The path chosen is the one the engine will then
   * accept from the renderer; browser mode has no dialog (files go into the data folder).
   */
  choosePath: {
    request: z
      .object({
        kind: z.enum(['file', 'folder']),
        title: z.string().min(1).max(200),
        /** File extensions without the dot, e.g. ["zip"]. */
        extensions: z
          .array(z.string().regex(/^[A-Za-z0-9]{1,10}$/))
          .max(10)
          .optional(),
      })
      .strict(),
    response: z.object({ path: z.string().nullable() }),
  },

  loadSession: { request: Empty, response: z.object({ session: WizardSession }) },
  updateSession: {
    request: z
      .object({
        currentStep: WizardStep.optional(),
        organisation: OrganisationChoice.optional(),
        discovered: z.array(DiscoveredServer).optional(),
        checklist: z.object({ server: ServerName, item: SafeKey, done: z.boolean() }).strict().optional(),
      })
      .strict(),
    response: z.object({ session: WizardSession }),
  },
  /**
   * The admin's Extended Protection choice for one scanned server's Setup (Plan and Upgrade
   * steps): saved on the session, and the session's scan planned again with it, so the Setup
   * command gains or loses /DoNotEnableEP(_FEEWS). `sessionId` is the session the page shows: a
   * choice made on a session that was since replaced (Start over) is refused, as is a server the
   * scan does not have.
   */
  setExtendedProtectionChoice: {
    request: z.object({ sessionId: z.string().min(1).max(64), serverName: ServerName, choice: ExtendedProtectionChoice }).strict(),
    response: z.object({ session: WizardSession }),
  },
  /** Starts a new session; the old one is archived (never deleted) and its file named in `archivedAs`. */
  resetSession: { request: Empty, response: z.object({ session: WizardSession, archivedAs: z.string().nullable().optional() }) },

  validateHostNames: {
    request: z.object({ names: z.array(z.string().max(512)).max(500) }).strict(),
    response: z.object({ results: z.array(HostNameCheck) }),
  },
  /** Whether this computer's DNS knows each name: true, false ("no such name"), null (DNS could not be asked). */
  resolveHostNames: {
    request: z.object({ names: z.array(z.string().max(512)).max(100) }).strict(),
    response: z.object({
      results: z.array(
        z.object({
          name: z.string(),
          found: z.boolean().nullable(),
          address: z.string().nullable(),
          error: z.string().nullable(),
          /** An IP address's DNS name (reverse lookup), null when DNS has none. */
          dnsName: z.string().nullable().optional(),
        }),
      ),
    }),
  },
  discoverServers: {
    request: z
      .object({
        jobId: JobId,
        method: z.enum(['demo', 'active-directory', 'exchange-shell', 'manual', 'lab']),
        names: z.array(z.string().max(512)).max(500).optional(),
        labDirectory: LocalPath.optional(),
      })
      .strict(),
    response: z.object({ servers: z.array(DiscoveredServer), errors: z.array(AppErrorShape) }),
  },
  scanServers: {
    request: z
      .object({
        jobId: JobId,
        servers: z.array(DiscoveredServer).min(1).max(500),
        organisationHasEsu: z.boolean(),
        labDirectory: LocalPath.optional(),
      })
      .strict(),
    response: z.object({ report: ScanReport }),
  },
  rescanServer: {
    request: z.object({ jobId: JobId, serverName: ServerName }).strict(),
    response: z.object({ server: ServerScanResult, report: ScanReport }),
  },
  /**
   * Runs the read-only check of one runbook item ("done when") on its server: the server is
   * scanned again and the item's check evaluated on what it reports; a passed check ticks the item
   * with its evidence. `checklistKey` is where the item's ticks are saved (its server's name, or
   * the section's id); the engine finds the item and its check in the session's own runbook.
   * The session's scan (and so the runbook) stays as planned before the night unless
   * `updateScan` asks for the new facts to be saved (the final re-scan of a server).
   */
  runAutoCheck: {
    request: z.object({ jobId: JobId, checklistKey: ServerName, item: SafeKey, updateScan: z.boolean().optional() }).strict(),
    response: z.object({ outcome: AutoCheckOutcome, checkedAt: z.string(), server: ServerScanResult, session: WizardSession }),
  },
  exportCollector: {
    request: z.object({ directory: LocalPath.optional() }).strict(),
    response: z.object({ path: z.string() }),
  },
  importCollectorCapture: {
    request: z.object({ jobId: JobId, path: LocalPath }).strict(),
    response: z.object({ server: ServerScanResult, report: ScanReport }),
  },

  listUpdatePackages: {
    request: z.object({ ids: z.array(z.string().max(128)).max(200) }).strict(),
    /** The packages of the active catalog; ids it does not know are listed as missing. */
    response: z.object({ packages: z.array(UpdatePackage), missing: z.array(z.string()) }),
  },
  downloadUpdate: {
    request: z
      .object({
        jobId: JobId,
        updateId: z.string().max(128).optional(),
        url: z.string().max(4096).optional(),
        sha256: z
          .string()
          .regex(/^[A-Fa-f0-9]{64}$/)
          .optional(),
        directory: LocalPath.optional(),
      })
      .strict()
      // Both together: the URL is used, the catalog still says what the file must be.
      .refine(r => r.updateId !== undefined || r.url !== undefined, 'give an updateId, a url, or both'),
    response: z.object({ download: DownloadResult }),
  },
  importUpdateFile: {
    request: z
      .object({
        jobId: JobId,
        path: LocalPath,
        updateId: z.string().max(128),
        /** Published SHA-256 when the catalog has none (ESU packages: from the ESU portal). */
        sha256: z
          .string()
          .regex(/^[A-Fa-f0-9]{64}$/)
          .optional(),
        directory: LocalPath.optional(),
      })
      .strict(),
    response: z.object({ download: DownloadResult }),
  },
  stageUpdate: {
    request: z
      .object({
        jobId: JobId,
        file: LocalPath,
        server: ServerName.optional(),
        destination: LocalPath.optional(),
      })
      .strict()
      .refine(r => r.server !== undefined || r.destination !== undefined, 'give a server or a destination'),
    response: z.object({ stage: StageResult }),
  },

  exportReport: {
    request: z.object({ format: ReportFormat, redact: z.boolean(), directory: LocalPath.optional() }).strict(),
    response: z.object({ path: z.string(), fileName: z.string(), bytes: z.number() }),
  },
  openReport: {
    request: z.object({ path: LocalPath }).strict(),
    /** The saved report, validated, for the read-only review view. */
    response: z.object({ report: ReportDocument }),
  },
  compareReports: {
    /** Two saved JSON reports, older first: each a path the admin typed or the text of a file the admin picked. */
    request: z.object({ before: SavedReportSource, after: SavedReportSource }).strict(),
    response: z.object({ comparison: ReportComparison }),
  },
  /**
   * Opens a report this wizard exported (in this run) with its default app, or shows it in its
   * folder. Any other path is refused. Electron only: browser mode has no shell to ask.
   */
  revealReport: {
    request: z.object({ path: LocalPath, action: z.enum(['open', 'show-in-folder']) }).strict(),
    response: z.object({ done: z.boolean() }),
  },
  /**
   * Starts the wizard again elevated (Start-Process -Verb RunAs of its own executable, once
   * this one has quit) and quits. Desktop app on Windows only: elsewhere the error's fix is
   * the exact command to run.
   */
  restartAsAdministrator: { request: Empty, response: z.object({ restarting: z.boolean() }) },
  /**
   * "Connect as…" for a server Kerberos cannot reach (a workgroup Edge server): the account WinRM
   * signs in with, over HTTPS or (TrustedHosts) HTTP; null forgets it. Kept in the engine's memory
   * only, never in the session, the audit or a log, and never sent back: the answer lists names.
   */
  setServerCredential: {
    request: z
      .object({
        server: z.string().min(1).max(255),
        credential: z
          .object({ userName: z.string().min(1).max(256), password: z.string().min(1).max(1024), useSsl: z.boolean() })
          .strict()
          .nullable(),
      })
      .strict(),
    response: z.object({ serversWithCredential: z.array(z.string()) }),
  },

  /** Diagnoses an ExchangeSetup.log the admin chose (a path from choosePath, or in the data folder). */
  analyseSetupLogFile: {
    request: z.object({ path: LocalPath }).strict(),
    response: z.object({ path: z.string(), analysis: SetupLogAnalysis }),
  },
  /**
   * Reads a scanned server's C:\ExchangeSetupLogs\ExchangeSetup.log, read-only, over the PowerShell
   * host (or its lab folder): `analyse` diagnoses the last run, `tail` says where a run under way is.
   */
  readServerSetupLog: {
    request: z.object({ serverName: ServerName, mode: z.enum(['analyse', 'tail']) }).strict(),
    response: z.object({ server: z.string(), lastWriteTime: z.string().nullable(), analysis: SetupLogAnalysis.nullable(), progress: SetupLogProgress.nullable() }),
  },
} as const satisfies Record<(typeof INVOKE_METHODS)[number], { request: z.ZodType; response: z.ZodType }>;

export const JobProgress = z.object({
  jobId: z.string(),
  kind: z.enum(['discovery', 'scan', 'download', 'import', 'stage', 'report', 'collector']),
  phase: z.enum(['started', 'progress', 'item-finished', 'finished', 'failed', 'cancelled']),
  message: z.string(),
  /** Items (servers) or bytes done so far, with the total when known. */
  completed: z.number(),
  total: z.number().nullable(),
  unit: z.enum(['items', 'bytes']),
  serverName: z.string().optional(),
  bytesPerSecond: z.number().optional(),
  etaSeconds: z.number().optional(),
  error: AppErrorShape.optional(),
});
export type JobProgress = z.infer<typeof JobProgress>;

export const eventContract = {
  jobProgress: JobProgress,
} as const satisfies Record<(typeof EVENT_NAMES)[number], z.ZodType>;

export type InvokeMethod = keyof typeof invokeContract;
export type EventName = keyof typeof eventContract;
export type RequestOf<M extends InvokeMethod> = z.input<(typeof invokeContract)[M]['request']>;
export type ParsedRequestOf<M extends InvokeMethod> = z.output<(typeof invokeContract)[M]['request']>;
export type ResponseOf<M extends InvokeMethod> = z.output<(typeof invokeContract)[M]['response']>;
export type EventOf<E extends EventName> = z.output<(typeof eventContract)[E]>;

/**
 * Every invoke resolves to this envelope instead of rejecting, so errors keep
 * their code and fix across contextBridge and the WebSocket bridge.
 */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: AppErrorShape };

/** Removes a subscription. */
export type Unsubscribe = () => void;

type EventSubscribers = {
  [E in EventName as `on${Capitalize<E>}`]: (listener: (event: EventOf<E>) => void) => Unsubscribe;
};

/**
 * The API object the renderer sees as `window.exwiz`: one method per channel.
 */
export type ExwizApi = {
  [M in InvokeMethod]: (request: RequestOf<M>) => Promise<IpcResult<ResponseOf<M>>>;
} & EventSubscribers;
