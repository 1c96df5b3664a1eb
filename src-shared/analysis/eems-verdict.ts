import { psQuote } from '../domain/powershell-quote';
import type { CertificateRuleResult } from '../knowledge/types';
import type { CheckContext } from './check';
import { ev, isEdge } from './check';
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
 * else is true, because only an update fixes it); then EEMS must be enabled,
 * its service running, and the Office Config Service reachable from the server.
 */
export function eemsVerdict(ctx: CheckContext): EemsVerdict {
  const c = ctx.classification;
  const facts = ctx.facts;
  const evidence = baseEvidence(ctx);
  const fix = planFix(ctx);

  if (!c) {
    return verdict('unknown', null, 'The server\'s Exchange build could not be determined, so the wizard cannot tell whether EEMS works on it.', evidence, facts ? 'Check that ExSetup.exe can be read on the server and scan again.' : 'Make the server reachable (or run the offline collector on it) and scan again.', [DOCS.eemsService]);
  }
  if (isEdge(ctx)) {
    return verdict('not-applicable', null, 'Edge Transport servers do not run the Emergency Mitigation Service, so the certificate changes do not affect EEMS here. The server still needs current security updates.', evidence, fix, [DOCS.eemsService]);
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

  const rules = [...c.certificateRules].sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate));
  const firstUnmet = rules.find(r => !r.satisfied);
  if (firstUnmet) {
    const ruleEvidence = [...evidence, ...ruleLines(c.build, c.releaseDate, rules), ...symptomEvidence(ctx)];
    if (firstUnmet.borderline) {
      const later = rules.filter(r => r !== firstUnmet && !r.satisfied);
      return verdict(
        'borderline',
        firstUnmet.cutoff,
        `This server runs the March 2023 security update itself, released on the day of the certificate change. Microsoft promises a working connection only for builds newer than March 2023, so EEMS here may or may not reach the mitigation service — do not rely on it.${later.length ? ' It is also older than the June 2026 update, so mitigations published since July 2026 cannot be used here in any case.' : ''}`,
        ruleEvidence,
        fix,
        [DOCS.eemsOutOfDateBlog, DOCS.unknownIssuerKb],
      );
    }
    return verdict('blocked-by-certificate', firstUnmet.cutoff, precisionNote(ctx) + blockedExplanation(ctx, firstUnmet) + plainTestNote(ctx, firstUnmet), ruleEvidence, fix, blockedLinks(firstUnmet));
  }

  const eems = facts?.eems;
  if (eems?.orgMitigationsEnabled === false || eems?.serverMitigationsEnabled === false) {
    const where = eems.orgMitigationsEnabled === false ? 'for the whole organisation (Set-OrganizationConfig -MitigationsEnabled $false)' : 'on this server (Set-ExchangeServer -MitigationsEnabled $false)';
    return verdict(
      'disabled',
      null,
      `The build is recent enough, but EEMS has been switched off ${where}, so no emergency mitigation is applied automatically.`,
      evidence,
      eems.orgMitigationsEnabled === false
        ? 'Unless this was a deliberate decision, run: Set-OrganizationConfig -MitigationsEnabled $true'
        : `Unless this was a deliberate decision, run: Set-ExchangeServer -Identity ${facts ? psQuote(facts.identity.name) : '<server>'} -MitigationsEnabled $true`,
      [DOCS.eemsService, DOCS.eemsHealthChecker],
    );
  }
  if (eems?.service && eems.service.status.toLowerCase() !== 'running') {
    return verdict(
      'service-not-running',
      null,
      `The build is recent enough, but the Microsoft Exchange Emergency Mitigation service (MSExchangeMitigation) is ${eems.service.status.toLowerCase()} (start type ${eems.service.startType}), so nothing checks for mitigations.`,
      evidence,
      'Set the MSExchangeMitigation service to Automatic and start it: Set-Service MSExchangeMitigation -StartupType Automatic; Start-Service MSExchangeMitigation',
      [DOCS.eemsService],
    );
  }
  const test = eems?.ocsTest;
  if (test && test.statusCode !== 200) {
    const failure = classifyOcsFailure(test.error, test.statusCode);
    return verdict(
      'ocs-unreachable',
      null,
      `The build is recent enough, but the server cannot reach Microsoft's mitigation service (officeclient.microsoft.com). ${failure.meaning}`,
      [...evidence, ...symptomEvidence(ctx)],
      failure.fix,
      [DOCS.eemsConnectivity, DOCS.eemsService],
    );
  }
  return verdict(
    'healthy',
    null,
    test
      ? 'The build passes both certificate changes, EEMS is enabled, its service runs and the server reached Microsoft\'s mitigation service: emergency mitigations will arrive.'
      : 'The build passes both certificate changes, EEMS is enabled and its service runs. The connection test to Microsoft\'s mitigation service was not run, so reachability is assumed, not proven.',
    evidence,
    'Nothing to fix for EEMS. Keep the server on the latest security update.',
    [DOCS.eemsService],
  );
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
      `${rule.satisfied ? 'passes' : rule.borderline ? 'borderline' : 'FAILS'}: this build ${build}${releaseDate ? ` (${releaseDate})` : ''}; minimum for this CU line ${rule.minimumBuild ?? 'none — no build of this CU line passes'}. ${rule.reason}`,
    ),
  );
}

