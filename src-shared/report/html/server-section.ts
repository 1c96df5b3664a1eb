import type { Finding } from '../../analysis/types';
import { cutoffLabel, statusLabel, verdictLabel } from '../labels';
import type { ActionItem, ReportCertificateRule, ReportServer } from '../schema';
import { verdictSeverity } from './charts';
import { keyFacts } from './key-facts';
import { esc, formatDateTime, linkList, severityBadge } from './markup';
import { extendedProtectionChoiceLabel } from '../../wizard/extended-protection-choice';

/*
 * One server's page of the report: only what needs action. What to do first,
 * then why (the EEMS verdict and the findings that need action). Passed
 * checks, the evidence and the facts are in the appendix. Each server is an
 * <h2>, so it is its own entry in the PDF outline and its own page in print.
 */

function isOpen(f: Finding): boolean {
  return f.severity === 'critical' || f.severity === 'warning';
}

/** Whether a server gets a page: something to do, a finding to act on, an EEMS that does not work, or no answer. */
export function needsAction(s: ReportServer): boolean {
  return (
    !s.reachable ||
    s.error !== null ||
    s.actionItems.some(a => a.status !== 'done') ||
    s.findings.some(isOpen) ||
    (s.eems !== null && s.eems.verdict !== 'healthy' && s.eems.verdict !== 'not-applicable')
  );
}

function productLine(s: ReportServer): string {
  return [s.product, s.cu, s.update].filter(Boolean).join(' ') || 'Exchange version unknown';
}

function actionItem(item: ActionItem): string {
  const open = item.prerequisites.filter(p => p.met !== true);
  const prereqs = open.length
    ? `<ul class="prereq">${open
        .map(
          p =>
            `<li>${esc(p.title)}: ${p.met === false ? '<span class="unmet">not met</span>' : '<span class="muted">not checked</span>'}${p.detail ? ` <span class="muted">(${esc(p.detail)})</span>` : ''}</li>`,
        )
        .join('')}</ul>`
    : '';
  const done = item.doneAt ? ` on ${esc(formatDateTime(item.doneAt))}` : '';
  return (
    `<li class="${item.status}"><strong>${esc(item.title)}</strong>` + ` <span class="status">· ${esc(statusLabel(item.status))}${done}</span>` + `<p class="why">${esc(item.why)}</p>${prereqs}</li>`
  );
}

