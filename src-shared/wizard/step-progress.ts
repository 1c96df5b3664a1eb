import { verificationSummary } from '../domain/transfer';
import { findUpdatePackage } from '../knowledge/packages';
import { isInstallStep } from '../knowledge/step-kinds';
import { plannedPackageIds } from './download-table';
import type { WizardSession } from './session';
import { stageMatrix } from './stage-matrix';
import { stepDone, stepIndex, type WizardStep } from './steps';

/**
 * What the step rail says about a step: ticked only when its work is done (Download when every
 * file the plan needs is verified, Stage when every copy is checked, Upgrade when every server's
 * new build is confirmed), otherwise how far it got ("2 of 5 verified") or "visited". Moving
 * past a step never ticks it.
 */
export interface StepProgress {
  done: boolean;
  /** "2 of 5 verified", "visited", or null for a step not reached yet or done. */
  note: string | null;
}

type ProgressSession = Pick<WizardSession, 'discovered' | 'scan' | 'currentStep' | 'downloads' | 'staging' | 'checklist' | 'organisation'>;

/** Files the organisation can get: ESU-only ones count only for an organisation with ESU. */
function obtainable(id: string, hasEsu: boolean): boolean {
  return hasEsu || findUpdatePackage(id)?.esuOnly !== true;
}

function counted(done: number, total: number, verb: string, passed: boolean): StepProgress {
  if (total === 0) return { done: passed, note: null };
  if (done >= total) return { done: true, note: null };
  return { done: false, note: done > 0 || passed ? `${done} of ${total} ${verb}` : null };
}

/** The rail's state of one step. */
export function stepProgress(step: WizardStep, session: ProgressSession): StepProgress {
  const passed = stepIndex(step) < stepIndex(session.currentStep);
  const scan = session.scan;
  const hasEsu = session.organisation.hasEsu;
  switch (step) {
    case 'download': {
      if (!scan) return { done: false, note: null };
      const ids = plannedPackageIds(scan).filter(id => obtainable(id, hasEsu));
      const verified = ids.filter(id => session.downloads.some(d => d.manifest.updateId === id && verificationSummary(d.manifest).level !== 'none'));
      return counted(verified.length, ids.length, 'verified', passed);
    }
    case 'stage': {
      if (!scan) return { done: false, note: null };
      const cells = stageMatrix({ scan, downloads: session.downloads, staging: session.staging })
        .rows.flatMap(r => r.cells)
        .filter(c => c.status !== 'not-needed' && obtainable(c.updateId, hasEsu));
      return counted(cells.filter(c => c.status === 'copied').length, cells.length, 'copied and checked', passed);
    }
    case 'upgrade': {
      if (!scan) return { done: false, note: null };
      const servers = scan.servers.filter(s => s.plan?.steps.some(isInstallStep));
      const ticks = (name: string) => (Object.hasOwn(session.checklist, name) ? session.checklist[name] : undefined);
      const confirmed = servers.filter(s => ticks(s.name)?.reprobe?.done === true);
      const progress = counted(confirmed.length, servers.length, 'servers confirmed', passed);
      return servers.length === 0 ? { done: passed, note: null } : progress;
    }
    default: {
      const done = stepDone(step, session);
      return { done, note: !done && passed ? 'visited' : null };
    }
  }
}
