import type { ComponentType } from 'react';
import type { WizardStep } from '../../../src-shared/wizard/session';
import { DiscoverStep } from './DiscoverStep';
import { DownloadStep } from './DownloadStep';
import { ExplainStep } from './ExplainStep';
import { HealthStep } from './HealthStep';
import { PlanStep } from './PlanStep';
import { ReportStep } from './ReportStep';
import { StageStep } from './StageStep';
import { UpgradeStep } from './UpgradeStep';
import { WelcomeStep } from './WelcomeStep';

/**
 * The component of each step. Labels, order and rules live in src-shared/wizard/steps.ts;
 * this is the only other place a new step is listed (the compiler insists on an entry per step).
 */
export const STEP_COMPONENTS: Record<WizardStep, ComponentType> = {
  welcome: WelcomeStep,
  discover: DiscoverStep,
  health: HealthStep,
  explain: ExplainStep,
  plan: PlanStep,
  download: DownloadStep,
  stage: StageStep,
  upgrade: UpgradeStep,
  report: ReportStep,
};
