import type { BuildClassification } from '../../knowledge/types';
import { cutoffLabel, severityLabel } from '../labels';
import type { ReportDocument } from '../schema';
import type { DocLink } from '../../analysis/types';
import { dataTable, esc, formatBytes, formatDate, formatDateTime, linkList } from './markup';

/*
 * The report's appendix: what backs the pages before it, compact. Passed
 * checks as one table, the evidence, builds against the certificate rules,
 * file hashes, the audit trail and the report's own metadata.
 */

const SUPPORT: Record<BuildClassification['supportState'], string> = {
  supported: 'supported',
  'end-of-support': 'past end of support',
  'cu-out-of-support': 'CU no longer serviced',
};

/** Longest evidence value printed here; the JSON report keeps every value whole. */
const MAX_VALUE = 60;

/** One row per check that passed (or only informs), naming the servers it passed on. */
function passedChecks(r: ReportDocument): string {
  const byTitle = new Map<string, { severity: string; servers: string[] }>();
  for (const s of r.servers) {
    for (const f of s.findings) {
      if (f.severity !== 'ok' && f.severity !== 'info') continue;
      const key = `${f.severity}\u0000${f.title}`;
      const entry = byTitle.get(key) ?? { severity: severityLabel(f.severity), servers: [] };
      entry.servers.push(s.name);
      byTitle.set(key, entry);
    }
  }
  const rows = [...byTitle].map(([key, e]) => [esc(e.severity), esc(key.split('\u0000')[1]), esc(e.servers.join(', '))]);
  return `<h3>Passed checks and notes</h3>${rows.length ? dataTable(['Result', 'Check', 'Servers'], rows, 'data compact passed') : '<p class="muted">None.</p>'}`;
}

/** Every Microsoft page the report points to, once, with its address (the server pages print titles only). */
function documentation(r: ReportDocument): string {
  const links = new Map<string, DocLink>();
  for (const s of r.servers) for (const l of [...(s.eems?.links ?? []), ...s.findings.flatMap(f => f.links)]) links.set(l.url, l);
  for (const rule of r.certificateRules) for (const l of rule.wording.links) links.set(l.url, l);
  return links.size ? `<h3>Microsoft documentation</h3><div class="doc-links">${linkList([...links.values()])}</div>` : '';
}

/**
 * Evidence the builds table below already states (the build and each certificate rule's result);
 * the labels are the analyser's own.
 */
function statedInBuilds(label: string): boolean {
  return label === 'Build' || label.startsWith('Certificate change ');
}

/**
 * The EEMS evidence grouped by what was read: one row per kind of evidence, servers with the same
 * value together ("EX01, EX03: HTTP 200"), so seven servers take a few lines, not a page.
 */
function evidenceGroups(r: ReportDocument): string[][] {
  const byLabel = new Map<string, Map<string, string[]>>();
  for (const s of r.servers) {
    for (const e of s.eems?.evidence ?? []) {
      if (statedInBuilds(e.label)) continue;
      const values = byLabel.get(e.label) ?? new Map<string, string[]>();
      const value = e.value.length > MAX_VALUE ? `${e.value.slice(0, MAX_VALUE - 1)}…` : e.value;
      values.set(value, [...(values.get(value) ?? []), s.name]);
      byLabel.set(e.label, values);
    }
  }
  return [...byLabel].map(([label, values]) => [esc(label), [...values].map(([value, servers]) => `<strong>${esc(servers.join(', '))}:</strong> ${esc(value)}`).join('<br>')]);
}

function evidence(r: ReportDocument): string {
  const rows = evidenceGroups(r);
  return `<h3>Evidence</h3><p class="muted">What each Emergency Mitigation Service verdict rests on, grouped by what was read, values shortened (builds and certificate changes are in the next table); the JSON report holds every fact in full.</p>${rows.length ? dataTable(['Evidence', 'Servers: value'], rows, 'data compact evidence-table') : '<p class="muted">None collected.</p>'}`;
}

function builds(r: ReportDocument): string {
  const rows = r.servers
    .filter(s => s.classification)
    .map(s => {
      const c = s.classification as BuildClassification;
      const rules = c.certificateRules.map(x => `${cutoffLabel(x.cutoff, r.certificateRules)}: ${x.satisfied ? 'met' : x.borderline ? 'borderline' : 'not met'}`).join('; ');
      return [esc(s.name), `<span class="nowrap">${esc(c.build)}</span>`, esc(formatDate(c.releaseDate)), esc(SUPPORT[c.supportState]), esc(rules)];
    });
  return rows.length ? `<h3>Builds and certificate changes</h3>${dataTable(['Server', 'Build', 'Released', 'Support', 'Certificate changes'], rows, 'data compact')}` : '';
}

