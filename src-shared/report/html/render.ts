import { SEVERITY_ORDER, type EemsVerdictKind } from '../../analysis/types';
import { nextActionOf, severityLabel, verdictLabel } from '../labels';
import type { ReportDocument } from '../schema';
import { buildAgeChart, severityChart } from './charts';
import { dataTable, esc, formatBytes, formatDate, formatDateTime, severityBadge } from './markup';
import { serverSection } from './server-section';
import { reportStyles } from './styles';

/**
 * The HTML report: ONE self-contained file. All CSS is inline, pictures are
 * inline SVG, there is no script at all, and a Content-Security-Policy that
 * allows nothing but the inline styles makes sure that even a mistake cannot
 * make the file fetch anything when it is opened from a USB stick offline.
 */

/** Nothing may load: no scripts, fonts, images or frames; only the inline stylesheet. */
export const REPORT_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'";

function header(r: ReportDocument): string {
  const meta: Array<[string, string]> = [
    ['Report made', formatDateTime(r.generatedAt)],
    ['Scan', `${formatDateTime(r.scan.generatedAt)} (source: ${r.scan.source})`],
    ['Extended Security Updates', r.scan.organisationHasEsu ? 'The organisation has ESU' : 'No ESU'],
    ['Build catalog as of', formatDate(r.scan.catalogAsOf)],
    ['Made by', `${r.generator.name} ${r.generator.version}`],
  ];
  if (r.session) meta.push(['Wizard session', `${r.session.id}, started ${formatDateTime(r.session.createdAt)}`]);
  const banner = r.redacted
    ? '<p class="banner"><strong>Redacted copy.</strong> Host names, IP addresses and domain names are replaced by placeholders (SERVER-01, HOST-01, domain-01.example, DOMAIN-01, IP-01). The same original always has the same placeholder.</p>'
    : '';
  return (
    `<header><p class="eyebrow">Exchange Remediation Wizard · report</p>` +
    `<h1>Exchange Emergency Mitigation Service: status and remediation plan</h1>` +
    `<dl class="meta">${meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>${banner}</header>`
  );
}

function contents(r: ReportDocument): string {
  const entries = [
    ['summary', 'Summary'],
    ['build-age', 'Build age'],
    ['overview', 'Servers at a glance'],
    ...(r.organisationPlan ? [['organisation-plan', 'Organisation plan']] : []),
    ...r.servers.map(s => [s.anchor, `Server ${s.name}`]),
    ['transfers', 'Downloads and staging'],
    ['audit', 'What was done'],
  ];
  return `<nav class="toc" aria-label="Contents"><p class="eyebrow">Contents</p><ol>${entries
    .map(([id, label]) => `<li><a href="#${esc(id)}">${esc(label)}</a></li>`)
    .join('')}</ol></nav>`;
}

function summary(r: ReportDocument): string {
  const s = r.summary;
  const kpis: Array<[number, string]> = [
    [s.serverCount, 'servers'],
    [s.blockedByCertificate.length, 'blocked by a certificate change'],
    [s.bySeverity.critical, 'critical'],
    [s.unreachableCount, 'could not be checked'],
  ];
  const verdicts = Object.entries(s.byEemsVerdict) as Array<[EemsVerdictKind, number]>;
  const verdictTable = verdicts.length
    ? dataTable(
        ['Emergency Mitigation Service', 'Servers'],
        verdicts.sort((a, b) => b[1] - a[1]).map(([v, n]) => [esc(verdictLabel(v)), String(n)]),
      )
    : '';
  return (
    `<section id="summary"><h2>Summary</h2><p class="headline">${esc(s.headline)}</p>` +
    `<div class="kpis">${kpis.map(([n, label]) => `<div class="kpi"><b>${n}</b><span>${esc(label)}</span></div>`).join('')}</div>` +
    `<figure>${severityChart(s.bySeverity)}<figcaption>Servers by severity (worst finding per server; a server that could not be checked counts as critical).</figcaption></figure>` +
    `${verdictTable}</section>`
  );
}

function buildAge(r: ReportDocument): string {
  const chart = buildAgeChart(r);
  const figure = chart
    ? `<figure>${chart}<figcaption class="legend">● release date of the server's build (colour: the server's severity) · ◆ newest public build of its product line, the thick bar shows how far behind the server is · dotted: the build's age at the report date · dashed: the March 2023 and June 2026 certificate cut-offs; builds released before a cut-off line are affected by it.</figcaption></figure>`
    : '<p class="muted">No server has a build with a known release date.</p>';
  const newest = r.newestPublicBuilds.length
    ? dataTable(
        ['Product line', 'Newest public build', 'Update', 'Released'],
        r.newestPublicBuilds.map(n => [esc(n.product), esc(n.build), esc(n.name ?? ''), esc(formatDate(n.releaseDate) || 'unknown')]),
      )
    : '';
  return `<section id="build-age"><h2>Build age</h2>${figure}${newest}</section>`;
}

