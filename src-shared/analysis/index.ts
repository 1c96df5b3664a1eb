/**
 * The analyzer: findings, the EEMS verdict and the organisation summary.
 */
export { analyseServer, sortFindings, worstSeverity, ALL_CHECKS, type ServerAnalysis, type ServerAnalysisInput } from './analyse-server';
export { eemsVerdict, whyUpdatingFixes } from './eems-verdict';
export { eemsConditions, ruleForSymptom, type EemsCondition } from './eems-conditions';
export { classifyOcsFailure, type OcsFailure, type OcsFailureCause } from './ocs-error';
export { summariseOrganisation } from './summary';
export { DOCS } from './links';
export * from './types';
