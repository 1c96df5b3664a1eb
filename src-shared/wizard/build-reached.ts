import { compareBuilds } from '../knowledge/build-number';

/**
 * Whether the build a server now reports is the one a checklist step waits for: the same
 * major.minor (15.1 is Exchange 2016; 15.2 is 2019 and SE), at that build or later. The caller
 * passes the step's own resulting build, never the plan's final target.
 */
export function buildReached(now: string | null, expected: string): boolean {
  if (!now) return false;
  const line = (build: string) => build.split('.').slice(0, 2).join('.');
  return compareBuilds(now, expected) >= 0 && line(now) === line(expected);
}
