import type { PlanStep, PlanStepKind } from './types';

/**
 * How Exchange Setup and update packages are run, defined once for the
 * planner, the organisation planner and the upgrade checklist.
 */

/** Setup's unattended licence switch since the September 2021 CUs (the old one no longer works). */
export const SETUP_LICENSE_SWITCH = '/IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF';

/** Plan steps that install something on the server itself: a CU, an SU, or an in-place upgrade to the next product. */
export const INSTALL_STEP_KINDS: readonly PlanStepKind[] = ['install-cu', 'install-su', 'in-place-upgrade'];

/** Plan steps that run Exchange Setup (Setup.exe /Mode:Upgrade): they need the Setup prerequisites and may raise the AD levels. */
export const SETUP_STEP_KINDS: readonly PlanStepKind[] = ['install-cu', 'in-place-upgrade'];

/** Whether the step installs something on the server (see {@link INSTALL_STEP_KINDS}). */
export function isInstallStep(step: Pick<PlanStep, 'kind'>): boolean {
  return INSTALL_STEP_KINDS.includes(step.kind);
}

/** Whether the step runs Exchange Setup (see {@link SETUP_STEP_KINDS}); a security update is an .exe/.msp of its own. */
export function runsExchangeSetup(step: Pick<PlanStep, 'kind'>): boolean {
  return SETUP_STEP_KINDS.includes(step.kind);
}