function planPart(s: ReportServer): string {
  if (!s.plan) {
    return s.reachable ? '<p class="muted">No update plan was made for this server.</p>' : '<p>Check the server first (see above); the plan follows from its build.</p>';
  }
  const p = s.plan;
  const items = s.actionItems.length ? `<ol class="actions">${s.actionItems.map(actionItem).join('')}</ol>` : '';
  const eems = p.fixesEems ? '' : '<p><strong>This plan alone does not make the Emergency Mitigation Service work again</strong>; the notes say why.</p>';
  const notes = p.notes.length ? `<ul class="notes">${p.notes.map(n => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  return `${items}${extendedProtectionLine(s)}${eems}${notes}`;
}

/**
 * The admin's choice to keep Extended Protection off after Setup (the decision, in words).
 * Microsoft's default needs no line: the Setup step's prerequisite already says Setup turns it on.
 */
function extendedProtectionLine(s: ReportServer): string {
  const choice = s.extendedProtectionChoice;
  if (!choice || choice === 'enable') return '';
  return `<p class="ep-choice"><strong>Extended Protection after Setup:</strong> ${esc(extendedProtectionChoiceLabel(choice))} <span class="muted">(chosen in the wizard: the server stays open to NTLM relay attacks where it is off)</span></p>`;
}

function eemsPart(s: ReportServer, rules: readonly ReportCertificateRule[]): string {
  const v = s.eems;
  if (!v || v.verdict === 'healthy' || v.verdict === 'not-applicable') return '';
  const cutoff = v.cutoff ? ` (${esc(cutoffLabel(v.cutoff, rules))} certificate change)` : '';
  return (
    `<div class="callout sev-${verdictSeverity(v.verdict)}"><p><strong>Emergency Mitigation Service: ${esc(verdictLabel(v.verdict))}</strong>${cutoff}. ${esc(v.explanation)}</p>` +
    // With action items the plan below is the fix; without, the verdict's own fix is all there is to do.
    `${s.actionItems.length ? '' : `<p><strong>Fix:</strong> ${esc(v.fix)}</p>`}${linkList(v.links)}</div>`
  );
}

/** Longest evidence value a server page prints; the JSON report keeps it whole. */
const MAX_EVIDENCE = 70;

function findingItem(f: Finding): string {
  const evidence = f.evidence.map(e => `${e.label}: ${e.value.length > MAX_EVIDENCE ? `${e.value.slice(0, MAX_EVIDENCE - 1)}…` : e.value}`).join('; ');
  return (
    `<li class="finding sev-${f.severity}">${severityBadge(f.severity)} <strong>${esc(f.title)}</strong>. ${esc(f.action)}` +
    `${evidence ? `<span class="evidence-line">${esc(evidence)}</span>` : ''}</li>`
  );
}

/**
 * Build, support and EEMS findings say again what the verdict and the plan
 * above already say; with a plan to follow, only the other findings are listed.
 */
export function isCoveredByPlan(s: ReportServer, f: Finding): boolean {
  return s.actionItems.length > 0 && (f.id.startsWith('exchange.') || f.id.startsWith('eems.'));
}

/** The findings a server page lists: those to act on that the plan does not already cover. */
export function pageFindings(s: ReportServer): Finding[] {
  return s.findings.filter(f => isOpen(f) && !isCoveredByPlan(s, f));
}

/** What makes two servers' findings the same finding: an organisation-wide one repeats on every server. */
function findingKey(f: Finding): string {
  return `${f.id}\u0000${f.title}\u0000${f.action}`;
}

/**
 * The first server page (in report order) that lists each finding, so a finding several servers
 * share (the organisation's Auth certificate) is printed in full once and named on the others.
 */
export function firstListings(servers: readonly ReportServer[]): Map<string, string> {
  const first = new Map<string, string>();
  for (const s of servers) for (const f of pageFindings(s)) if (!first.has(findingKey(f))) first.set(findingKey(f), s.name);
  return first;
}

function repeatedItem(f: Finding, on: string): string {
  return `<li class="finding sev-${f.severity} repeat">${severityBadge(f.severity)} <strong>${esc(f.title)}</strong>, as on ${esc(on)} (see there).</li>`;
}

/**
 * The most findings a printed server page lists in full: the page is one A4 sheet (the owner reads
 * it on paper); the rest are named in one line there and listed in full on screen, in the HTML and
 * the JSON report.
 */
const PRINTED_FINDINGS = 4;

function findingsPart(s: ReportServer, first: ReadonlyMap<string, string>): string {
  const open = pageFindings(s);
  const covered = s.findings.filter(f => isOpen(f) && isCoveredByPlan(s, f)).length;
  const note = covered
    ? `<p class="muted">${covered} more finding${covered === 1 ? '' : 's'} about the build and EEMS ${covered === 1 ? 'is' : 'are'} resolved by the plan above (see the appendix).</p>`
    : '';
  const items = open.map((f, i) => {
    const on = first.get(findingKey(f));
    const item = on && on !== s.name ? repeatedItem(f, on) : findingItem(f);
    return i < PRINTED_FINDINGS ? item : item.replace('<li class="', '<li class="screen-only ');
  });
  const rest = open.slice(PRINTED_FINDINGS);
  const printedRest = rest.length ? `<li class="print-only muted">…and ${rest.length} more: ${rest.map(f => esc(f.title)).join('; ')} (in full in the HTML and JSON report).</li>` : '';
  return open.length ? `<h3>Also needs attention</h3><ul class="findings">${items.join('')}${printedRest}</ul>${note}` : note;
}

/** The page of one server that needs action; `first` says which page lists a shared finding in full (firstListings). */
export function serverSection(s: ReportServer, rules: readonly ReportCertificateRule[], first: ReadonlyMap<string, string> = new Map()): string {
  const meta = [s.fqdn, productLine(s), s.build ? `build ${s.build}` : null, s.roles.length ? s.roles.join(', ') : null, s.reachable ? null : 'not reachable'].filter(Boolean);
  const error = s.error
    ? `<div class="callout sev-${s.reachable ? 'warning' : 'critical'}"><p><strong>${s.reachable ? 'Only partly checked' : 'Could not be checked'}:</strong> ${esc(s.error.message)}</p>${
        s.error.fix ? `<p><strong>Fix:</strong> ${esc(s.error.fix)}</p>` : ''
      }</div>`
    : '';
  const target = s.plan?.target ? ` <span class="muted">→ ${esc([s.plan.target.product, s.plan.target.cu, s.plan.target.update].filter(Boolean).join(' '))} (${esc(s.plan.target.build)})</span>` : '';
  return (
    `<section class="server sev-${s.severity}" id="${esc(s.anchor)}" aria-labelledby="${esc(s.anchor)}-h">` +
    `<h2 id="${esc(s.anchor)}-h">${esc(s.name)} ${severityBadge(s.severity)}</h2>` +
    `<p class="server-meta">${meta.map(m => esc(m)).join(' · ')}</p>${keyFacts(s)}${error}${eemsPart(s, rules)}` +
    `${s.actionItems.length || !s.plan ? `<h3>What to do${target}</h3>${planPart(s)}` : ''}${findingsPart(s, first)}</section>`
  );
}
