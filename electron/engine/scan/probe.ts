import path from 'node:path';
import type { AppErrorShape } from '../../../src-shared/domain/errors';
import { notElevatedError, type ThisComputer } from '../../../src-shared/domain/this-computer';
import { ServerFacts } from '../../../src-shared/domain/facts';
import { validateHostName } from '../../../src-shared/domain/host-names';
import { powershellScriptsDirectory } from '../paths';
import type { ScriptParameters } from '../powershell/invocation';
import type { LabConfiguration } from '../lab/lab-configuration';
import { credentialParameters, type ServerCredential } from '../credentials';
import { CONNECT_AS_TRANSPORT } from '../../../src-shared/domain/connect-as';
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
  /**
   * The wizard runs on this very Exchange server: the probe runs its server part in-process
   * (remoting back to this computer needs elevation), and a run without elevation says so.
   * `restart` is how to start the wizard again as administrator.
   */
  local?: { computer: ThisComputer; restart: string };
  /** "Connect as…": the account WinRM signs in with instead of Kerberos (memory only). */
  credential?: ServerCredential;
}

export interface ProbeOptions {
  /** Whole-probe limit for one server. */
  timeoutMs: number;
  /** Written into the facts: "remote", "lab", "demo", "offline-collector". */
  collectionMethod: string;
  connectTimeoutSeconds?: number;
  /** The catalog's certificate symptoms (certificateLogSymptoms): the EEMS log lines the probe keeps. */
  certificateLogSymptoms: readonly string[];
}

export interface ProbeOutcome {
  /** Null when nothing could be collected. */
  facts: ServerFacts | null;
  error: AppErrorShape | null;
  durationMs: number;
}

/** The per-server probe every scan runs, real or lab. */
export function probeScriptPath(): string {
  return path.join(powershellScriptsDirectory(), 'probes', 'Invoke-ServerProbe.ps1');
}

/** The script that runs the per-server probe for many servers at once in one PowerShell. */
export function probeBatchScriptPath(): string {
  return path.join(powershellScriptsDirectory(), 'probes', 'Invoke-ServerProbeBatch.ps1');
}

/**
 * Why a target cannot be probed at all, before any PowerShell runs: a remote
 * name that is not a host name, or remoting from a computer that is not
 * Windows. Null when the probe may run.
 */
export function refuseTarget(target: ProbeTarget): AppErrorShape | null {
  if (target.lab) return null;
  for (const candidate of [target.name, target.fqdn]) {
    if (candidate === null) continue;
    const check = validateHostName(candidate);
    if (!check.valid) return serverError('invalid-input', candidate, `"${candidate}" is not a server name the wizard can connect to: ${check.error}`);
  }
  if (process.platform !== 'win32') {
    // PowerShell remoting to Windows (WinRM, the Exchange shell) exists only on Windows.
    const label = labelOf(target);
    return serverError('unsupported', label, `${label} can only be probed from Windows: PowerShell remoting (WinRM) and the Exchange Management Shell are not available on ${process.platform}.`);
  }
  return null;
}

/** The per-server probe's parameters: data only, passed as parameters. */
export function probeParameters(target: ProbeTarget, options: ProbeOptions): ScriptParameters {
  const parameters: ScriptParameters = {
    ServerName: target.name,
    Roles: target.roles,
    ResourceDirectory: powershellScriptsDirectory(),
    CollectionMethod: options.collectionMethod,
    ConnectTimeoutSeconds: options.connectTimeoutSeconds ?? 30,
    OperationTimeoutSeconds: Math.max(30, Math.floor(options.timeoutMs / 1000)),
    CertificateLogSymptoms: [...options.certificateLogSymptoms],
  };
  if (target.fqdn !== null) parameters.Fqdn = target.fqdn;
  if (target.local) parameters.OnThisComputer = true;
  Object.assign(parameters, credentialParameters(target.credential));
  if (target.lab) {
    parameters.LabDirectory = target.lab.directory;
    if (target.lab.configuration) parameters.LabConfiguration = target.lab.configuration;
  }
  return parameters;
}

/**
 * What one probe run means for its server: the validated facts with the
 * connection verdict, or the run's failure as the server's typed error.
 * Only cancellation and a missing PowerShell are thrown: they concern the
 * whole scan.
 */
export function probeOutcome(target: ProbeTarget, run: { facts: ServerFacts } | { failure: unknown }, timeoutMs: number, durationMs: number): ProbeOutcome {
  const label = labelOf(target);
  if ('failure' in run) {
    if (isScanWideFailure(run.failure)) throw run.failure;
    return { facts: null, error: withElevationReason(withEdgeReason(hostFailure(run.failure, label, timeoutMs), target.roles), target.local), durationMs };
  }
  const verdict = connectionVerdict(run.facts, label);
  return { facts: verdict.nothingCollected ? null : run.facts, error: withElevationReason(withEdgeReason(verdict.error, target.roles), target.local), durationMs };
}

/**
 * On the Exchange server the wizard runs on, without elevation: say that, in one line with
 * how to restart as administrator, instead of "access denied" (whose fix, joining
 * Organization Management, would be wrong). Another failure keeps its own reason.
 */
export function withElevationReason(error: AppErrorShape | null, local: ProbeTarget['local']): AppErrorShape | null {
  if (!local || local.computer.elevated !== false) return error;
  const notElevated = notElevatedError(local.computer, local.restart);
  if (error === null || error.code === 'access-denied') return error?.detail ? { ...notElevated, detail: error.detail } : notElevated;
  return { ...error, fix: [error.fix, notElevated.message, notElevated.fix].filter(Boolean).join(' ') };
}

function labelOf(target: ProbeTarget): string {
  return target.fqdn ?? target.name;
}

const EDGE_CONNECTION_CODES = new Set(['winrm-unreachable', 'access-denied', 'unreachable', 'timeout', 'needs-credential']);

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
      `Use "Connect as…" with an administrator account of the Edge server (${CONNECT_AS_TRANSPORT}), ` +
      'or run the offline collector on the Edge server itself (the "Offline collector" on the scan step) and import its ZIP here.' +
      (error.fix ? ` If this Edge server is domain-joined: ${error.fix}` : ''),
  };
}