function transfers(r: ReportDocument): string {
  const copiedTo = (sha256: string) => r.staging.filter(s => s.sha256.toLowerCase() === sha256.toLowerCase()).map(s => s.server ?? '(folder)');
  const downloads = r.downloads.length
    ? dataTable(
        ['File', 'Size', 'SHA-256', 'Checks', 'Copied to'],
        r.downloads.map(d => [
          `<code>${esc(d.fileName)}</code>`,
          `<span class="nowrap">${esc(formatBytes(d.sizeBytes))}</span>`,
          `<code class="hash">${esc(d.sha256)}</code>`,
          esc(
            `${d.hashMatched === null ? 'no published hash' : d.hashMatched ? 'published hash matches' : 'DOES NOT MATCH the published hash'}; ${
              d.signatureChecked ? `signature ${d.signatureStatus}${d.signer ? `, ${d.signer}` : ''}` : 'signature not checked'
            }; ${formatDateTime(d.verifiedAt)}`,
          ),
          esc(copiedTo(d.sha256).join(', ') || 'not copied yet'),
        ]),
        'data compact',
      )
    : '<p class="muted">Nothing was downloaded or imported in this session.</p>';
  const staging = r.staging.length
    ? '<p class="muted">Each copy to a server was read back and matched the SHA-256 above; the destination paths are in the JSON report.</p>'
    : '<p class="muted">Nothing was copied to a server in this session.</p>';
  return `<h3 id="transfers">Verified files, their hashes and where they were copied</h3>${downloads}${staging}`;
}

/** Audit entries the printed report shows (the newest); the HTML on screen and the JSON keep every entry. */
export const PRINTED_AUDIT_ENTRIES = 8;

function audit(r: ReportDocument): string {
  if (r.audit.length === 0) {
    return `<h3 id="audit">Audit trail</h3><p class="muted">${r.session ? 'The session recorded no actions.' : 'This report was made from a scan alone, without a wizard session.'}</p>`;
  }
  const older = Math.max(0, r.audit.length - PRINTED_AUDIT_ENTRIES);
  const head = `<thead><tr>${['When', 'What', 'Detail', 'Outcome'].map(h => `<th scope="col">${h}</th>`).join('')}</tr></thead>`;
  // On paper only the newest entries (older rows are hidden by the print styles), with a note saying where the rest is.
  const rows = r.audit
    .map(
      (a, i) =>
        `<tr${i < older ? ' class="older"' : ''}><td><span class="nowrap">${esc(formatDateTime(a.at))}</span></td><td>${esc(a.action)}</td><td><span class="clip">${esc(a.detail)}</span></td><td>${esc(a.outcome)}</td></tr>`,
    )
    .join('');
  const note = older
    ? `<p class="muted print-only">The newest ${PRINTED_AUDIT_ENTRIES} of ${r.audit.length} entries; the ${older} earlier ${older === 1 ? 'one is' : 'ones are'} in the HTML and JSON report.</p>`
    : '';
  return `<h3 id="audit">Audit trail</h3>${note}<table class="data compact audit">${head}<tbody>${rows}</tbody></table>`;
}

function metadata(r: ReportDocument): string {
  const meta: Array<[string, string]> = [
    ['Report made', formatDateTime(r.generatedAt)],
    ['Scan', `${formatDateTime(r.scan.generatedAt)} (source: ${r.scan.source})`],
    ['Extended Security Updates', r.scan.organisationHasEsu ? 'The organisation has ESU' : 'No ESU'],
    ['Build catalog as of', `${formatDate(r.scan.catalogAsOf)}${r.scan.catalogTrust ? ` (${r.scan.catalogTrust})` : ''}`],
    ['Made by', `${r.generator.name} ${r.generator.version}`],
  ];
  if (r.session) meta.push(['Wizard session', `${r.session.id}, started ${formatDateTime(r.session.createdAt)}`]);
  return `<h3>About this report</h3><dl class="meta">${meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

/** The appendix section. */
export function appendix(r: ReportDocument): string {
  return `<section id="appendix" class="appendix" aria-labelledby="appendix-h"><h2 id="appendix-h">Appendix</h2>${passedChecks(r)}${evidence(r)}${builds(r)}${transfers(r)}${audit(r)}${documentation(r)}${metadata(r)}</section>`;
}
