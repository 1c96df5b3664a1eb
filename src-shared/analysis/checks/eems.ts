import { psQuote } from '../../domain/powershell-quote';
import { cutoffName, plainDate, ruleWording } from '../../knowledge/certificate-rule-text';
import { eemsConditions, ruleForSymptom } from '../eems-conditions';
import { ev, finding, isEdge, type Check, type CheckContext } from '../check';
import { DOCS } from '../links';
import { classifyOcsFailure } from '../ocs-error';

function eemsApplies(ctx: CheckContext): boolean {
  return ctx.classification?.eemsAvailable === true && !isEdge(ctx);
}

/**
 * EEMS as Health Checker sees it (enabled, service, pattern service, web
 * proxy) plus what it lacks: the certificate rules against the build, and the
 * symptoms the server logs.
 */
export const eemsChecks: Check[] = [
  function certificateRules(ctx) {
    const c = ctx.classification;
    if (!c || !eemsApplies(ctx)) return [];
    return [...c.certificateRules]
      .sort((a, b) => a.effectiveDate.localeCompare(b.effectiveDate))
      .map(rule =>
        finding(
          `eems.certificate-${rule.cutoff}`,
          rule.satisfied ? 'ok' : rule.borderline ? 'warning' : 'critical',
          rule.satisfied ? `Build passes ${cutoffName(rule)}` : rule.borderline ? `Build is borderline for ${cutoffName(rule)}` : `Build is too old for ${cutoffName(rule)}`,
          {
            evidence: [
              ev('Build', `${c.build}${c.releaseDate ? ` (released ${plainDate(c.releaseDate)})` : ''}`),
              ev('Oldest build of this cumulative update that passes', rule.minimumBuild ?? 'none: no build of this cumulative update passes, only a newer cumulative update'),
              ev('Change effective', plainDate(rule.effectiveDate)),
            ],
            why: rule.satisfied ? `${rule.title}. ${rule.reason}` : `${ruleWording(rule).explanation} ${rule.reason}`,
            action: rule.satisfied ? 'Nothing to do.' : 'Update the server as the plan says; no setting can work around it.',
            links: ruleWording(rule).links.map(l => ({ title: l.title, url: l.url })),
          },
        ),
      );
  },

  function mitigationsEnabled(ctx) {
    const e = ctx.facts?.eems;
    if (!e || !eemsApplies(ctx)) return [];
    const evidence = [ev('Organisation (Get-OrganizationConfig MitigationsEnabled)', e.orgMitigationsEnabled), ev('Server (Get-ExchangeServer MitigationsEnabled)', e.serverMitigationsEnabled)];
    if (e.orgMitigationsEnabled === true && e.serverMitigationsEnabled === true) {
      return [
        finding('eems.enabled', 'ok', 'EEMS is enabled', {
          evidence,
          why: 'Mitigations are applied automatically when Microsoft publishes them.',
          action: 'Nothing to do.',
          links: [DOCS.eemsService],
        }),
      ];
    }
    if (e.orgMitigationsEnabled === null || e.serverMitigationsEnabled === null) {
      return [
        finding('eems.enabled', 'warning', 'Whether EEMS is enabled could not be read', {
          evidence,
          why: 'Without this the wizard cannot say whether mitigations would be applied.',
          action: 'Check Get-OrganizationConfig | fl MitigationsEnabled and Get-ExchangeServer | fl Name,MitigationsEnabled in the Exchange Management Shell.',
          links: [DOCS.eemsHealthChecker],
        }),
      ];
    }
    const where = e.orgMitigationsEnabled === false ? 'for the organisation' : 'on this server';
    return [
      finding('eems.enabled', 'warning', `EEMS is disabled ${where}`, {
        evidence,
        why: 'No emergency mitigation is applied automatically while EEMS is disabled.',
        action:
          e.orgMitigationsEnabled === false
            ? 'Unless deliberate: Set-OrganizationConfig -MitigationsEnabled $true'
            : `Unless deliberate: Set-ExchangeServer -Identity ${ctx.facts ? psQuote(ctx.facts.identity.name) : '<server>'} -MitigationsEnabled $true`,
        links: [DOCS.eemsService],
      }),
    ];
  },

  function mitigationService(ctx) {
    const e = ctx.facts?.eems;
    if (!e || !eemsApplies(ctx)) return [];
    const s = e.service;
    const condition = eemsConditions(ctx).find(c => c.id === 'service');
    if (s && /^running$/i.test(s.status) && /^auto/i.test(s.startType)) {
      return [
        finding('eems.service', 'ok', 'The EEMS service is running', {
          evidence: [ev('MSExchangeMitigation', `${s.status}, ${s.startType}`)],
          why: 'The service checks Microsoft for mitigations every hour.',
          action: 'Nothing to do.',
          links: [DOCS.eemsService],
        }),
      ];
    }
    if (!s && condition?.state === 'unknown') {
      return [
        finding('eems.service', 'info', 'Whether the EEMS service runs could not be read', {
          evidence: [ev('MSExchangeMitigation', 'the service list could not be read')],
          why: 'Without it the wizard cannot say whether anything checks for mitigations.',
          action: condition.howToRead ?? 'On the server: Get-Service MSExchangeMitigation',
          links: [DOCS.eemsService],
        }),
      ];
    }
    return [
      finding('eems.service', 'warning', s ? 'The EEMS service is not running as it should' : 'The EEMS service is missing', {
        evidence: [ev('MSExchangeMitigation', s ? `${s.status}, ${s.startType}` : 'not installed')],
        why: s
          ? 'A stopped or disabled service never checks for mitigations; an interrupted update often leaves Exchange services disabled.'
          : 'The service should exist on this build; a failed setup can leave it missing.',
        action: s ? 'Set-Service MSExchangeMitigation -StartupType Automatic; Start-Service MSExchangeMitigation' : 'Re-run the last update from an elevated prompt and check the setup log.',
        links: [DOCS.eemsService],
      }),
    ];
  },

  function officeConfigService(ctx) {
    const e = ctx.facts?.eems;
    if (!e || !eemsApplies(ctx)) return [];
    const t = e.ocsTest;
    if (!t) {
      return [
        finding('eems.ocs-reachable', 'info', "The connection test to Microsoft's mitigation service was not run", {
          evidence: [ev('Test', 'not run')],
          why: 'Reachability of officeclient.microsoft.com from the server is unknown.',
          action: eemsConditions(ctx).find(c => c.id === 'ocs')?.howToRead ?? 'Scan the server remotely.',
          links: [DOCS.eemsConnectivity],
        }),
      ];
    }
    const evidence = [ev('URL', t.url), ev('Result', t.statusCode === null ? 'no response' : `HTTP ${t.statusCode}`), ev('Proxy', t.proxy ?? 'none (direct)')];
    if (t.statusCode === 200) {
      return [
        finding('eems.ocs-reachable', 'ok', "The server reaches Microsoft's mitigation service", {
          evidence,
          why: 'EEMS can download the mitigation list (certificate rules permitting).',
          action: 'Nothing to do.',
          links: [DOCS.eemsConnectivity],
        }),
      ];
    }
    const failure = classifyOcsFailure(t.error, t.statusCode);
    if (t.error) evidence.push(ev('Error', t.error));
    return [
      finding('eems.ocs-reachable', 'warning', "The server cannot reach Microsoft's mitigation service", {
        evidence,
        why: failure.meaning,
        action: failure.fix,
        links: [DOCS.eemsConnectivity],
      }),
    ];
  },

  function loggedSymptoms(ctx) {
    const e = ctx.facts?.eems;
    if (!e || !eemsApplies(ctx) || !e.events1008 || e.events1008.length === 0) return [];
    const latest = e.events1008[0];
    const match = ruleForSymptom([latest?.message ?? '', ...(e.certificateLogLines ?? []).map(l => l.line)].join('\n'), ctx.classification?.certificateRules ?? []);
    return [
      finding('eems.event-1008', match ? 'critical' : 'warning', match ? `EEMS logs the certificate failure ("${match.symptom}")` : 'EEMS logs errors (event 1008)', {
        evidence: [
          ev('Events 1008 in the last 30 days', e.events1008.length),
          ev('Latest', `${latest?.timeCreated ?? ''}: ${latest?.message ?? ''}`),
          ...(e.certificateLogLines ?? []).slice(0, 2).map(l => ev('EEMS log', `${l.line} (${l.file})`)),
        ],
        why: match
          ? `This is the symptom Microsoft documents for ${cutoffName(match.rule)}: ${ruleWording(match.rule).explanation}`
          : 'EEMS fails to fetch or apply mitigations; the event text says why.',
        action: match ? 'Update the server as the plan says.' : 'Read the event text; see the EEMS connectivity guide.',
        links: match ? ruleWording(match.rule).links.map(l => ({ title: l.title, url: l.url })) : [DOCS.eemsConnectivity],
      }),
    ];
  },

  function mitigationsBlocked(ctx) {
    const e = ctx.facts?.eems;
    if (!e || !eemsApplies(ctx) || e.mitigationsBlocked.length === 0) return [];
    // Set-ExchangeServer -MitigationsBlocked: an admin told EEMS not to apply these, whatever Microsoft publishes.
    return [
      finding('eems.mitigations-blocked', 'warning', `${e.mitigationsBlocked.length === 1 ? 'A mitigation is' : `${e.mitigationsBlocked.length} mitigations are`} blocked on this server`, {
        evidence: [ev('MitigationsBlocked', e.mitigationsBlocked.join(', ')), ev('MitigationsApplied', e.mitigationsApplied.join(', ') || 'none')],
        why: 'A blocked mitigation is never applied, even when Microsoft publishes it for an attack on this server.',
        action: 'Check why each was blocked; when the reason is gone, remove it with Set-ExchangeServer -MitigationsBlocked (the list without it).',
        links: [DOCS.eemsService],
      }),
    ];
  },

  function internetWebProxy(ctx) {
    const proxy = ctx.facts?.eems.internetWebProxy;
    if (!proxy || isEdge(ctx)) return [];
    if (/^http:\/\//i.test(proxy)) return [];
    return [
      finding('exchange.internet-web-proxy', 'critical', 'The Exchange web proxy setting is not an http:// address', {
        evidence: [ev('InternetWebProxy', proxy)],
        why: 'Exchange talks to its proxy over plain HTTP (the proxy tunnels HTTPS); any other scheme breaks EEMS and other outbound calls.',
        action: 'Set-ExchangeServer -Identity <server> -InternetWebProxy http://<proxy>:<port>',
        links: [DOCS.eemsConnectivity],
      }),
    ];
  },
];
