import { isProxySignInChallenge } from './ocs-error';
import type { CertificateRuleResult } from '../knowledge/types';
import { ruleWording } from '../knowledge/certificate-rule-text';
import type { CheckContext } from './check';

/**
 * The four things besides the build that EEMS needs on a server — enabled for the organisation,
 * enabled on the server, its Windows service running, Microsoft's service reachable — each as
 * observed: fine, a problem, or not observed (with how to read it). The verdict may call a server
 * healthy only when all four were observed fine, and a blocked server's explanation names every
 * problem and every unknown so nobody is promised that updating alone fixes EEMS.
 */
export interface EemsCondition {
  id: 'org-enabled' | 'server-enabled' | 'service' | 'ocs';
  state: 'ok' | 'problem' | 'unknown';
  /** A clause for a sentence: "EEMS is switched off for the whole organisation". */
  text: string;
  /** For unknowns: how an admin reads the fact by hand. */
  howToRead: string | null;
}

const HOW_ORG = 'In the Exchange Management Shell: Get-OrganizationConfig | Format-List MitigationsEnabled';
const HOW_SERVER = 'In the Exchange Management Shell: Get-ExchangeServer <server> | Format-List MitigationsEnabled';
const HOW_SERVICE = 'On the server: Get-Service MSExchangeMitigation';
const HOW_OCS_PROXY =
  "On the server, look for EEMS's own results: Get-WinEvent -FilterHashtable @{ LogName = 'Application'; ProviderName = 'MSExchange Mitigation Service' } -MaxEvents 20 (1005/1006: mitigations fetched and applied; 1008: an error), and the newest log in V15\\Logging\\MitigationService";
const HOW_OCS = 'Scan the server remotely (the test runs on the server), or on the server: Invoke-WebRequest -UseBasicParsing https://officeclient.microsoft.com/GetExchangeMitigations';

/** What is known about each EEMS condition on this server. */
export function eemsConditions(ctx: CheckContext): EemsCondition[] {
  const facts = ctx.facts;
  if (!facts) {
    const never = 'the server was never scanned (only discovery saw it)';
    return [
      { id: 'org-enabled', state: 'unknown', text: `whether EEMS is enabled for the organisation (${never})`, howToRead: HOW_ORG },
      { id: 'server-enabled', state: 'unknown', text: `whether EEMS is enabled on the server (${never})`, howToRead: HOW_SERVER },
      { id: 'service', state: 'unknown', text: `whether the MSExchangeMitigation service runs (${never})`, howToRead: HOW_SERVICE },
      { id: 'ocs', state: 'unknown', text: `whether the server reaches Microsoft's mitigation service (${never})`, howToRead: HOW_OCS },
    ];
  }
  const e = facts.eems;
  return [enabledCondition('org-enabled', e.orgMitigationsEnabled), enabledCondition('server-enabled', e.serverMitigationsEnabled), serviceCondition(ctx), ocsCondition(ctx)];
}

function enabledCondition(id: 'org-enabled' | 'server-enabled', value: boolean | null): EemsCondition {
  const org = id === 'org-enabled';
  if (value === true) return { id, state: 'ok', text: org ? 'EEMS is enabled for the organisation' : 'EEMS is enabled on the server', howToRead: null };
  if (value === false) {
    return {
      id,
      state: 'problem',
      text: org
        ? 'EEMS is switched off for the whole organisation (Set-OrganizationConfig -MitigationsEnabled $false)'
        : 'EEMS is switched off on this server (Set-ExchangeServer -MitigationsEnabled $false)',
      howToRead: null,
    };
  }
  return {
    id,
    state: 'unknown',
    // Health Checker reports the unreadable organisation value as "Failed to query config".
    text: org
      ? 'whether EEMS is enabled for the organisation (the organisation setting could not be read; Health Checker shows "Failed to query config")'
      : 'whether EEMS is enabled on the server (the server setting could not be read)',
    howToRead: org ? HOW_ORG : HOW_SERVER,
  };
}