/** Event 1008 and EEMS log lines: what the server itself says about the certificate problem. */
function symptomEvidence(ctx: CheckContext): Evidence[] {
  const e = ctx.facts?.eems;
  if (!e) return [];
  const list: Evidence[] = [];
  if (e.events1008 === null) list.push(ev('Event 1008 (MSExchange Mitigation Service, last 30 days)', 'could not be read'));
  else if (e.events1008.length === 0) list.push(ev('Event 1008 (MSExchange Mitigation Service, last 30 days)', 'none'));
  else {
    const latest = e.events1008[0];
    const symptom = latest ? certificateSymptom(latest.message) : null;
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

/** The two certificate symptoms Microsoft documents, as they appear in event text and logs. */
export function certificateSymptom(text: string): 'untrusted endpoint' | 'unknown issuer' | null {
  if (/untrusted endpoint/i.test(text)) return 'untrusted endpoint';
  if (/unknown issuer/i.test(text)) return 'unknown issuer';
  return null;
}

function blockedExplanation(ctx: CheckContext, rule: CertificateRuleResult): string {
  const c = ctx.classification;
  const what = c ? `${c.product} ${c.cu}${c.update ? ` ${c.update}` : ''}${c.releaseDate ? ` from ${monthYear(c.releaseDate)}` : ''}` : 'this build';
  if (rule.cutoff === '2023-03') {
    return `This server runs ${what}. In 2025 Microsoft retired the older certificate its mitigation service used; only builds released after March 2023 trust the new one. So EEMS on this server cannot download any emergency mitigation at all ("Connection attempted against untrusted endpoint"). Nothing else is wrong with EEMS here — the build is simply too old, and only updating the server fixes it.`;
  }
  if (rule.cutoff === '2026-06') {
    const legacy = c && (c.product === 'Exchange 2016' || c.product === 'Exchange 2019');
    const route = legacy
      ? ctx.organisationHasEsu
        ? ' For Exchange 2016/2019 that update is available only through Extended Security Updates (ESU), which your organisation has: install it from your ESU channel.'
        : ' For Exchange 2016/2019 that update is sold only through Extended Security Updates (ESU); without ESU the way to a working EEMS is Exchange Server SE.'
      : '';
    return `This server runs ${what}. It still reaches Microsoft's mitigation service, but since July 2026 new mitigations are signed in a way only the June 2026 update or newer accepts ("unknown issuer"). Mitigations already applied keep working; anything published since July 2026 cannot be used here.${route}`;
  }
  return `This server runs ${what}, which does not meet the certificate change of ${rule.cutoff} (${rule.title}). ${rule.reason}`;
}

/** When only the CU is known (AdminDisplayVersion, AD, an /owa/auth/ path), the verdict assumes the CU's own build. */
function precisionNote(ctx: CheckContext): string {
  if (ctx.classification?.buildPrecision !== 'cu') return '';
  return 'Only the cumulative update of this server is known, not the security update installed on it, so it is judged as the CU\'s own build (the worst case). ';
}

/**
 * Health Checker's connection test (and ours) is a plain HTTPS request; it can
 * succeed while EEMS itself rejects the service's certificate.
 */
function plainTestNote(ctx: CheckContext, rule: CertificateRuleResult): string {
  if (ctx.facts?.eems.ocsTest?.statusCode !== 200) return '';
  return rule.cutoff === '2023-03'
    ? ' The plain connection test from the server succeeds: that test does not check the certificate the way EEMS does, which is why tools such as Health Checker report the service as reachable.'
    : '';
}

function blockedLinks(rule: CertificateRuleResult): DocLink[] {
  if (rule.cutoff === '2026-06') return [DOCS.unknownIssuerKb, DOCS.upgradeToSe, DOCS.buildNumbers];
  return [DOCS.eemsOutOfDateBlog, DOCS.upgradeToSe, DOCS.buildNumbers];
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

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
function monthYear(date: string): string {
  const [year, month] = date.split('-');
  const name = MONTHS[Number(month) - 1];
  return name && year ? `${name} ${year}` : date;
}

/**
 * Why installing the planned update removes the problem, for the Explain step
 * and the report; null where an update is not what fixes it.
 */
export function whyUpdatingFixes(v: Pick<EemsVerdict, 'verdict' | 'cutoff'>): string | null {
  if (v.verdict === 'blocked-by-certificate' && v.cutoff === '2023-03') {
    return 'Every Exchange build released after March 2023 trusts the certificate the mitigation service uses today. Updating replaces the old trust with the new one; no setting, proxy or firewall change can do that.';
  }
  if (v.verdict === 'blocked-by-certificate' && v.cutoff === '2026-06') {
    return 'The June 2026 update taught EEMS (and Feature Flighting) to accept the new signing of Microsoft\'s configuration files. Any build from that update on can use the mitigations published since July 2026.';
  }
  if (v.verdict === 'borderline') {
    return 'A build released after March 2023 is certain to connect, and a build from June 2026 or later can also use the newest mitigations.';
  }
  if (v.verdict === 'not-applicable') {
    return 'There is no EEMS to repair here, but updating still closes the security holes fixed since this build.';
  }
  return null;
}
