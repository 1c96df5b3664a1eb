import { esuInForce } from '../knowledge/esu';
import { psQuote } from '../domain/powershell-quote';
import { cutoffName, monthYear, plainDate, ruleWording } from '../knowledge/certificate-rule-text';
import type { CertificateRuleResult } from '../knowledge/types';
import type { CheckContext } from './check';
import { ev, isEdge } from './check';
import { eemsConditions, otherConditionsText, ruleForSymptom, unknownConditionEvidence, type EemsCondition } from './eems-conditions';
import { DOCS } from './links';
import { classifyOcsFailure } from './ocs-error';
import type { DocLink, EemsVerdict, Evidence } from './types';

/**
 * The EEMS verdict: can this server's Emergency Mitigation Service get and use
 * mitigations from Microsoft today, and if not, why — in words a generalist
 * admin understands, with the evidence and the exact fix.
 *
 * Order of reasoning: EEMS must exist on the build and role; the build must
 * pass every certificate rule (a build that fails one is blocked whatever
 * else is true, because only an update fixes it — but the explanation names
 * every other problem and unknown, so updating alone is never promised to be
 * enough); then EEMS must be enabled, its service running, and the Office
 * Config Service reachable from the server. `healthy` only when each of those
 * was observed; otherwise `unknown`, listing what was not observed and how to
 * read it. Everything said about a cut-off comes from the rule's wording.
 */
export function eemsVerdict(ctx: CheckContext): EemsVerdict {
  const c = ctx.classification;
  const facts = ctx.facts;
  const evidence = baseEvidence(ctx);
  const fix = planFix(ctx);

  if (!c) {
    return verdict(
      'unknown',
      null,
      "The server's Exchange build could not be determined, so the wizard cannot tell whether EEMS works on it.",
      evidence,
      facts ? 'Check that ExSetup.exe can be read on the server and scan again.' : 'Make the server reachable (or run the offline collector on it) and scan again.',
      [DOCS.eemsService],
    );
  }
  if (isEdge(ctx)) {
    return verdict(
      'not-applicable',
      null,
      'Edge Transport servers do not run the Emergency Mitigation Service, so the certificate changes do not affect EEMS here. The server still needs current security updates.',
      evidence,
      fix,
      [DOCS.eemsService],
    );
  }
  if (!c.eemsAvailable) {
    return verdict(
      'not-applicable',
      null,
      `${c.product} ${c.cu} has no Emergency Mitigation Service (it arrived with Exchange 2016 CU22 and 2019 CU11), so the certificate changes do not apply to it. It is still missing years of security fixes: see the plan.`,
      evidence,
      fix,
      [DOCS.eemsService, DOCS.buildNumbers],
    );
  }

  const conditions = eemsConditions(ctx);
  const unknownEvidence = unknownConditionEvidence(conditions);
  const rules = [...c.certificateRules].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
  const firstUnmet = rules.find(r => !r.satisfied);
  if (firstUnmet) {
    const ruleEvidence = [...evidence, ...ruleLines(c.build, c.releaseDate, rules), ...symptomEvidence(ctx), ...unknownEvidence];
    const others = otherConditionsText(conditions);
    if (firstUnmet.borderline) {
      const later = rules.filter(r => r !== firstUnmet && !r.satisfied);
      const w = ruleWording(firstUnmet);
      return verdict(
        'borderline',
        firstUnmet.cutoff,
        join(
          `This server runs a build released right at ${cutoffName(firstUnmet)}: Microsoft promises a working connection only for ${w.hits.replace(/^builds older than/, 'builds newer than')}, so EEMS here may or may not work — do not rely on it.`,
          ...later.map(r => `It is also affected by ${cutoffName(r)}: ${ruleWording(r).explanation}`),
          others,
        ),
        ruleEvidence,
        fix,
        dedupeLinks([...ruleLinks(firstUnmet), ...later.flatMap(ruleLinks)]),
      );
    }
    return verdict(
      'blocked-by-certificate',
      firstUnmet.cutoff,
      join(precisionNote(ctx) + blockedExplanation(ctx, firstUnmet), plainTestNote(ctx, firstUnmet), others),
      ruleEvidence,
      fix,
      dedupeLinks([...ruleLinks(firstUnmet), DOCS.upgradeToSe, DOCS.buildNumbers]),
    );
  }

  const problem = conditions.find(x => x.state === 'problem');
  if (problem) return problemVerdict(ctx, problem, conditions, [...evidence, ...(problem.id === 'ocs' ? symptomEvidence(ctx) : []), ...unknownEvidence]);
  const unknown = conditions.filter(x => x.state === 'unknown');
  if (unknown.length > 0) {
    return verdict(
      'unknown',
      null,
      `The build passes every certificate change, but EEMS cannot be called working: ${unknown.length === conditions.length && !facts ? 'the server was never scanned' : 'some of what it needs was not observed'}. Not known: ${unknown.map(u => u.text).join('; ')}.`,
      [...evidence, ...unknownEvidence],
      facts ? 'Read the facts listed under "Not observed" (each says how), or scan the server again.' : 'Scan the server (WinRM), or run the offline collector on it, then look again.',
      [DOCS.eemsService, DOCS.eemsHealthChecker],
    );
  }
  return verdict(
    'healthy',
    null,
    "The build passes every certificate change, EEMS is enabled for the organisation and the server, its service runs and the server reached Microsoft's mitigation service: emergency mitigations will arrive.",
    evidence,
    'Nothing to fix for EEMS. Keep the server on the latest security update.',
    [DOCS.eemsService],
  );
}

