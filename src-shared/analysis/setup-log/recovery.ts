import { SETUP_LICENSE_SWITCH } from '../../knowledge/step-kinds';
import { lastInRun, type RunFacts } from './run-facts';

/** Setup modes whose command the recovery step may repeat (`/Mode:Upgrade`). */
const MODES: Readonly<Record<string, string>> = {
  install: 'Install',
  upgrade: 'Upgrade',
  uninstall: 'Uninstall',
  recoverserver: 'RecoverServer',
};
const MODE_PARAMETER = /Command Line Parameter Name='mode', Value='([^']*)'/;
const PREPARE_PARAMETER = /Command Line Parameter Name='(prepareschema|preparead|preparealldomains|preparedomain)'/i;
const PREPARE_SWITCHES: Readonly<Record<string, string>> = {
  prepareschema: '/PrepareSchema',
  preparead: '/PrepareAD',
  preparealldomains: '/PrepareAllDomains',
  preparedomain: '/PrepareDomain',
};

/** The Setup command of the run, rebuilt from known switches only (never text from the log). */
export function setupCommand(facts: RunFacts): string {
  const mode = lastInRun(facts, MODE_PARAMETER, "Name='mode'")?.match[1]?.toLowerCase();
  const known = mode === undefined ? undefined : MODES[mode];
  if (known) return `.\\Setup.exe /Mode:${known} ${SETUP_LICENSE_SWITCH}`;
  const prepare = lastInRun(facts, PREPARE_PARAMETER, 'Command Line Parameter')?.match[1]?.toLowerCase();
  const prepareSwitch = prepare === undefined ? undefined : PREPARE_SWITCHES[prepare];
  if (prepareSwitch) return `.\\Setup.exe ${prepareSwitch} ${SETUP_LICENSE_SWITCH}`;
  return `.\\Setup.exe /Mode:Upgrade ${SETUP_LICENSE_SWITCH}`;
}

/** Re-running the same Setup: after a failure past the readiness checks it resumes where it stopped. */
export function rerunStep(facts: RunFacts): string {
  return `Run the same Setup again from an elevated PowerShell in the root of the same Setup media (note the ".\\"): ${setupCommand(facts)}. It resumes from the step that failed.`;
}

/** After a readiness-check failure nothing was changed yet: run Setup again once fixed. */
export function rerunAfterChecksStep(facts: RunFacts): string {
  return `Then run Setup again from an elevated PowerShell: ${setupCommand(facts)}. The readiness checks run before Setup changes anything.`;
}

/**
 * A run that stopped after it began changing the server can leave Exchange services Disabled
 * (Setup disables them while it replaces files); finishing Setup sets them back, this is the way
 * back if Setup cannot be finished tonight.
 */
export const DISABLED_SERVICES_STEP =
  "If Setup cannot be finished now, set back the services the failed run left Disabled, then start them: Get-Service -Name 'MSExchange*','FMS','HostControllerService','W3SVC','IISAdmin' | Where-Object { $_.StartType -eq 'Disabled' } | Set-Service -StartupType Automatic, then Start-Service -Name 'MSExchangeADTopology' and the others.";
