/**
 * Reading ExchangeSetup.log: the diagnosis of the last Setup run (`analyseSetupLog`) and the
 * progress of a run under way (`setupLogProgress`).
 */
export { analyseSetupLog } from './analyse';
export { setupLogProgress } from './progress';
export { splitLogLines, parseLogLine } from './lines';
export { SetupLogAnalysis, SetupLogCause, SetupLogContext, SetupLogEvidence, SetupLogProgress } from './types';