/** A recent-enough build with one observed EEMS problem: the verdict names it and everything else wrong or unknown. */
function problemVerdict(ctx: CheckContext, problem: EemsCondition, conditions: EemsCondition[], evidence: Evidence[]): EemsVerdict {
  const eems = ctx.facts?.eems;
  const name = ctx.facts?.identity.name ?? '<server>';
  const others = otherConditionsText(conditions, problem.id);
  if (problem.id === 'org-enabled' || problem.id === 'server-enabled') {
    const org = problem.id === 'org-enabled';
    const where = org ? 'for the whole organisation (Set-OrganizationConfig -MitigationsEnabled $false)' : 'on this server (Set-ExchangeServer -MitigationsEnabled $false)';
    return verdict(
      'disabled',
      null,
      join(`The build is recent enough, but EEMS has been switched off ${where}, so no emergency mitigation is applied automatically.`, others),
      evidence,
      org
        ? 'Unless this was a deliberate decision, run: Set-OrganizationConfig -MitigationsEnabled $true'
        : `Unless this was a deliberate decision, run: Set-ExchangeServer -Identity ${psQuote(name)} -MitigationsEnabled $true`,
      [DOCS.eemsService, DOCS.eemsHealthChecker],
    );
  }
  if (problem.id === 'service') {
    const s = eems?.service;
    return verdict(
      'service-not-running',
      null,
      join(
        s
          ? `The build is recent enough, but the Microsoft Exchange Emergency Mitigation service (MSExchangeMitigation) is ${s.status.toLowerCase()} (start type ${s.startType}), so nothing checks for mitigations.`
          : 'The build is recent enough, but the Microsoft Exchange Emergency Mitigation service (MSExchangeMitigation) is not installed on the server, so nothing checks for mitigations.',
        others,
      ),
      evidence,
      s
        ? 'Set the MSExchangeMitigation service to Automatic and start it: Set-Service MSExchangeMitigation -StartupType Automatic; Start-Service MSExchangeMitigation'
        : 'Run the last Exchange update again from an elevated prompt (it installs the service) and check the setup log.',
      [DOCS.eemsService],
    );
  }
  const test = eems?.ocsTest;
  const failure = classifyOcsFailure(test?.error ?? null, test?.statusCode ?? null);
  return verdict(
    'ocs-unreachable',
    null,
    join(`The build is recent enough, but the server cannot reach Microsoft's mitigation service (officeclient.microsoft.com). ${failure.meaning}`, others),
    evidence,
    failure.fix,
    [DOCS.eemsConnectivity, DOCS.eemsService],
  );
}

function join(...parts: string[]): string {
  return parts
    .map(p => p.trim())
    .filter(p => p.length > 0)
    .join(' ');
}

function ruleLinks(rule: CertificateRuleResult): DocLink[] {
  return ruleWording(rule).links.map(l => ({ title: l.title, url: l.url }));
}

