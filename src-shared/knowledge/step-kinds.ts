import type { PlanStep } from './types';

/**
 * The one definition of which plan steps run Exchange Setup or an update package on a server,
 * and of Setup's licence switch. The planner, the organisation planner, the checklist and the
 * simulator all ask here, so a new kind of step is classified in one place.
 */

/** Setup's unattended licence switch since the September 2021 CUs (the old one no longer works). */
export const SETUP_LICENSE_SWITCH = '/IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF';

/** Steps that run Setup.exe from full media (a CU, or the in-place upgrade to the successor). */
export const SETUP_STEP_KINDS: readonly PlanStep['kind'][] = ['install-cu', 'in-place-upgrade'];

/** Steps that change the build of the server they are planned for (Setup runs and SUs). */
export const INSTALL_STEP_KINDS: readonly PlanStep['kind'][] = ['install-cu', 'in-place-upgrade', 'install-su'];

/** Steps that prepare Active Directory. */
export const AD_STEP_KINDS: readonly PlanStep['kind'][] = ['prepare-schema', 'prepare-ad'];

/** Whether the step runs Setup.exe from full media. */
export function isSetupStep(step: Pick<PlanStep, 'kind'>): boolean {
  return SETUP_STEP_KINDS.includes(step.kind);
}

/** Whether the step installs something on its own server (Setup or an SU). */
export function isInstallStep(step: Pick<PlanStep, 'kind'>): boolean {
  return INSTALL_STEP_KINDS.includes(step.kind);
}

/** Whether the step prepares Active Directory. */
export function isAdStep(step: Pick<PlanStep, 'kind'>): boolean {
  return AD_STEP_KINDS.includes(step.kind);
}
