import type { CertificateRuleWording } from './types';
import type { CertificateRuleResult } from './types';

/*
 * Words for a certificate cut-off, taken from the rule's catalog data. Every place that names a
 * cut-off (verdict, findings, Explain, report, charts) goes through here, so a third rule in an
 * imported catalog is worded like the first two without a code change.
 */

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** "January 2025" for "2025-01-24"; the input as it is when it is not an ISO date. */
export function monthYear(date: string): string {
  const [year, month] = date.split('-');
  const name = MONTHS[Number(month) - 1];
  return name && year ? `${name} ${year}` : date;
}

/** "14 February 2023" for "2023-02-14", "February 2023" for "2023-02": dates as people write them. */
export function plainDate(date: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  if (!m) return monthYear(date);
  return `${Number(m[3])} ${monthYear(`${m[1]}-${m[2]}`)}`;
}

type RuleLike = Pick<CertificateRuleResult, 'cutoff' | 'title' | 'effectiveDate'> & { wording?: CertificateRuleWording | undefined };

/**
 * The rule's wording; a result saved before rules carried wording gets plain words built from
 * its title and dates (never the wording of another rule).
 */
export function ruleWording(rule: RuleLike): CertificateRuleWording {
  if (rule.wording) return rule.wording;
  return {
    name: rule.title,
    hits: `builds that do not meet the ${rule.title}`,
    buildsReleasedBefore: rule.effectiveDate,
    chartLabel: `${rule.cutoff} cut-off`,
    explanation: `EEMS on this server is affected by the ${rule.title}.`,
    symptom: rule.title,
    whyUpdatingFixes: `A build that meets the ${rule.title} is no longer affected by it.`,
    plainTestNote: null,
    links: [],
  };
}

/** "Cut off since January 2025: builds older than March 2023" (or "from …" before it takes effect). */
export function cutoffHeadline(rule: RuleLike, today?: string): string {
  const w = ruleWording(rule);
  const future = today !== undefined && today < rule.effectiveDate;
  return `Cut off ${future ? 'from' : 'since'} ${monthYear(rule.effectiveDate)}: ${w.hits}`;
}

/** "the March 2023 certificate change", for use inside a sentence. */
export function cutoffName(rule: RuleLike): string {
  return `the ${ruleWording(rule).name} certificate change`;
}
