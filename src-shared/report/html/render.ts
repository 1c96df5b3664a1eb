import { SEVERITY_ORDER } from '../../analysis/types';
import { hoursText } from '../../wizard/cost-summary';
import { UNSIGNED_CATALOG_LABEL } from '../../knowledge/catalog-trust';
import { adPreparationSwitches, setupCommand } from '../../knowledge/step-kinds';
import { cutoffLabel, nextActionOf, severityLabel, verdictLabel } from '../labels';
import type { ReportDocument, ReportServer } from '../schema';
import { appendix } from './appendix';
import { buildAgeChart, buildAgeLegend, eemsChart } from './charts';
import { dataTable, esc, formatDate, formatDateTime, severityBadge } from './markup';
import { migrationApprovals, migrationSection } from './migration-section';
import { firstListings, needsAction, serverSection } from './server-section';
import { reportStyles } from './styles';

/**
 * The HTML report: ONE self-contained file. All CSS is inline, pictures are
 * inline SVG, there is no script at all, and a Content-Security-Policy that
 * allows nothing but the inline styles makes sure that even a mistake cannot
 * make the file fetch anything when it is opened from a USB stick offline.
 *
 * Order (the same on screen and on paper): the decision page for the owner,
 * the pictures and the organisation plan, one page per server that needs
 * action (only what needs action), then the appendix.
 */

/** Nothing may load: no scripts, fonts, images or frames; only the inline stylesheet. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

function names(list: readonly string[]): string {
  return list.map(esc).join(', ');
}

const hours = hoursText;

function approvals(r: ReportDocument): string {
  const d = r.decisions;
  const items: string[] = [];
  // A migration project names its new servers; older reports without projects name them from the decisions.
  const projects = migrationApprovals(r);
  if (projects.length) items.push(...projects);
  else if (d.newServers.length) {
    items.push(`<li><strong>${plural(d.newServers.length, 'new Windows Server')}</strong> (licence and hardware or VM) to replace ${names(d.newServers)}, which cannot be upgraded in place.</li>`);
  }
  for (const line of d.reuse ?? []) items.push(`<li><strong>Use what is there first:</strong> ${esc(line.text)}</li>`);
  if (d.licences) items.push(...licenceItems(d.licences));
  else if (d.seLicences.length) {
    items.push(
      `<li><strong>Exchange Server SE licences for ${plural(d.seLicences.length, 'server')}</strong> (${names(d.seLicences)}), with the client access licences for their users: Exchange SE is licensed by subscription or with Software Assurance.</li>`,
    );
  }
  // The alternative to buying: no on-premises hybrid fact needed, it says what each way needs.
  if (d.cloudAlternative) items.push(`<li><strong>Or no new servers:</strong> ${esc(d.cloudAlternative)}</li>`);
  for (const line of d.domainControllers ?? []) items.push(`<li><strong>${esc(line.title)}</strong>: ${esc(line.detail)}</li>`);
  if (d.windows.length) {
    const total = d.windows.reduce((sum, w) => sum + w.hours, 0);
    items.push(`<li><strong>${plural(d.windows.length, 'maintenance window')}</strong>, one server at a time, ${hours(total)} in all (rough figures for booking, not promises).</li>`);
  }
  if (d.migrations.length && !projects.length) {
    items.push(
      `<li><strong>${plural(d.migrations.length, 'migration project')}</strong> of days to weeks each: build the new server, move mailboxes and mail flow to it (users stay online), then remove ${names(d.migrations.map(m => m.server))}.</li>`,
    );
  }
  if (items.length === 0) return '<p>Nothing needs approving: no server has an update or migration planned.</p>';
  return `<ul class="approve">${items.join('')}</ul>`;
}

/**
 * One line per product the servers run once the plan is done, for the servers whose licence
 * changes (upgraded in place, or new): servers a migration removes need none.
 */
