import path from 'node:path';
import { ServerFacts } from '../../src-shared/domain/facts';
import { builtInCatalog, certificateLogSymptoms } from '../../src-shared/knowledge';
import { powershellScriptsDirectory } from '../../electron/engine/paths';
import type { ScriptRunner } from '../../electron/engine/powershell/host';
import type { ScriptParameters } from '../../electron/engine/powershell/invocation';
import { probeScriptPath, type LabConfiguration } from '../../electron/engine/scan/probe';

/** The real Health Checker captures (read-only, never copied into the repository). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { sharedDirectory } = require('../../scripts/lib/shared-dir.cjs') as { sharedDirectory: () => string };

export const FIXTURES = path.join(sharedDirectory(), 'fixtures', 'healthchecker');
export const E19 = path.join(FIXTURES, 'E19');
export const CASES = path.join(FIXTURES, 'cases');

export interface LabProbe {
  server?: string;
  fqdn?: string;
  roles?: string[];
  lab?: string;
  config?: LabConfiguration;
  /** Run the server part in-process (the wizard on the Exchange server itself). */
  onThisComputer?: boolean;
  /** "Connect as…": the account WinRM signs in with. */
  credential?: { userName: string; password: string };
  /** The certificate symptoms whose EEMS log lines are kept (default: the built-in catalog's). */
  symptoms?: readonly string[];
}

/** Runs the real probe orchestrator against a lab folder and returns validated facts. */
export async function probeLab(runner: ScriptRunner, options: LabProbe = {}): Promise<ServerFacts> {
  const parameters: ScriptParameters = {
    ServerName: options.server ?? 'SOLO-E19A',
    Roles: options.roles ?? ['Mailbox'],
    ResourceDirectory: powershellScriptsDirectory(),
    LabDirectory: options.lab ?? E19,
    CollectionMethod: 'lab',
    CertificateLogSymptoms: [...(options.symptoms ?? certificateLogSymptoms(builtInCatalog().certificateRules))],
  };
  if (options.fqdn) parameters.Fqdn = options.fqdn;
  if (options.config) parameters.LabConfiguration = options.config;
  if (options.onThisComputer) parameters.OnThisComputer = true;
  if (options.credential) parameters.Credential = options.credential;
  const { value } = await runner.run(probeScriptPath(), parameters, { schema: ServerFacts, timeoutMs: 90_000 });
  return value;
}

/** The TLS row of one version. */
export function tlsRow(facts: ServerFacts, version: string) {
  return facts.tls?.versions.find(v => v.version === version);
}
