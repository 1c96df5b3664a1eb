import type { Finding } from '../../analysis/types';
import type { ServerFacts } from '../../domain/facts';
import type { BuildClassification } from '../../knowledge/types';
import { cutoffLabel, statusLabel, verdictLabel } from '../labels';
import type { ActionItem, ReportServer } from '../schema';
import { dataTable, esc, evidenceList, factTable, formatBytes, formatDate, formatDateTime, linkList, severityBadge } from './markup';

/**
 * One server's section of the HTML report: what to do first, then why (the
 * EEMS verdict and the findings), then the facts behind it. Each server is an
 * <h2>, so it becomes its own entry in the PDF outline and its own page in print.
 */

function productLine(s: ReportServer): string {
  const parts = [s.product, s.cu, s.update].filter(Boolean).join(' ');
  return parts || 'Exchange version unknown';
}

function actionItem(item: ActionItem): string {
  const prereqs = item.prerequisites.length
    ? `<ul class="prereq">${item.prerequisites
        .map(p => {
          const state = p.met === true ? '<span class="met">met</span>' : p.met === false ? '<span class="unmet">not met</span>' : '<span class="muted">not checked</span>';
          return `<li>${esc(p.title)} — ${state}${p.detail ? ` <span class="muted">(${esc(p.detail)})</span>` : ''}</li>`;
        })
        .join('')}</ul>`
    : '';
  const file: string[] = [];
  if (item.download) {
    const d = item.download;
    const signature = d.signatureChecked ? `signature ${d.signatureStatus}${d.signer ? ` (${d.signer})` : ''}` : `signature not checked: ${d.signatureStatus}`;
    file.push(`File <code>${esc(d.fileName)}</code>, SHA-256 <code>${esc(d.sha256)}</code>, ${esc(signature)}, verified ${esc(formatDateTime(d.verifiedAt))}.`);
  }
  if (item.staged) {
    file.push(`Copied to <code>${esc(item.staged.destinationPath)}</code>${item.staged.alreadyStaged ? ' (was already there, identical)' : ''}.`);
  }
  const done = item.doneAt ? ` on ${esc(formatDateTime(item.doneAt))}` : '';
  return (
    `<li class="${item.status}"><strong>${esc(item.title)}</strong>` +
    `${item.resultingBuild ? ` <span class="muted">→ build ${esc(item.resultingBuild)}</span>` : ''}` +
    `<div class="status">${esc(statusLabel(item.status))}${done}</div>` +
    `<p>${esc(item.why)}</p>${prereqs}${file.map(f => `<p class="status">${f}</p>`).join('')}</li>`
  );
}