function licenceItems(licences: NonNullable<ReportDocument['decisions']['licences']>): string[] {
  const changing = licences.filter(l => l.changes);
  const products = [...new Set(changing.map(l => l.product))];
  return products.map(product => {
    const upgraded = changing.filter(l => l.product === product && !l.newServer).map(l => l.server);
    const built = changing.filter(l => l.product === product && l.newServer).map(l => l.server);
    const already = licences.filter(l => !l.changes && l.product === product).map(l => l.server);
    const who = [upgraded.length ? `${names(upgraded)} (upgraded in place)` : '', built.length ? names(built) : ''].filter(Boolean).join(', ');
    const se = product === 'Exchange SE';
    return (
      `<li><strong>${esc(product)} licences for ${plural(upgraded.length + built.length, 'server')}</strong>: ${who}${already.length ? `; ${names(already)} ${already.length === 1 ? 'has' : 'have'} one` : ''}.` +
      (se ? ' Subscription or Software Assurance plus client access licences; SE RTM accepts Exchange 2019 product keys;' : ' Plus client access licences;') +
      ' without a key (Set-ExchangeServer -ProductKey) a server runs as a 180-day trial.</li>'
    );
  });
}

function risks(r: ReportDocument): string {
  const list = r.decisions.risks;
  if (list.length === 0) {
    const assessed = r.servers.filter(s => s.eems !== null).length;
    return assessed ? '<p>No server assessed is cut off from emergency mitigations.</p>' : '<p>No server could be assessed, so the risk is unknown.</p>';
  }
  return `<ul class="risks">${list.map(k => `<li><strong>${names(k.servers)}:</strong> ${esc(k.text)}</li>`).join('')}</ul>`;
}

/** One row per server: its state, what it needs, and its maintenance window with who loses mail in it. */
function statusTable(r: ReportDocument): string {
  const rows = r.servers.map(s => {
    const window = r.decisions.windows.find(w => w.server === s.name) ?? null;
    const name = needsAction(s) ? `<a class="nowrap" href="#${esc(s.anchor)}">${esc(s.name)}</a>` : `<span class="nowrap">${esc(s.name)}</span>`;
    const version = esc([s.product, s.cu, s.update].filter(Boolean).join(' ') || (s.reachable ? 'version unknown' : 'not reachable'));
    return [
      `<span class="nowrap">${name} ${severityBadge(s.severity)}</span><br><span class="muted">${version}</span>`,
      esc(s.eems ? `${verdictLabel(s.eems.verdict)}${s.eems.cutoff ? ` (${cutoffLabel(s.eems.cutoff, r.certificateRules)})` : ''}` : 'not assessed'),
      esc(`${window ? window.work.join('; ') : (nextActionOf(s) ?? '')}${r.decisions.migrations.some(m => m.server === s.name) ? '; then the move to a new server (a project)' : ''}`),
      window ? `<span class="nowrap">${esc(hours(window.hours))}</span>` : '',
      esc(window?.mailImpact ?? ''),
    ];
  });
  return dataTable(['Server', 'Emergency Mitigation Service', 'To do', 'Window', 'Who loses mail'], rows, 'data compact status');
}

function decisionPage(r: ReportDocument): string {
  const banner = r.redacted
    ? '<p class="banner"><strong>Redacted copy.</strong> Names, addresses, user names, certificate details and thumbprints are replaced by placeholders; the same original always has the same placeholder.</p>'
    : '';
  // Every verdict rests on the catalog: one nobody signed is said on the first page.
  const unsigned =
    r.scan.catalogTrust === UNSIGNED_CATALOG_LABEL
      ? `<p class="banner"><strong>Build catalog ${esc(r.scan.catalogTrust)}.</strong> Every verdict here rests on it; it is only as trustworthy as the file it came from.</p>`
      : '';
  return (
    `<p class="eyebrow">Exchange Remediation Wizard · report of ${esc(formatDate(r.generatedAt.slice(0, 10)))}</p>` +
    `<h1>What needs deciding: Exchange and its emergency mitigations</h1>${banner}${unsigned}` +
    `<section id="decisions" aria-labelledby="decisions-h"><h2 id="decisions-h">Decisions</h2><p class="headline">${esc(r.summary.headline)}</p>` +
    `<h3>To approve</h3>${approvals(r)}` +
    `<h3>The risk of doing nothing</h3>${risks(r)}` +
    `<h3>Status per server and maintenance windows</h3>${statusTable(r)}</section>`
  );
}

