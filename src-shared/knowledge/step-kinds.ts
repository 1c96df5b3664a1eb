import type { OrganisationPlan, PlanStep, SetupSwitch } from './types';

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

/** Setup's mode of each step kind that runs Setup, and the switches a step of that kind may add. */
const SETUP_SWITCHES_BY_KIND: Partial<Record<PlanStep['kind'], { fixed: readonly SetupSwitch[]; optional: readonly SetupSwitch[] }>> = {
  'prepare-schema': { fixed: ['/PrepareSchema'], optional: [] },
  'prepare-ad': { fixed: ['/PrepareAD'], optional: ['/PrepareAllDomains'] },
  'install-cu': { fixed: ['/Mode:Upgrade'], optional: ['/DoNotEnableEP', '/DoNotEnableEP_FEEWS'] },
  'in-place-upgrade': { fixed: ['/Mode:Upgrade'], optional: ['/DoNotEnableEP', '/DoNotEnableEP_FEEWS'] },
  'install-new-server': { fixed: ['/Mode:Install'], optional: ['/Roles:Mailbox', '/Roles:EdgeTransport', '/DoNotEnableEP', '/DoNotEnableEP_FEEWS'] },
};

/** One Setup command line: Setup.exe, the licence switch and the given switches. */
export function setupCommand(switches: readonly SetupSwitch[]): string {
  return ['Setup.exe', SETUP_LICENSE_SWITCH, ...switches].join(' ');
}

/**
 * The switches a step runs Setup with: those its kind always has, plus those of its recorded
 * switches its kind allows (a new server gets one role, Mailbox unless Edge Transport is recorded).
 * Empty for a step that does not run Setup.
 */
export function stepSetupSwitches(step: Pick<PlanStep, 'kind' | 'setupSwitches'>): SetupSwitch[] {
  const rule = SETUP_SWITCHES_BY_KIND[step.kind];
  if (!rule) return [];
  const recorded = step.setupSwitches ?? [];
  if (step.kind === 'install-new-server') return [...rule.fixed, recorded.includes('/Roles:EdgeTransport') ? '/Roles:EdgeTransport' : '/Roles:Mailbox'];
  return [...rule.fixed, ...rule.optional.filter(s => recorded.includes(s))];
}

/** The Setup command lines of a step: AD preparation runs Setup once per switch, any other Setup step once with all of them. */
export function stepSetupCommands(step: Pick<PlanStep, 'kind' | 'setupSwitches'>): string[] {
  const switches = stepSetupSwitches(step);
  if (switches.length === 0) return [];
  return isAdStep(step) ? switches.map(s => setupCommand([s])) : [setupCommand(switches)];
}

/** The switches of the organisation's AD preparation, in the order they run (each is its own Setup run). */
export function adPreparationSwitches(ad: Pick<OrganisationPlan['adPreparation'], 'prepareSchema' | 'prepareAd' | 'prepareAllDomains'>): SetupSwitch[] {
  const switches: SetupSwitch[] = [];
  if (ad.prepareSchema) switches.push('/PrepareSchema');
  if (ad.prepareAd) switches.push('/PrepareAD');
  if (ad.prepareAllDomains === true) switches.push('/PrepareAllDomains');
  return switches;
}
