import { daysBetween } from '../../domain/dates';
import { ev, finding, type Check } from '../check';
import { DOCS } from '../links';

/**
 * Which build the server runs and whether it is still supported and patched:
 * Health Checker's "Version", "Out of Date", "End Of Life" and "Latest SU",
 * with the ESU nuance Health Checker does not have.
 */
export const buildSupportChecks: Check[] = [
  function buildSource(ctx) {
    const facts = ctx.facts;
    if (!facts || facts.exchange.exSetupVersion) return [];
    return [
      finding('exchange.build-source', 'warning', 'The exact build (security update level) could not be read', {
        evidence: [ev('ExSetup.exe version', 'not found'), ev('AdminDisplayVersion', facts.identity.adminDisplayVersion)],
        why: 'Get-ExchangeServer shows only the cumulative update, never the installed security update, so the wizard may think the server is older than it is.',
        action: 'Check that ExSetup.exe exists in the Exchange bin folder (a failed setup can leave it missing) and scan again.',
        links: [DOCS.buildNumbers],
      }),
    ];
  },

  function buildNotInCatalog(ctx) {
    const c = ctx.classification;
    if (!c?.resolvedTo) return [];
    return [
      finding('exchange.build-not-in-catalog', 'info', `Build ${c.input} is not in the wizard's catalog`, {
        evidence: [ev('Build', c.input), ev('Treated as', c.resolvedTo.build), ev('Why', c.resolvedTo.reason)],
        why: 'Private fixes, file versions that differ slightly from the published build, and builds newer than the catalog all look like this.',
        action: 'Nothing to do if the server is otherwise healthy. If the build is newer than the catalog, import a newer catalog (exwiz catalog import).',
        links: [DOCS.buildNumbers],
      }),
    ];
  },

  function endOfSupport(ctx) {
    const c = ctx.classification;
    if (!c) return [];
    if (c.product === 'Exchange SE') {
      return [
        finding('exchange.end-of-support', 'ok', 'Exchange Server SE is supported', {
          evidence: [ev('Product', c.product)],
          why: 'Exchange SE follows the Modern Lifecycle Policy: it stays supported as long as it is kept current.',
          action: 'Keep installing the security updates as they are released.',
          links: [DOCS.upgradeToSe],
        }),
      ];
    }
    if (c.supportState !== 'end-of-support') return [];
    const esuCovered = ctx.organisationHasEsu && c.latestEsuBuild !== null && (c.esuEnds == null || ctx.today <= c.esuEnds);
    return [
      finding('exchange.end-of-support', esuCovered ? 'warning' : 'critical', `${c.product} is past the end of support`, {
        evidence: [ev('Product', c.product), ev('Extended Security Updates', ctx.organisationHasEsu ? 'yes (organisation has ESU)' : 'no')],
        why: esuCovered
          ? 'Only customers with Extended Security Updates still receive fixes, and only for a limited time; after that the server gets no security fixes at all.'
          : 'Microsoft no longer publishes security updates for it: every vulnerability found from now on stays open on this server.',
        action: 'Plan the move to Exchange Server SE (in place from Exchange 2019 CU14/CU15; a new server and mailbox migration from Exchange 2016 or 2013).',
        links: [DOCS.upgradeToSe],
      }),
    ];
  },

  function cumulativeUpdateSupported(ctx) {
    const c = ctx.classification;
    if (!c || c.supportState !== 'cu-out-of-support') return [];
    const age = c.releaseDate ? daysBetween(c.releaseDate, ctx.today) : null;
    return [
      finding('exchange.cu-out-of-date', 'critical', `${c.product} ${c.cu} no longer receives security updates`, {
        evidence: [ev('Cumulative update', `${c.product} ${c.cu}`), ev('Build age', age === null ? null : `${age} days`)],
        why: 'Security updates are released only for the newest cumulative updates; an older CU stays vulnerable to everything fixed since.',
        action: 'Install a current cumulative update (see the plan), then its latest security update.',
        links: [DOCS.installCumulativeUpdates, DOCS.buildNumbers],
      }),
    ];
  },

  function latestUpdate(ctx) {
    const c = ctx.classification;
    if (!c) return [];
    const evidence = [ev('Build', `${c.build} (${c.product} ${c.cu}${c.update ? ` ${c.update}` : ''})`), ev('Newest public update for this CU', c.latestPublicBuild)];
    if (c.latestEsuBuild) evidence.push(ev('Newest ESU-only update for this CU', c.latestEsuBuild));
    if (ctx.organisationHasEsu && c.latestEsuBuild && c.build !== c.latestEsuBuild && c.supportState === 'end-of-support') {
      return [
        finding('exchange.latest-update', 'warning', 'A newer ESU security update exists for this server', {
          evidence,
          why: 'Your organisation has Extended Security Updates; the newest one for this cumulative update is not installed.',
          action: `Install ${c.latestEsuBuild} from your ESU channel (import the file in the Download step).`,
          links: [DOCS.buildNumbers],
        }),
      ];
    }
    if (c.onLatestPublicUpdate && c.cuCurrent === false) {
      // Health Checker's "Out of date" is red for a CU that stopped getting updates, even on its last SU.
      return [
        finding('exchange.latest-update', 'critical', `On the last update ${c.product} ${c.cu} ever got, but that cumulative update stopped getting security updates`, {
          evidence: [...evidence, ev('Cumulative update still receiving updates', 'no')],
          why: 'Microsoft stopped releasing security updates for this cumulative update while newer ones kept getting them: everything fixed since is open on this server.',
          action: 'Install a current cumulative update (see the plan), then its latest security update.',
          links: [DOCS.installCumulativeUpdates, DOCS.buildNumbers],
        }),
      ];
    }
    if (c.onLatestPublicUpdate) {
      return [
        finding('exchange.latest-update', 'ok', 'On the newest public update for its cumulative update', {
          evidence,
          why: 'The newest security update for this CU is installed.',
          action: 'Nothing to do for this CU.',
          links: [DOCS.buildNumbers],
        }),
      ];
    }
    const persistent = c.supportState !== 'supported';
    return [
      finding('exchange.latest-update', persistent ? 'critical' : 'warning', 'Not on the newest security update', {
        evidence,
        why: persistent
          ? 'The server is out of support and not even on the last security update published for it: known vulnerabilities are open.'
          : 'Security updates fixed since this build are missing.',
        action: 'Install the update the plan names. Security updates are cumulative: install only the newest one for the CU.',
        links: [DOCS.buildNumbers],
      }),
    ];
  },
];
