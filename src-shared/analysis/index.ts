/**
 * The analyzer: findings and the EEMS verdict of one server (the organisation
 * summary is the assessment's, src-shared/assessment/).
 */
export { analyseServer, sortFindings, worstSeverity, ALL_CHECKS, type ServerAnalysis, type ServerAnalysisInput } from './analyse-server';
export { eemsVerdict, whyUpdatingFixes } from './eems-verdict';
export { eemsConditions, ruleForSymptom, type EemsCondition } from './eems-conditions';
export { classifyOcsFailure, type OcsFailure, type OcsFailureCause } from './ocs-error';
export { DOCS } from './links';
export * from './types';