function notAssessed(r: ReportDocument): number {
  return r.servers.filter(s => s.eems === null || !s.reachable).length;
}

function pictures(r: ReportDocument): string {
  const age = buildAgeChart(r);
  const ageFigure = age
    ? `<figure>${age}<figcaption>How old each server's build is, against the supported build its plan goes to.</figcaption></figure>${buildAgeLegend()}`
    : '<p class="muted">No server has a build with a known release date.</p>';
  return (
    `<section id="pictures" aria-labelledby="pictures-h"><h2 id="pictures-h">Emergency Mitigation Service and build age</h2>` +
    `<figure>${eemsChart(r.summary.byEemsVerdict, notAssessed(r))}<figcaption>Servers by Emergency Mitigation Service status.</figcaption></figure>` +
    `${ageFigure}${organisationPlan(r)}</section>`
  );
}

function organisationPlan(r: ReportDocument): string {
  const p = r.organisationPlan;
  if (!p) return '';
  const ad = p.adPreparation;
  // Made from the typed answers, never the file's text: a saved report is a file someone handed over.
  const adCommands = adPreparationSwitches({ ...ad, prepareAllDomains: ad.prepareAllDomains ?? ad.commands.includes(setupCommand(['/PrepareAllDomains'])) }).map(sw => setupCommand([sw]));
  const steps = [ad.prepareSchema ? 'extend the schema (/PrepareSchema)' : null, ad.prepareAd ? 'prepare the organisation (/PrepareAD)' : null].filter(Boolean);
  const adPart = ad.needed
    ? `<p><strong>Prepare Active Directory first${steps.length ? `: ${steps.join(' and ')}` : ''}.</strong> ${esc(ad.why)}</p>${adCommands.length ? `<pre>${adCommands.map(esc).join('\n')}</pre>` : ''}`
    : `<p>Active Directory needs no preparation. ${esc(ad.why)}</p>`;
  const order = p.order.length ? `<p>Order: ${p.order.map(esc).join(' → ')}.</p>` : '';
  const notes = p.notes.length ? `<ul>${p.notes.map(n => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  return `<h3 id="organisation-plan">Organisation plan</h3>${adPart}${order}${notes}`;
}

function contents(r: ReportDocument, servers: readonly ReportServer[]): string {
  const entries = [
    ['decisions', 'Decisions'],
    ['pictures', 'Emergency Mitigation Service and build age'],
    ...(r.migrations.length ? [['migrations', 'Migration projects']] : []),
    ...servers.map(s => [s.anchor, `Server ${s.name}`]),
    ['appendix', 'Appendix'],
  ];
  return `<nav class="toc" aria-label="Contents"><p class="eyebrow">Contents</p><ol>${entries.map(([id, label]) => `<li><a href="#${esc(id)}">${esc(label)}</a></li>`).join('')}</ol></nav>`;
}

/** The complete HTML document. */
export function renderHtml(r: ReportDocument): string {
  const severityCounts = SEVERITY_ORDER.map(s => `${r.summary.bySeverity[s]} ${severityLabel(s).toLowerCase()}`).join(', ');
  const actionable = r.servers.filter(needsAction);
  const first = firstListings(actionable);
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="generator" content="${esc(`${r.generator.name} ${r.generator.version}`)}">` +
    `<meta name="description" content="${esc(`${r.summary.serverCount} Exchange servers: ${severityCounts}`)}">` +
    `<title>Exchange EEMS report, ${esc(formatDate(r.generatedAt.slice(0, 10)))}${r.redacted ? ' (redacted)' : ''}</title>` +
    `<style>${reportStyles()}</style></head><body><div class="page">` +
    `<main>${decisionPage(r)}${contents(r, actionable)}${pictures(r)}${migrationSection(r)}` +
    `${actionable.map(s => serverSection(s, r.certificateRules, first)).join('')}${appendix(r)}</main>` +
    `<footer>Made by ${esc(r.generator.name)} ${esc(r.generator.version)} on ${esc(formatDateTime(r.generatedAt))}. ` +
    'Links point to Microsoft documentation and need an internet connection; everything else in this file works offline.</footer>' +
    '</div></body></html>\n'
  );
}
