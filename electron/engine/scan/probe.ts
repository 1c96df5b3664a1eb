import path from 'node:path';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import { ServerFacts } from '../../../src-shared/domain/facts';
import { validateHostName } from '../../../src-shared/domain/host-names';
import { powershellScriptsDirectory } from '../paths';
import type { ScriptRunner } from '../powershell/host';
import type { ScriptParameters } from '../powershell/invocation';
import type { LabConfiguration } from '../lab/lab-configuration';
import { connectionVerdict, hostFailure, isScanWideFailure, serverError } from './server-errors';

export type { LabConfiguration };

/** A folder of captures the probe runs against instead of a real server. */
export interface LabSource {
  /** The server's capture folder (Exchange/, OS/, lab.json). */
  directory: string;
  /** Merged over the folder's lab.json: variants, captures, simulate, latencyMs, ... */
  configuration?: LabConfiguration;
}

export interface ProbeTarget {
  name: string;
  fqdn: string | null;
  /** Roles discovery found; "Edge" makes the probe skip the remote shell Edge servers do not have. */
  roles: string[];
  lab?: LabSource;
}

export interface ProbeOptions {
  runner: ScriptRunner;
  /** Whole-probe limit; the PowerShell process is replaced when it is exceeded. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Written into the facts: "remote", "lab", "demo", "offline-collector". */
  collectionMethod: string;
  /** The orchestrator script; tests point it elsewhere. */
  scriptPath?: string;
  connectTimeoutSeconds?: number;
}

export interface ProbeOutcome {
  /** Null when nothing could be collected. */
  facts: ServerFacts | null;
  error: AppErrorShape | null;
  durationMs: number;
}

/** The orchestrator every scan runs, real or lab. */
export function probeScriptPath(): string {
  return path.join(powershellScriptsDirectory(), 'probes', 'Invoke-ServerProbe.ps1');
}

/**
 * Probes one server in one PowerShell run and turns every way it can fail
 * into a typed error on that server. Only cancellation and a missing
 * PowerShell are thrown: they concern the whole scan.
 */
export async function probeServer(target: ProbeTarget, options: ProbeOptions): Promise<ProbeOutcome> {
  const started = Date.now();
  const label = target.fqdn ?? target.name;
  if (!target.lab) {
    // A remote target must be a host name before any PowerShell runs.
    for (const candidate of [target.name, target.fqdn]) {
      if (candidate === null) continue;
      const check = validateHostName(candidate);
      if (!check.valid) {
        return { facts: null, error: serverError('invalid-input', candidate, `"${candidate}" is not a server name the wizard can connect to: ${check.error}`), durationMs: Date.now() - started };
      }
    }
  }
  if (!target.lab && process.platform !== 'win32') {
    // PowerShell remoting to Windows (WinRM, the Exchange shell) exists only on Windows.
    return {
      facts: null,
      error: serverError('unsupported', label, `${label} can only be probed from Windows: PowerShell remoting (WinRM) and the Exchange Management Shell are not available on ${process.platform}.`),
      durationMs: Date.now() - started,
    };
  }
  const parameters: ScriptParameters = {
    ServerName: target.name,
    Roles: target.roles,
    ResourceDirectory: powershellScriptsDirectory(),
    CollectionMethod: options.collectionMethod,
    ConnectTimeoutSeconds: options.connectTimeoutSeconds ?? 30,
    OperationTimeoutSeconds: Math.max(30, Math.floor(options.timeoutMs / 1000)),
  };
  if (target.fqdn !== null) parameters.Fqdn = target.fqdn;
  if (target.lab) {
    parameters.LabDirectory = target.lab.directory;
    if (target.lab.configuration) parameters.LabConfiguration = target.lab.configuration;
  }
  try {
    const { value } = await options.runner.run(options.scriptPath ?? probeScriptPath(), parameters, {
      schema: ServerFacts,
      timeoutMs: options.timeoutMs,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const verdict = connectionVerdict(value, label);
    return { facts: verdict.nothingCollected ? null : value, error: withEdgeReason(verdict.error, target.roles), durationMs: Date.now() - started };
  } catch (err) {
    if (isScanWideFailure(err)) throw err;
    return { facts: null, error: withEdgeReason(hostFailure(err, label, options.timeoutMs), target.roles), durationMs: Date.now() - started };
  }
}

const EDGE_CONNECTION_CODES = new Set(['winrm-unreachable', 'access-denied', 'unreachable', 'timeout']);

/**
 * An Edge Transport server usually sits in a workgroup in the perimeter network, where the
 * probe's implicit Kerberos over WinRM cannot authenticate (the probe has no credential or
 * HTTPS-WinRM option). Say so first, and send the admin to the offline collector.
 */
export function withEdgeReason(error: AppErrorShape | null, roles: readonly string[]): AppErrorShape | null {
  if (!error || !roles.includes('Edge') || !EDGE_CONNECTION_CODES.has(error.code)) return error;
  return {
    ...error,
    fix:
      'Edge Transport servers are usually in a workgroup, outside the domain: the wizard connects with Kerberos over WinRM, which cannot sign in to a workgroup server. ' +
      'Run the offline collector on the Edge server itself (the "Offline collector" on the scan step) and import its ZIP here.' +
      (error.fix ? ` If this Edge server is domain-joined: ${error.fix}` : ''),
  };
}
