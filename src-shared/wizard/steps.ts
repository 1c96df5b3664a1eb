import { z } from 'zod';
// Type-only: erased at run time, so session.ts may import WizardStep from here without a cycle.
import type { WizardSession } from './session';

/**
 * The wizard's steps: labels, what each is for, when it may be entered and when it is done.
 *
 * The single list of steps: the `WizardStep` type and schema, the step rail, Back/Next, the
 * numbering and the ticks all come from `STEPS`. Adding a step means an entry here and its
 * component in the renderer's step registry (renderer/src/steps/registry.ts, which the compiler
 * holds to this list).
 *
 * Pure, so the rule "you cannot plan before you have scanned" is tested without
 * a browser and the UI only renders what this says.
 */
export interface StepInfo<Id extends string = WizardStep> {
  id: Id;
  label: string;
  /** One line under the label in the step rail. */
  hint: string;
}

/** Checks each entry's shape while keeping its literal id, so `WizardStep` can be derived from the list. */
function defineSteps<const Id extends string>(steps: readonly [StepInfo<Id>, ...StepInfo<Id>[]]): readonly [StepInfo<Id>, ...StepInfo<Id>[]] {
  return steps;
}

export const STEPS = defineSteps([
  { id: 'welcome', label: 'Welcome', hint: 'What this does, where servers come from' },
  { id: 'discover', label: 'Discover', hint: 'Find the Exchange servers' },
  { id: 'health', label: 'Health', hint: 'Probe each server' },
  { id: 'explain', label: 'Explain', hint: 'Why EEMS is cut off' },
  { id: 'plan', label: 'Plan', hint: 'Which update, in which order' },
  { id: 'download', label: 'Download', hint: 'Fetch and verify the files' },
  { id: 'stage', label: 'Stage', hint: 'Copy them to the servers' },
  { id: 'upgrade', label: 'Upgrade', hint: 'Guided checklist per server' },
  { id: 'report', label: 'Report', hint: 'Export for the record' },
]);

type StepId = (typeof STEPS)[number]['id'];
const STEP_IDS = STEPS.map(s => s.id) as [StepId, ...StepId[]];

/** A step's id, as the session stores it: one of the ids of {@link STEPS}, in their order. */
export const WizardStep = z.enum(STEP_IDS);
export type WizardStep = z.infer<typeof WizardStep>;

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

/** Servers discovered since the last scan (by name, case-insensitive): the scan does not cover them. */
export function serversNotScanned(session: Pick<WizardSession, 'discovered' | 'scan'>): string[] {
  if (!session.scan) return [];
  const scanned = new Set(session.scan.servers.map(s => s.name.toLowerCase()));
  return session.discovered.filter(s => !scanned.has(s.name.toLowerCase())).map(s => s.name);
}

/**
 * Servers the last scan covered that are no longer in the server list (removed since): its
 * results and plan still count them. Empty when no list is kept (a scan loaded on its own).
 */
export function serversRemovedSinceScan(session: Pick<WizardSession, 'discovered' | 'scan'>): string[] {
  if (!session.scan || session.discovered.length === 0) return [];
  const listed = new Set(session.discovered.map(s => s.name.toLowerCase()));
  return session.scan.servers.filter(s => !listed.has(s.name.toLowerCase())).map(s => s.name);
}

/** "These results are out of date: EX09 was added after the last scan." or null when they are not. */
export function staleScanText(session: Pick<WizardSession, 'discovered' | 'scan'>): string | null {
  const added = serversNotScanned(session);
  const removed = serversRemovedSinceScan(session);
  if (added.length === 0 && removed.length === 0) return null;
  const parts: string[] = [];
  if (added.length) parts.push(`${added.join(', ')} ${added.length === 1 ? 'was' : 'were'} added after the last scan`);
  if (removed.length) parts.push(`${removed.join(', ')} ${removed.length === 1 ? 'was' : 'were'} removed from the list since`);
  return `These results are out of date: ${parts.join(', and ')}. Scan again so the answer and the plan cover exactly your servers.`;
}

/**
 * Whether a step is done, for its tick in the step rail: from what the session holds (servers
 * found, a scan covering them), and for the steps that only show something, from having moved
 * on past them.
 */
export function stepDone(step: WizardStep, session: Pick<WizardSession, 'discovered' | 'scan' | 'currentStep'>): boolean {
  const passed = stepIndex(step) < stepIndex(session.currentStep);
  switch (step) {
    case 'discover':
      return session.discovered.length > 0 && passed;
    case 'health':
      return session.scan !== null && serversNotScanned(session).length === 0;
    default:
      return passed && blockedReason(step, session) === null;
  }
}
