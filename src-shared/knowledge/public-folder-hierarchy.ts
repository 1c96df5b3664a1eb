import type { BuildClassification, PlanInput, PlanStep, ServerPlan } from './types';
import type { CatalogIndex } from './catalog-index';
import { DO_NOT_ENABLE_EP, enablesExtendedProtection, HIERARCHY_TOO_OLD_TEXT, hierarchyTooOldForExtendedProtection } from './extended-protection';
import { READ_PUBLIC_FOLDER_HIERARCHY, scannedServerName, type ObservedPublicFolderHierarchy } from './organisation-facts';
import { isSetupStep } from './step-kinds';

/** The prerequisite id every Setup that turns Extended Protection on carries once the hierarchy was looked for. */
export const PUBLIC_FOLDER_HIERARCHY_PREREQUISITE = 'public-folder-hierarchy';

/** What the organisation plan takes from the public-folder hierarchy rule. */
export interface HierarchyPlanning {
  plans: ServerPlan[];
  /** The server holding the hierarchy when it must be updated before any Setup that turns Extended Protection on elsewhere. */
  first: string | null;
  /** A note for the plan, or null. */
  note: string | null;
}

/** Whether a Setup step turns Extended Protection on (its media does and it does not run with /DoNotEnableEP). */
function turnsOnExtendedProtection(index: CatalogIndex, step: PlanStep): boolean {
  if (step.setupSwitches?.includes(DO_NOT_ENABLE_EP)) return false;
  if (isSetupStep(step)) return step.prerequisites.some(p => p.id === 'extended-protection');
  if (step.kind !== 'install-new-server') return false;
  const record = step.resultingBuild === null ? undefined : index.byBuild.get(step.resultingBuild);
  return record !== undefined && enablesExtendedProtection(index, record);
}

/**
 * Extended Protection must not be turned on while the public-folder hierarchy mailbox is on a
 * server running Exchange 2016 CU22 / 2019 CU11 or older (Learn, "Configure Windows Extended
 * Protection in Exchange Server"). From where the scan found the hierarchy: every Setup that turns
 * Extended Protection on, on another server, carries whether that holds (met, not met, or not
 * known with how to read it), and a hierarchy server whose own update raises it past those builds
 * is updated first. Without an observation (`observed` undefined) the plans are left as they are.
 */
export function planForPublicFolderHierarchy(
  index: CatalogIndex,
  plans: readonly ServerPlan[],
  inputs: readonly PlanInput[],
  classes: readonly (BuildClassification | null)[],
  observed: ObservedPublicFolderHierarchy | undefined,
): HierarchyPlanning {
  if (!observed) return { plans: [...plans], first: null, note: null };
  const names = inputs.map(i => i.serverName);
  const holder = observed.state === 'on-server' && observed.server !== null ? scannedServerName(observed.server, names) : null;
  const at = holder === null ? -1 : names.indexOf(holder);
  const c = at >= 0 ? classes[at] : null;
  const tooOld = c ? hierarchyTooOldForExtendedProtection(index, c) : false;
  const holderPlan = at >= 0 ? plans[at] : undefined;
  const ownFinal = holderPlan?.ownFinalBuild ? index.byBuild.get(holderPlan.ownFinalBuild) : undefined;
  const raised = tooOld && ownFinal !== undefined && !hierarchyTooOldForExtendedProtection(index, ownFinal);
  const runs = c ? `${c.product} ${c.cu}` : 'a build the scan could not read';
  const mailbox = observed.mailbox ? ` ${observed.mailbox}` : '';

  const title = `The public-folder hierarchy not on ${HIERARCHY_TOO_OLD_TEXT}`;
  const [met, detail]: [boolean | null, string] =
    observed.state === 'none'
      ? [true, 'The organisation has no public folders (the scan read an empty hierarchy mailbox GUID).']
      : observed.state === 'unknown' || holder === null
        ? [
            null,
            `Where the public-folder hierarchy lives is not known: ${observed.unknownWhy ?? 'it was not read'}. Read it in the Exchange Management Shell (nothing printed: no public folders): ${READ_PUBLIC_FOLDER_HIERARCHY.commands[0]}`,
          ]
        : at < 0 || c === null
          ? [null, `The hierarchy mailbox${mailbox} is on ${holder}, whose build the scan could not read: check it is newer than ${HIERARCHY_TOO_OLD_TEXT}.`]
          : !tooOld
            ? [true, `The hierarchy mailbox${mailbox} is on ${holder} (${runs}), newer than ${HIERARCHY_TOO_OLD_TEXT}.`]
            : raised
              ? [true, `The hierarchy mailbox${mailbox} is on ${holder} (${runs}); ${holder}'s own update comes first in the plan and raises it past ${HIERARCHY_TOO_OLD_TEXT} before this Setup.`]
              : [
                  false,
                  `The hierarchy mailbox${mailbox} is on ${holder} (${runs}) and stays there: move it to a newer server first (New-MoveRequest), or run this Setup with ${DO_NOT_ENABLE_EP} and turn Extended Protection on once the hierarchy has moved.`,
                ];
  const prerequisite: PlanStep['prerequisites'][number] = { id: PUBLIC_FOLDER_HIERARCHY_PREREQUISITE, title, met, detail };

  let any = false;
  const add =
    (server: string) =>
    (step: PlanStep): PlanStep => {
      if (server === holder || !turnsOnExtendedProtection(index, step)) return step;
      any = true;
      return { ...step, prerequisites: [...step.prerequisites.filter(p => p.id !== PUBLIC_FOLDER_HIERARCHY_PREREQUISITE), prerequisite] };
    };
  const updated = plans.map(plan => {
    const f = add(plan.serverName);
    // A migration's new server is another server than the one it replaces.
    const g = add('');
    return {
      ...plan,
      steps: plan.steps.map(f),
      ...(plan.migration ? { migration: { ...plan.migration, newServerSteps: plan.migration.newServerSteps.map(g), afterRemovalSteps: plan.migration.afterRemovalSteps.map(g) } } : {}),
    };
  });
  const first = any && raised && holder !== null ? holder : null;
  const note =
    !any || !tooOld || holder === null
      ? null
      : raised
        ? `${holder} holds the public-folder hierarchy on ${runs}: it is updated first, because Extended Protection must not be turned on elsewhere while the hierarchy is on ${HIERARCHY_TOO_OLD_TEXT}.`
        : `${holder} holds the public-folder hierarchy on ${runs} and its own plan does not take it past ${HIERARCHY_TOO_OLD_TEXT}: move the hierarchy mailbox to a newer server before any Setup turns Extended Protection on.`;
  return { plans: updated, first, note };
}