function dedupeLinks(links: DocLink[]): DocLink[] {
  const seen = new Set<string>();
  return links.filter(l => (seen.has(l.url) ? false : (seen.add(l.url), true)));
}

function verdict(kind: EemsVerdict['verdict'], cutoff: string | null, explanation: string, evidence: Evidence[], fix: string, links: DocLink[]): EemsVerdict {
  return { verdict: kind, cutoff, explanation, evidence, fix, links };
}

function buildLabel(ctx: CheckContext): string | null {
  const c = ctx.classification;
  if (!c) return null;
  return `${c.build} (${c.product} ${c.cu}${c.update ? ` ${c.update}` : ''}${c.releaseDate ? `, released ${c.releaseDate}` : ''})`;
}

function baseEvidence(ctx: CheckContext): Evidence[] {
  const list: Evidence[] = [];
  const label = buildLabel(ctx);
  if (label) list.push(ev('Build', label));
  if (ctx.classification?.resolvedTo) list.push(ev('Build note', ctx.classification.resolvedTo.reason));
  if (ctx.facts) {
    const e = ctx.facts.eems;
    list.push(ev('EEMS enabled (organisation / server)', `${fmtBool(e.orgMitigationsEnabled)} / ${fmtBool(e.serverMitigationsEnabled)}`));
    list.push(ev('MSExchangeMitigation service', e.service ? `${e.service.status}, ${e.service.startType}` : 'not installed'));
    list.push(ev('OCS connection test (run on the server)', ocsTestText(ctx)));
  }
  return list;
}

function ruleLines(build: string, releaseDate: string | null, rules: CertificateRuleResult[]): Evidence[] {
  return rules.map(rule =>
    ev(
      `Certificate change ${rule.cutoff} (${rule.title})`,
      `${rule.satisfied ? 'passes' : rule.borderline ? 'borderline' : 'FAILS'}: this build ${build}${releaseDate ? ` (released ${plainDate(releaseDate)})` : ''}; ${rule.minimumBuild ? `the oldest build of this cumulative update that passes is ${rule.minimumBuild}` : 'no build of this cumulative update passes, only a newer cumulative update'}. ${rule.reason}`,
    ),
  );
}

/** Event 1008 and EEMS log lines: what the server itself says about the certificate problem. */
function symptomEvidence(ctx: CheckContext): Evidence[] {
  const e = ctx.facts?.eems;
  if (!e) return [];
  const rules = ctx.classification?.certificateRules ?? [];
  const list: Evidence[] = [];
  if (e.events1008 === null) list.push(ev('Event 1008 (MSExchange Mitigation Service, last 30 days)', 'could not be read'));
  else if (e.events1008.length === 0) list.push(ev('Event 1008 (MSExchange Mitigation Service, last 30 days)', 'none'));
  else {
    const latest = e.events1008[0];
    const symptom = latest ? ruleForSymptom(latest.message, rules)?.symptom : null;
    list.push(
      ev(
        'Event 1008 (MSExchange Mitigation Service, last 30 days)',
        `${e.events1008.length} event(s); latest ${latest?.timeCreated ?? ''}${symptom ? ` — "${symptom}"` : ''}: ${truncate(latest?.message ?? '', 300)}`,
      ),
    );
  }
  if (e.certificateLogLines && e.certificateLogLines.length > 0) {
    const line = e.certificateLogLines[0];
    if (line) list.push(ev('EEMS log', `${truncate(line.line, 300)} (${line.file})`));
  }
  return list;
}

/**
 * What the rule does to this server, from the rule's wording, plus the ESU remark when the rule's
 * minimum build for this CU line is sold only through Extended Security Updates.
 */
