import type { CertificateRuleResult } from './types';
import type { CertificateRule } from './catalog-schema';
import type { CatalogIndex } from './catalog-index';
import { compareBuilds } from './build-number';

/** What a rule is checked against: the CU line and the catalog build standing for the server. */
export interface RuleSubject {
  product: string;
  cu: string;
  /** A catalog build (exact, or the one the input resolved to). */
  build: string;
  hasEems: boolean;
  today: string;
}

/**
 * Evaluates every certificate rule of the catalog. The rules are data (minimum build per CU
 * line, borderline builds), so a new cut-off is a catalog change, never a code change.
 */
export function evaluateCertificateRules(index: CatalogIndex, subject: RuleSubject): CertificateRuleResult[] {
  return index.catalog.certificateRules.map(rule => evaluateRule(index, rule, subject));
}

/**
 * The text each rule's failure leaves in the EEMS log (its wording.symptom): the probe and the
 * offline collector keep the log lines naming one, and ruleForSymptom attributes them. Passed to
 * the scripts as data, so a rule in an imported catalog is evidenced from the logs too.
 */
export function certificateLogSymptoms(rules: readonly CertificateRule[]): string[] {
  return [...new Set(rules.map(rule => rule.wording.symptom).filter(symptom => symptom.trim() !== ''))];
}

function evaluateRule(index: CatalogIndex, rule: CertificateRule, s: RuleSubject): CertificateRuleResult {
  const line = rule.minimumBuilds.find(m => m.product === s.product && m.cu === s.cu);
  const minimumBuild = line?.build ?? null;
  const minimumEsu = minimumBuild === null ? false : (index.byBuild.get(minimumBuild)?.esuOnly ?? false);
  const borderline = rule.borderlineBuilds.find(b => b.build === s.build);
  const lineName = `${s.product} ${s.cu}`;
  const esuText = minimumEsu ? ' (sold only through ESU)' : '';

  let satisfied = false;
  let reason: string;
  if (borderline) {
    reason = `${borderline.reason} ${minimumBuild ? `The first ${lineName} build that clearly meets it is ${minimumBuild}${esuText}.` : `No later ${lineName} build exists.`}`;
  } else if (minimumBuild === null) {
    const base = s.hasEems ? `No ${lineName} build meets the ${rule.title}` : `${lineName} has no Emergency Mitigation Service, and no ${lineName} build meets the ${rule.title}`;
    reason = line?.note ? `${base}: ${line.note}` : `${base}.`;
  } else if (compareBuilds(s.build, minimumBuild) >= 0) {
    satisfied = true;
    reason =
      s.build === minimumBuild
        ? `${s.build} is the first ${lineName} build that meets the ${rule.title}.`
        : `${s.build} is newer than ${minimumBuild}, the first ${lineName} build that meets the ${rule.title}.`;
  } else {
    reason = `${s.build} is older than ${minimumBuild}${esuText}, the first ${lineName} build that meets the ${rule.title}.`;
  }
  return {
    id: rule.id,
    cutoff: rule.cutoff,
    title: rule.title,
    effectiveDate: rule.effectiveDate,
    satisfied,
    borderline: borderline !== undefined,
    minimumBuild,
    reason,
    inEffect: s.today >= rule.effectiveDate,
    minimumBuildEsuOnly: minimumEsu,
    symptoms: rule.symptoms,
    consequence: rule.consequence,
    sources: rule.sources,
    wording: rule.wording,
  };
}
