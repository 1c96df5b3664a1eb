import { compareBuilds } from '../knowledge/build-number';

/**
 * Builds with a known problem Microsoft documented, after Health Checker's list
 * (Analyzer/Invoke-AnalyzerKnownBuildIssues.ps1): a build from `from` up to (not including)
 * `fixedIn` has the issue; `fixedIn` null = no fixed build of that CU line.
 */
export interface KnownBuildIssue {
  name: string;
  url: string;
  ranges: ReadonlyArray<{ from: string; fixedIn: string | null }>;
}

export const KNOWN_BUILD_ISSUES: readonly KnownBuildIssue[] = [
  {
    name: 'OWA redirection does not work after the November 2021 security update',
    url: 'https://support.microsoft.com/help/5008997',
    ranges: [
      { from: '15.2.986.14', fixedIn: '15.2.986.15' },
      { from: '15.2.922.19', fixedIn: '15.2.922.20' },
      { from: '15.1.2375.17', fixedIn: '15.1.2375.18' },
      { from: '15.1.2308.20', fixedIn: '15.1.2308.21' },
      { from: '15.0.1497.26', fixedIn: '15.0.1497.28' },
    ],
  },
  {
    name: 'The Exchange Service Host service fails after the March 2022 security update (KB5013118)',
    url: 'https://support.microsoft.com/kb/5013118',
    ranges: [
      { from: '15.2.1118.7', fixedIn: '15.2.1118.9' },
      { from: '15.2.986.22', fixedIn: '15.2.986.26' },
      { from: '15.2.922.27', fixedIn: null },
      { from: '15.1.2507.6', fixedIn: '15.1.2507.9' },
      { from: '15.1.2375.24', fixedIn: '15.1.2375.28' },
      { from: '15.1.2308.27', fixedIn: null },
      { from: '15.0.1497.33', fixedIn: '15.0.1497.36' },
    ],
  },
  {
    name: 'Known issues with the January 2023 security update',
    url: 'https://techcommunity.microsoft.com/t5/exchange-team-blog/released-january-2023-exchange-server-security-updates/ba-p/3711808',
    ranges: [
      { from: '15.1.2507.17', fixedIn: '15.1.2507.21' },
      { from: '15.2.986.37', fixedIn: '15.2.986.41' },
      { from: '15.2.1118.21', fixedIn: '15.2.1118.25' },
    ],
  },
  {
    name: 'Known issues with the February 2023 security update',
    url: 'https://techcommunity.microsoft.com/t5/exchange-team-blog/released-february-2023-exchange-server-security-updates/ba-p/3741058',
    ranges: [
      { from: '15.2.1118.25', fixedIn: '15.2.1118.26' },
      { from: '15.2.986.41', fixedIn: '15.2.986.42' },
      { from: '15.1.2507.21', fixedIn: '15.1.2507.23' },
    ],
  },
  {
    name: 'Known issues with the March 2024 security update (KB5037171)',
    url: 'https://support.microsoft.com/help/5037171',
    ranges: [
      { from: '15.2.1544.9', fixedIn: '15.2.1544.11' },
      { from: '15.2.1258.32', fixedIn: '15.2.1258.34' },
      { from: '15.1.2507.37', fixedIn: '15.1.2507.39' },
    ],
  },
  {
    name: 'The November 2024 security update was pulled; install its re-release (v2)',
    url: 'https://techcommunity.microsoft.com/blog/exchange/released-november-2024-exchange-server-security-updates/4293125',
    ranges: [
      { from: '15.2.1544.13', fixedIn: '15.2.1544.14' },
      { from: '15.2.1258.38', fixedIn: '15.2.1258.39' },
      { from: '15.1.2507.43', fixedIn: '15.1.2507.44' },
    ],
  },
  {
    name: 'Online archiving fails for on-premises users in a hybrid organisation',
    url: 'https://support.microsoft.com/en-us/topic/online-archiving-fails-for-on-premises-users-in-hybrid-environment-ab3b6a9f-18bf-493b-b47d-450ad7c89ed4',
    ranges: [
      { from: '15.2.2562.17', fixedIn: '15.2.2562.27' },
      { from: '15.2.1748.24', fixedIn: '15.2.1748.37' },
      { from: '15.2.1544.25', fixedIn: '15.2.1544.34' },
      { from: '15.1.2507.55', fixedIn: '15.1.2507.59' },
    ],
  },
];

/** The known issues a build falls into (same CU line: same major.minor.build). */
export function knownIssuesOf(build: string): KnownBuildIssue[] {
  const line = (b: string) => b.split('.').slice(0, 3).map(Number).join('.');
  return KNOWN_BUILD_ISSUES.filter(issue => issue.ranges.some(r => line(r.from) === line(build) && compareBuilds(build, r.from) >= 0 && (r.fixedIn === null || compareBuilds(build, r.fixedIn) < 0)));
}