function blockedExplanation(ctx: CheckContext, rule: CertificateRuleResult): string {
  const c = ctx.classification;
  const w = ruleWording(rule);
  const what = c ? `${c.product} ${c.cu}${c.update ? ` ${c.update}` : ''}${c.releaseDate ? ` from ${monthYear(c.releaseDate)}` : ''}` : 'this build';
  // After the last ESU period no update comes even with ESU: the answer no longer opens a way.
  const esuOpen = c ? esuInForce({ esuEnd: c.esuEnds ?? null }, ctx.organisationHasEsu, ctx.today) : ctx.organisationHasEsu;
  const esu = rule.minimumBuildEsuOnly
    ? esuOpen
      ? ' The update that meets it for this cumulative update is available only through Extended Security Updates (ESU), which your organisation has: install it from your ESU channel.'
      : ctx.organisationHasEsu
        ? ` The update that meets it for this cumulative update was sold only through Extended Security Updates (ESU), which ended${c?.esuEnds ? ` on ${c.esuEnds}` : ''}: the way to a working EEMS is Exchange Server SE.`
        : ' The update that meets it for this cumulative update is sold only through Extended Security Updates (ESU); without ESU the way to a working EEMS is Exchange Server SE.'
    : '';
  // The symptom is quoted as this server's only when its event log or EEMS log shows it.
  const logged = observedSymptom(ctx, rule) ? ` The server logs it as "${w.symptom}".` : '';
  return `This server runs ${what}, which ${cutoffName(rule)} cuts off. ${w.explanation}${logged}${esu}`;
}

/** Whether the server's event 1008 messages or EEMS log lines show this rule's symptom. */
function observedSymptom(ctx: CheckContext, rule: CertificateRuleResult): boolean {
  const e = ctx.facts?.eems;
  const texts = [...(e?.events1008 ?? []).map(x => x.message), ...(e?.certificateLogLines ?? []).map(x => x.line)];
  return texts.some(t => ruleForSymptom(t, [rule]) !== null);
}

/** When only the CU is known (AdminDisplayVersion, AD, an /owa/auth/ path), the verdict assumes the CU's own build. */
function precisionNote(ctx: CheckContext): string {
  if (ctx.classification?.buildPrecision !== 'cu') return '';
  return "Only the cumulative update of this server is known, not the security update installed on it, so it is judged as the CU's own build (the worst case). ";
}

/**
 * Health Checker's connection test (and ours) is a plain HTTPS request; it can
 * succeed while EEMS itself rejects the service's certificate. The rule says
 * whether that matters for it.
 */
function plainTestNote(ctx: CheckContext, rule: CertificateRuleResult): string {
  if (ctx.facts?.eems.ocsTest?.statusCode !== 200) return '';
  return ruleWording(rule).plainTestNote ?? '';
}

function planFix(ctx: CheckContext): string {
  const plan = ctx.plan;
  if (!plan) return 'Update the server to a current build (see the plan).';
  const steps = plan.steps.filter(s => s.kind !== 'none' && s.kind !== 'prerequisite').map(s => s.title);
  return steps.length > 0 ? `${plan.summary} Steps: ${steps.join(' → ')}.` : plan.summary;
}

function ocsTestText(ctx: CheckContext): string {
  const test = ctx.facts?.eems.ocsTest;
  if (!test) return 'not run';
  if (test.statusCode === 200) return `HTTP 200 — reachable${test.proxy ? ` (through proxy ${test.proxy})` : ''}`;
  return `${test.statusCode === null ? 'no response' : `HTTP ${test.statusCode}`}${test.error ? `: ${truncate(test.error, 300)}` : ''}${test.proxy ? ` (through proxy ${test.proxy})` : ''}`;
}

function fmtBool(value: boolean | null): string {
  return value === null ? 'unknown' : value ? 'yes' : 'no';
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * Why installing the planned update removes the problem, for the Explain step
 * and the report; null where an update is not what fixes it. The words come
 * from the rule named by the verdict's cut-off (pass the server's rule results).
 */
export function whyUpdatingFixes(v: Pick<EemsVerdict, 'verdict' | 'cutoff'>, rules: readonly CertificateRuleResult[] = []): string | null {
  const rule = v.cutoff === null ? undefined : rules.find(r => r.cutoff === v.cutoff);
  if (v.verdict === 'blocked-by-certificate') return rule ? ruleWording(rule).whyUpdatingFixes : 'A build that meets the certificate change is no longer affected by it.';
  if (v.verdict === 'borderline') {
    const later = rules.filter(r => !r.satisfied && r !== rule).map(r => ruleWording(r).whyUpdatingFixes);
    return [rule ? ruleWording(rule).whyUpdatingFixes : 'A build released after the certificate change is certain to work.', ...later].join(' ');
  }
  if (v.verdict === 'not-applicable') {
    return 'There is no EEMS to repair here, but updating still closes the security holes fixed since this build.';
  }
  return null;
}
