import type { CatalogStore } from './catalog-store';
import type { DemoNight } from './demo/demo-night';
import type { EngineEvents } from './events';
import type { JobRegistry } from './jobs';
import type { PathPolicy } from './path-policy';
import type { ScriptRunner } from './powershell/host';
import type { SessionStore } from './session-store';
import type { ThisComputer } from '../../src-shared/domain/this-computer';
import type { CredentialStore } from './credentials';
import type { DownloadSource } from './transfer/http-source';

/** What the host process (Electron main, browser-mode launcher, CLI) provides. */
export interface EnginePorts {
  /** Opens an allow-listed https URL in the system browser. */
  openExternal(url: string): Promise<void>;
  /** Renders self-contained HTML to PDF (Electron printToPDF, or headless Chromium). */
  printToPdf?(html: string): Promise<Uint8Array>;
  /** A native open dialog (Electron main process); null when the admin cancelled. Absent in browser mode and the CLI. */
  choosePath?(request: { kind: 'file' | 'folder'; title: string; extensions?: string[] }): Promise<string | null>;
  /** Opens a file with its default app, or shows it selected in its folder (Electron shell). Absent in browser mode and the CLI. */
  revealPath?(file: string, action: 'open' | 'show-in-folder'): Promise<void>;
  /** Where downloads come from in the desktop app: Chromium's network stack (Electron `net`). Absent: undici with the proxy settings. */
  downloadSource?: DownloadSource;
  /** Quits the app so it can start again elevated (Electron main: releases its single-instance lock first). Absent in browser mode and the CLI. */
  quitForRestart?(): void;
}

export interface EngineOptions {
  mode: 'electron' | 'browser' | 'cli';
  version: string;
  dataDirectory: string;
  ports: EnginePorts;
  /** PowerShell runner override (tests); default: a pool of real PowerShell hosts. */
  scriptRunner?: ScriptRunner;
  /** The most servers probed at once (default DEFAULT_SCAN_PARALLELISM). */
  concurrency?: number;
  /** Start a PowerShell host at launch (the window and browser mode), not on the first scan. */
  warmPowerShell?: boolean;
}

/**
 * The services every handler may use. Handlers get this, never globals, so
 * each can be tested with its own data folder and runner.
 */
export interface EngineContext {
  readonly options: EngineOptions;
  readonly events: EngineEvents;
  readonly jobs: JobRegistry;
  readonly sessions: SessionStore;
  /** The active Exchange build catalog (built-in, or a newer imported one). */
  readonly catalogs: CatalogStore;
  /** Which paths from the renderer may be used (chosen in a dialog, or in the data folder). */
  readonly paths: PathPolicy;
  /** The demo organisation's upgrade night (its servers move as the admin runs the runbook). */
  readonly demoNight: DemoNight;
  /** The shared PowerShell runner, started on first use. */
  scripts(): ScriptRunner;
  /** The computer the wizard runs on (read once; null off Windows or when it could not be read). */
  thisComputer(): Promise<ThisComputer | null>;
  /** "Connect as…" credentials, in memory only (never in the session, the audit or a log). */
  readonly credentials: CredentialStore;
  /** How to start this process again as administrator: the exact PowerShell line. */
  readonly restartCommand: string;
}
