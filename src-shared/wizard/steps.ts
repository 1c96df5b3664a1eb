import type { WizardSession, WizardStep } from './session';

/**
 * The wizard's steps: labels, what each is for, and when it may be entered.
 *
 * Pure, so the rule "you cannot plan before you have scanned" is tested without
 * a browser and the UI only renders what this says.
 */
export interface StepInfo {
  id: WizardStep;
  label: string;
  /** One line under the label in the step rail. */
  hint: string;
}

export const STEPS: readonly StepInfo[] = [
  { id: 'welcome', label: 'Welcome', hint: 'What this does, where servers come from' },
  { id: 'discover', label: 'Discover', hint: 'Find the Exchange servers' },
  { id: 'health', label: 'Health', hint: 'Probe each server' },
  { id: 'explain', label: 'Explain', hint: 'Why EEMS is cut off' },
  { id: 'plan', label: 'Plan', hint: 'Which update, in which order' },
  { id: 'download', label: 'Download', hint: 'Fetch and verify the files' },
  { id: 'stage', label: 'Stage', hint: 'Copy them to the servers' },
  { id: 'upgrade', label: 'Upgrade', hint: 'Guided checklist per server' },
  { id: 'report', label: 'Report', hint: 'Export for the record' },
];

export function stepIndex(step: WizardStep): number {
  return STEPS.findIndex(s => s.id === step);
}

/**
 * Why a step cannot be entered yet, or null when it can. The reason is shown
 * to the admin as it is.
 */
export function blockedReason(step: WizardStep, session: Pick<WizardSession, 'discovered' | 'scan'>): string | null {
  switch (step) {
    case 'welcome':
    case 'discover':
      return null;
    case 'health':
      return session.discovered.length === 0 ? 'Discover or add at least one server first.' : null;
    default:
      return session.scan === null ? 'Run the health scan first.' : null;
  }
}

export function nextStep(step: WizardStep): WizardStep | null {
  return STEPS[stepIndex(step) + 1]?.id ?? null;
}

export function previousStep(step: WizardStep): WizardStep | null {
  const i = stepIndex(step);
  return i > 0 ? (STEPS[i - 1]?.id ?? null) : null;
}