function serviceCondition(ctx: CheckContext): EemsCondition {
  const facts = ctx.facts;
  const s = facts?.eems.service ?? null;
  if (s) {
    if (/^running$/i.test(s.status)) return { id: 'service', state: 'ok', text: 'its MSExchangeMitigation service runs', howToRead: null };
    return { id: 'service', state: 'problem', text: `the MSExchangeMitigation service is ${s.status.toLowerCase()} (start type ${s.startType})`, howToRead: null };
  }
  // No service entry: absent when the service list was read, unknown when it was not.
  if (facts?.servicesNotRunning !== null && facts?.servicesNotRunning !== undefined) {
    return { id: 'service', state: 'problem', text: 'the MSExchangeMitigation service is not installed (a failed setup can leave it missing)', howToRead: null };
  }
  return { id: 'service', state: 'unknown', text: 'whether the MSExchangeMitigation service runs (the services could not be read)', howToRead: HOW_SERVICE };
}

function ocsCondition(ctx: CheckContext): EemsCondition {
  const test = ctx.facts?.eems.ocsTest ?? null;
  if (!test) return { id: 'ocs', state: 'unknown', text: "whether the server reaches Microsoft's mitigation service (the connection test was not run)", howToRead: HOW_OCS };
  if (test.statusCode === 200) return { id: 'ocs', state: 'ok', text: "the server reaches Microsoft's mitigation service", howToRead: null };
  if (isProxySignInChallenge(test)) return proxyChallengeCondition(ctx);
  return { id: 'ocs', state: 'problem', text: `the server cannot reach Microsoft's mitigation service (${test.statusCode === null ? 'no response' : `HTTP ${test.statusCode}`})`, howToRead: null };
}

/**
 * The remote test met a proxy asking for a sign-in (407): inconclusive. EEMS's own evidence
 * decides: its fetch errors (event 1008) in the last 30 days are a problem; none read is
 * still not an observed success, so the condition stays unknown, said as such.
 */
function proxyChallengeCondition(ctx: CheckContext): EemsCondition {
  const events = ctx.facts?.eems.events1008 ?? null;
  const why = 'the connection test met a proxy asking for a sign-in (HTTP 407); run from a remote session it cannot pass credentials on, so that alone is inconclusive';
  if (events !== null && events.length > 0) {
    return {
      id: 'ocs',
      state: 'problem',
      text: `the server cannot reach Microsoft's mitigation service: EEMS itself logged ${events.length} fetch error(s) (event 1008) in the last 30 days, and ${why}`,
      howToRead: null,
    };
  }
  const ownEvidence = events === null ? "EEMS's own events (1008) could not be read" : 'EEMS logged no fetch error (event 1008) in the last 30 days';
  return { id: 'ocs', state: 'unknown', text: `whether the server reaches Microsoft's mitigation service (${why}; ${ownEvidence})`, howToRead: HOW_OCS_PROXY };
}

/**
 * The sentences that follow a blocked (or otherwise failing) verdict: every other problem, every
 * unknown, and only when all were observed fine, that nothing else was found.
 */
export function otherConditionsText(conditions: EemsCondition[], skip: EemsCondition['id'] | null = null): string {
  const rest = conditions.filter(c => c.id !== skip);
  const problems = rest.filter(c => c.state === 'problem');
  const unknown = rest.filter(c => c.state === 'unknown');
  const parts: string[] = [];
  if (problems.length > 0) parts.push(`Updating alone will not make EEMS work here, because ${joinClauses(problems.map(c => c.text))}.`);
  if (unknown.length > 0) parts.push(`Not known: ${joinClauses(unknown.map(c => c.text))}.`);
  if (problems.length === 0 && unknown.length === 0 && skip === null)
    parts.push("EEMS is enabled, its service runs and the server reaches Microsoft's service: the build is the only thing found wrong.");
  return parts.join(' ');
}

/** The evidence lines saying how to read each fact that was not observed. */
export function unknownConditionEvidence(conditions: EemsCondition[]): Array<{ label: string; value: string }> {
  return conditions.filter(c => c.state === 'unknown' && c.howToRead).map(c => ({ label: `Not observed: ${c.text}`, value: `How to read it: ${c.howToRead ?? ''}` }));
}

function joinClauses(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join('; ')}; and ${items[items.length - 1] ?? ''}`;
}

/** The certificate rule whose logged symptom (from the rule's wording) appears in the text, if any. */
export function ruleForSymptom(text: string, rules: readonly CertificateRuleResult[]): { rule: CertificateRuleResult; symptom: string } | null {
  const lower = text.toLowerCase();
  for (const rule of rules) {
    const symptom = ruleWording(rule).symptom;
    if (lower.includes(symptom.toLowerCase())) return { rule, symptom };
  }
  return null;
}