function overview(r: ReportDocument): string {
  const rows = r.servers.map(s => [
    `<a class="nowrap" href="#${esc(s.anchor)}">${esc(s.name)}</a>`,
    severityBadge(s.severity),
    esc([s.product, s.cu, s.update].filter(Boolean).join(' ') || (s.reachable ? 'unknown' : 'not reachable')),
    esc(s.build ?? ''),
    esc(s.eems ? verdictLabel(s.eems.verdict) : 'not assessed'),
    esc(nextActionOf(s) ?? ''),
  ]);
  return `<section id="overview"><h2>Servers at a glance</h2>${dataTable(['Server', 'Severity', 'Version', 'Build', 'Emergency Mitigation Service', 'Next step'], rows)}</section>`;
}

function organisationPlan(r: ReportDocument): string {
  const p = r.organisationPlan;
  if (!p) return '';
  const ad = p.adPreparation;
  const steps = [ad.prepareSchema ? 'extend the schema (/PrepareSchema)' : null, ad.prepareAd ? 'prepare the organisation (/PrepareAD)' : null].filter(Boolean);
  const adPart = ad.needed
    ? `<p><strong>Prepare Active Directory first${steps.length ? `: ${steps.join(' and ')}` : ''}.</strong> ${esc(ad.why)}</p>${
        ad.commands.length ? `<pre>${ad.commands.map(esc).join('\n')}</pre>` : ''
      }`
    : `<p>Active Directory needs no preparation. ${esc(ad.why)}</p>`;
  const order = p.order.length ? `<p>Update the servers in this order:</p><ol>${p.order.map(n => `<li>${esc(n)}</li>`).join('')}</ol>` : '';
  const notes = p.notes.length ? `<ul>${p.notes.map(n => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  return `<section id="organisation-plan"><h2>Organisation plan</h2>${adPart}${order}${notes}</section>`;
}

function transfers(r: ReportDocument): string {
  const downloads = r.downloads.length
    ? dataTable(
        ['File', 'Size', 'SHA-256', 'Published hash', 'Signature', 'Verified'],
        r.downloads.map(d => [
          `<code>${esc(d.fileName)}</code>`,
          esc(formatBytes(d.sizeBytes)),
          `<code>${esc(d.sha256)}</code>`,
          d.hashMatched === null ? 'none published' : d.hashMatched ? 'matches' : '<strong>DOES NOT MATCH</strong>',
          esc(d.signatureChecked ? `${d.signatureStatus}${d.signer ? `, ${d.signer}` : ''}` : `not checked (${d.signatureStatus})`),
          `<span class="nowrap">${esc(formatDateTime(d.verifiedAt))}</span>`,
        ]),
      )
    : '<p class="muted">Nothing was downloaded or imported in this session.</p>';
  const staging = r.staging.length
    ? dataTable(
        ['Server', 'Copied to', 'SHA-256', 'Copied'],
        r.staging.map(s => [
          `<span class="nowrap">${esc(s.server ?? '(folder)')}</span>`,
          `<code>${esc(s.destinationPath)}</code>`,
          `<code>${esc(s.sha256)}</code>`,
          esc(s.alreadyStaged ? 'already there (identical)' : formatBytes(s.bytesCopied)),
        ]),
      )
    : '<p class="muted">Nothing was copied to a server in this session.</p>';
  return `<section id="transfers"><h2>Downloads and staging</h2><h3>Verified files</h3>${downloads}<h3>Copied to servers</h3>${staging}</section>`;
}

function audit(r: ReportDocument): string {
  const body = r.audit.length
    ? dataTable(
        ['When', 'What', 'Detail', 'Outcome'],
        r.audit.map(a => [`<span class="nowrap">${esc(formatDateTime(a.at))}</span>`, esc(a.action), esc(a.detail), esc(a.outcome)]),
      )
    : `<p class="muted">${r.session ? 'The session recorded no actions.' : 'This report was made from a scan alone, without a wizard session.'}</p>`;
  return `<section id="audit"><h2>What was done</h2>${body}</section>`;
}

/** The complete HTML document. */
export function renderHtml(r: ReportDocument): string {
  const severityCounts = SEVERITY_ORDER.map(s => `${r.summary.bySeverity[s]} ${severityLabel(s).toLowerCase()}`).join(', ');
  return (
    '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<meta name="generator" content="${esc(`${r.generator.name} ${r.generator.version}`)}">` +
    `<meta name="description" content="${esc(`${r.summary.serverCount} Exchange servers: ${severityCounts}`)}">` +
    `<title>Exchange EEMS report, ${esc(formatDate(r.generatedAt.slice(0, 10)))}${r.redacted ? ' (redacted)' : ''}</title>` +
    `<style>${reportStyles()}</style></head><body><div class="page">` +
    `${header(r)}${contents(r)}<main>${summary(r)}${buildAge(r)}${overview(r)}${organisationPlan(r)}` +
    `${r.servers.map(serverSection).join('')}${transfers(r)}${audit(r)}</main>` +
    `<footer>Made by ${esc(r.generator.name)} ${esc(r.generator.version)} on ${esc(formatDateTime(r.generatedAt))}. ` +
    'Links point to Microsoft documentation and need an internet connection; everything else in this file works offline.</footer>' +
    '</div></body></html>\n'
  );
}
