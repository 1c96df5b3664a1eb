import { SEVERITY_ORDER, type Severity } from './types';

/**
 * The one ranking of severities, worst first (Health Checker's red, yellow,
 * grey, green). Every "worst first" order of findings or servers sorts by it.
 */

/** 0 for critical, then warning, info, ok. */
export function severityRank(severity: Severity): number {
  return SEVERITY_ORDER.indexOf(severity);
}

/** Comparator: the worse severity first. */
export function compareSeverity(a: Severity, b: Severity): number {
  return severityRank(a) - severityRank(b);
}