function planPart(s: ReportServer): string {
  if (!s.plan) {
    return s.reachable ? '<p class="muted">No update plan was made for this server.</p>' : '<p>Check the server first (see above); the plan follows from its build.</p>';
  }
  const p = s.plan;
  const target = p.target ? `<p>Target: <strong>${esc([p.target.product, p.target.cu, p.target.update].filter(Boolean).join(' '))}</strong> (build ${esc(p.target.build)}).</p>` : '';
  const eems = p.fixesEems
    ? '<p>After this plan the Emergency Mitigation Service can work again.</p>'
    : '<p><strong>This plan alone does not make the Emergency Mitigation Service work again</strong>; the notes say why.</p>';
  const items = s.actionItems.length ? `<ol class="actions">${s.actionItems.map(actionItem).join('')}</ol>` : '';
  const notes = p.notes.length ? `<ul>${p.notes.map(n => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  return `<p>${esc(p.summary)}</p>${target}${eems}${items}${notes}`;
}

function eemsPart(s: ReportServer): string {
  const v = s.eems;
  if (!v) return '<p class="muted">Not assessed: the server could not be checked.</p>';
  const severity = v.verdict === 'healthy' ? 'ok' : v.verdict === 'blocked-by-certificate' || v.verdict === 'ocs-unreachable' ? 'critical' : 'warning';
  const cutoff = v.cutoff ? ` (${esc(cutoffLabel(v.cutoff))} certificate change)` : '';
  return (
    `<div class="callout sev-${severity}"><p><strong>${esc(verdictLabel(v.verdict))}</strong>${cutoff}</p><p>${esc(v.explanation)}</p>` +
    `${evidenceList(v.evidence)}<p><strong>Fix:</strong> ${esc(v.fix)}</p>${linkList(v.links)}</div>`
  );
}

function findingBlock(f: Finding): string {
  return (
    `<article class="finding sev-${f.severity}"><h4>${severityBadge(f.severity)} ${esc(f.title)}</h4>${evidenceList(f.evidence)}` +
    `<p><strong>Why it matters:</strong> ${esc(f.why)}</p><p><strong>What to do:</strong> ${esc(f.action)}</p>${linkList(f.links)}</article>`
  );
}

function findingsPart(s: ReportServer): string {
  if (s.findings.length === 0) return '<p class="muted">No findings.</p>';
  return s.findings.map(findingBlock).join('');
}

const SUPPORT: Record<BuildClassification['supportState'], string> = {
  supported: 'Supported',
  'end-of-support': 'Past end of support (updates only with ESU)',
  'cu-out-of-support': 'This CU no longer receives security updates',
};

function buildPart(s: ReportServer): string {
  const c = s.classification;
  if (!c) return s.build ? `<p>Build ${esc(s.build)}; it could not be matched to the catalog.</p>` : '<p class="muted">Build unknown.</p>';
  const age = s.buildAge;
  const facts = factTable([
    ['Build', c.known ? c.build : `${c.build} (not in the catalog${c.resolvedTo ? `; treated as ${c.resolvedTo.build}: ${c.resolvedTo.reason}` : ''})`],
    ['Version', [c.product, c.cu, c.update].filter(Boolean).join(' ')],
    ['Released', formatDate(c.releaseDate)],
    ['KB', c.kb],
    ['Support', SUPPORT[c.supportState]],
    ['Newest public update for this CU', c.onLatestPublicUpdate ? 'Installed' : c.latestPublicBuild],
    ['Newest ESU update for this CU', c.latestEsuBuild],
    ['Newest public build of the product line', age?.newestPublicBuild ? `${age.newestPublicBuild}${age.newestPublicReleaseDate ? ` (${formatDate(age.newestPublicReleaseDate)})` : ''}` : null],
  ]);
  const rules = c.certificateRules.length
    ? dataTable(
        ['Certificate change', 'Takes effect', 'Result', 'Minimum build', 'Why'],
        c.certificateRules.map(r => [
          esc(r.title),
          esc(formatDate(r.effectiveDate)),
          r.satisfied ? 'Met' : r.borderline ? '<strong>Borderline</strong>' : '<strong>Not met</strong>',
          esc(r.minimumBuild ?? 'none for this CU'),
          esc(r.reason),
        ]),
      )
    : '';
  return facts + rules;
}

const DOTNET: Record<number, string> = { 528040: '4.8', 528049: '4.8', 528372: '4.8', 528449: '4.8', 533320: '4.8.1', 533325: '4.8.1' };

function dotNet(release: number | null): string | null {
  if (release === null) return null;
  return DOTNET[release] ? `${DOTNET[release]} (release ${release})` : `release ${release}`;
}

function yesNo(value: boolean | null): string | null {
  return value === null ? null : value ? 'Yes' : 'No';
}

function factsPart(facts: ServerFacts | null): string {
  if (!facts) return '';
  const e = facts.eems;
  const ocs = e.ocsTest
    ? `${e.ocsTest.statusCode !== null ? `HTTP ${e.ocsTest.statusCode}` : 'no response'}${e.ocsTest.error ? `: ${e.ocsTest.error}` : ''} (${formatDateTime(e.ocsTest.testedAt)})`
    : null;
  const certs = facts.certificates ?? [];
  const soonest = [...certs].sort((a, b) => a.notAfter.localeCompare(b.notAfter))[0];
  const disks = facts.disks.map(d => `${d.drive} ${formatBytes(d.freeBytes)} free of ${formatBytes(d.sizeBytes)}`).join('; ');
  const table = factTable([
    ['Collected', `${formatDateTime(facts.collectedAt)} (${facts.collectionMethod})`],
    ['Operating system', [facts.os.productName, facts.os.version].filter(Boolean).join(' ') || null],
    ['Last boot', formatDateTime(facts.os.lastBootUpTime)],
    ['.NET Framework', dotNet(facts.prerequisites.dotNetRelease)],
    ['Visual C++ 2012 / 2013', [facts.prerequisites.vcRedist2012 ?? 'missing', facts.prerequisites.vcRedist2013 ?? 'missing'].join(' / ')],
    ['IIS URL Rewrite', facts.prerequisites.urlRewriteInstalled === null ? null : facts.prerequisites.urlRewriteInstalled ? (facts.prerequisites.urlRewriteVersion ?? 'Installed') : 'Not installed'],
    ['Reboot pending', facts.reboot ? (facts.reboot.pending ? `Yes (${facts.reboot.sources.join(', ')})` : 'No') : null],
    ['Disks', disks || null],
    ['Mitigations enabled (organisation / server)', [yesNo(e.orgMitigationsEnabled) ?? 'unknown', yesNo(e.serverMitigationsEnabled) ?? 'unknown'].join(' / ')],
    ['Mitigation service', e.service ? `${e.service.status}, start ${e.service.startType}` : 'Not installed'],
    ['Mitigations applied', e.mitigationsApplied.join(', ') || null],
    ['Mitigations blocked', e.mitigationsBlocked.join(', ') || null],
    ['Internet proxy for EEMS', e.internetWebProxy],
    ['Office Config Service test', ocs],
    ['Event 1008 in the last 30 days', e.events1008 === null ? null : String(e.events1008.length)],
    ['Certificates', certs.length ? `${certs.length}; the first to expire: ${soonest?.subject ?? ''} on ${formatDate(soonest?.notAfter)}` : null],
    ['Auth certificate', facts.authCertificate ? `${facts.authCertificate.foundOnServer ? 'on this server' : 'NOT on this server'}${facts.authCertificate.notAfter ? `, valid until ${formatDate(facts.authCertificate.notAfter)}` : ''}` : null],
    ['Components not active', facts.maintenance ? facts.maintenance.inactiveComponents.map(c => `${c.component} (${c.state})`).join(', ') || 'None' : null],
  ]);
  const gaps = facts.sectionErrors.length
    ? `<p class="muted">Not collected: ${facts.sectionErrors.map(e => `${esc(e.section)} (${esc(e.message)})`).join('; ')}.</p>`
    : '';
  return `<h3>Key facts</h3>${table}${gaps}`;
}

function checklistPart(s: ReportServer): string {
  if (s.checklist.length === 0) return '';
  const done = s.checklist.filter(c => c.done).length;
  return `<h3>Upgrade checklist</h3><p>${done} of ${s.checklist.length} items ticked off in the wizard.</p>${dataTable(
    ['Item', 'Done', 'When'],
    s.checklist.map(c => [esc(c.title), c.done ? 'Yes' : 'No', esc(formatDateTime(c.at))]),
  )}`;
}

/** The whole section for one server. */
export function serverSection(s: ReportServer): string {
  const meta = [
    s.fqdn,
    productLine(s),
    s.build ? `build ${s.build}` : null,
    s.roles.length ? s.roles.join(', ') : null,
    s.reachable ? `checked in ${(s.durationMs / 1000).toFixed(1)} s` : 'not reachable',
  ].filter(Boolean);
  const error = s.error
    ? `<div class="callout sev-${s.reachable ? 'warning' : 'critical'}"><p><strong>${s.reachable ? 'Only partly checked' : 'Could not be checked'}:</strong> ${esc(s.error.message)}</p>${
        s.error.fix ? `<p><strong>Fix:</strong> ${esc(s.error.fix)}</p>` : ''
      }${s.error.detail ? `<pre>${esc(s.error.detail)}</pre>` : ''}</div>`
    : '';
  return (
    `<section class="server sev-${s.severity}" id="${esc(s.anchor)}" aria-labelledby="${esc(s.anchor)}-h">` +
    `<h2 id="${esc(s.anchor)}-h">${esc(s.name)} ${severityBadge(s.severity)}</h2>` +
    `<p class="server-meta">${meta.map(m => esc(m)).join(' · ')}</p>${error}` +
    `<h3>What to do</h3>${planPart(s)}` +
    `<h3>Emergency Mitigation Service</h3>${eemsPart(s)}` +
    `<h3>Findings</h3>${findingsPart(s)}` +
    `<h3>Build</h3>${buildPart(s)}` +
    `${factsPart(s.facts)}${checklistPart(s)}</section>`
  );
}
