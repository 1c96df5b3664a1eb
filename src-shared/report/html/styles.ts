import { SEVERITY_COLOURS } from './palette';

/**
 * The report's only stylesheet, inlined into the document. System fonts only
 * (nothing to download); print rules put each server on its own page, keep
 * table rows and findings whole, repeat table headers and print the address
 * of every link so the paper copy stays usable.
 */
export function reportStyles(): string {
  const c = SEVERITY_COLOURS;
  return `
:root { color-scheme: light; --fg: #1b1b1f; --muted: #5c5c66; --line: #d8d8de; --soft: #f5f5f8; --accent: #0b5cad; }
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; color: var(--fg); background: #fff; font: 15px/1.5 "Segoe UI", system-ui, -apple-system, "Helvetica Neue", Arial, sans-serif; }
.page { max-width: 1000px; margin: 0 auto; padding: 32px 28px 56px; }
h1 { font-size: 26px; line-height: 1.25; margin: 4px 0 12px; }
h2 { font-size: 21px; margin: 36px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 16.5px; margin: 22px 0 6px; }
h4 { font-size: 15px; margin: 0 0 4px; }
p { margin: 6px 0; }
a { color: var(--accent); }
code, .mono { font-family: Consolas, "Cascadia Mono", "DejaVu Sans Mono", monospace; font-size: 13px; }
pre { background: var(--soft); border: 1px solid var(--line); padding: 8px 10px; white-space: pre-wrap; word-break: break-all; margin: 6px 0; }
.eyebrow { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: var(--muted); margin: 0; }
.muted { color: var(--muted); }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 0; font-size: 14px; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; }
.banner { margin: 14px 0 0; padding: 8px 12px; border: 1px solid #c9a227; background: #fff8e1; border-radius: 4px; font-size: 14px; }
.toc { margin-top: 18px; }
.toc ol { columns: 2; margin: 6px 0 0; padding-left: 20px; font-size: 14px; }
.headline { font-size: 17px; padding: 10px 14px; background: var(--soft); border-left: 4px solid var(--accent); }
.kpis { display: flex; flex-wrap: wrap; gap: 10px; margin: 12px 0; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: 8px 14px; min-width: 130px; }
.kpi b { display: block; font-size: 24px; }
.kpi span { color: var(--muted); font-size: 13px; }
figure { margin: 12px 0; }
figcaption { color: var(--muted); font-size: 13px; }
.chart { max-width: 100%; height: auto; }
.chart text { font-family: inherit; }
.chart-label { font-size: 12.5px; fill: var(--fg); }
.chart-value { font-size: 12.5px; fill: var(--fg); font-weight: 600; }
.chart-axis { font-size: 11px; fill: var(--muted); }
.chart-note { font-size: 10.5px; fill: #6d4c00; }
.chart .grid { stroke: #e6e6ec; stroke-width: 1; }
.chart .cutoff { stroke: #b8860b; stroke-width: 1.5; stroke-dasharray: 5 4; }
.chart .today { stroke: #555; stroke-width: 1; stroke-dasharray: 2 3; }
.chart .age { stroke: #9a9aa5; stroke-width: 1; stroke-dasharray: 1 3; }
.chart .newest { fill: #fff; stroke: #1b1b1f; stroke-width: 1.5; }
.legend { list-style: none; padding: 0; margin: 4px 0 10px; display: grid; grid-template-columns: 1fr 1fr; gap: 2px 18px; font-size: 13px; color: var(--muted); }
.legend li { display: flex; align-items: center; gap: 6px; }
.chart.mark { flex: none; }
.chart .out-of-support { fill: ${c.critical}; }
.out-of-support { color: ${c.critical}; font-weight: 600; }
.chart .today-label { fill: #333; }
ul.approve li, ul.risks li { margin: 3px 0; }
table.compact { font-size: 13px; }
table.compact td, table.compact th { padding: 3px 6px; }
table.passed td:last-child { width: 45%; }
table.status td:nth-child(1) { width: 15%; }
table.status td:nth-child(2) { width: 15%; }
table.status td:nth-child(3) { width: 33%; }
table.status td:nth-child(4) { width: 8%; }
table.passed td:first-child { width: 8%; }
table.evidence-table td:first-child { width: 9%; }
table.evidence-table td:nth-child(2) { width: 17%; }
p.why { font-size: 13.5px; color: var(--muted); margin: 2px 0 0; }
ul.findings { list-style: none; padding: 0; margin: 6px 0; }
ul.findings > li { border-left: 4px solid var(--line); padding: 3px 10px; margin: 0 0 5px; }
ul.findings > li.sev-critical { border-left-color: ${c.critical}; }
ul.findings > li.sev-warning { border-left-color: ${c.warning}; }
ul.notes { font-size: 13.5px; color: var(--muted); margin: 4px 0; }
.evidence-line { display: block; font-size: 12.5px; color: var(--muted); }
.doc-links ul { columns: 2; column-gap: 18px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; }
th, td { text-align: left; vertical-align: top; padding: 5px 8px; border-bottom: 1px solid var(--line); }
thead th { background: var(--soft); font-weight: 600; }
table.facts th { width: 34%; font-weight: 600; color: var(--muted); }
td code { word-break: break-all; }
.nowrap { white-space: nowrap; }
.badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12.5px; font-weight: 600; color: #fff; white-space: nowrap; vertical-align: middle; }
.badge.sev-critical { background: ${c.critical}; }
.badge.sev-warning { background: ${c.warning}; }
.badge.sev-info { background: ${c.info}; }
.badge.sev-ok { background: ${c.ok}; }
.badge.neutral { background: #5c5c66; }
.server { border-top: 6px solid var(--line); margin-top: 40px; }
.server.sev-critical { border-top-color: ${c.critical}; }
.server.sev-warning { border-top-color: ${c.warning}; }
.server.sev-info { border-top-color: ${c.info}; }
.server.sev-ok { border-top-color: ${c.ok}; }
.server > h2 { border-bottom: none; margin-top: 14px; }
.server-meta { color: var(--muted); margin-top: -4px; }
.callout { border: 1px solid var(--line); border-left: 5px solid var(--accent); border-radius: 4px; padding: 8px 12px; margin: 10px 0; background: #fff; }
.callout.sev-critical { border-left-color: ${c.critical}; }
.callout.sev-warning { border-left-color: ${c.warning}; }
.callout.sev-info { border-left-color: ${c.info}; }
.callout.sev-ok { border-left-color: ${c.ok}; }
ol.actions { list-style: none; padding: 0; margin: 8px 0; counter-reset: step; }
ol.actions > li { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px 8px 44px; margin: 0 0 8px; position: relative; }
ol.actions > li::before { counter-increment: step; content: counter(step); position: absolute; left: 10px; top: 8px; width: 24px; height: 24px; border-radius: 12px; background: var(--accent); color: #fff; text-align: center; font-weight: 700; font-size: 13px; line-height: 24px; }
ol.actions > li.done::before { content: "\\2713"; background: ${c.ok}; }
ol.actions > li.needs-esu::before { background: ${c.warning}; }
.status { font-size: 13px; color: var(--muted); }
.prereq { margin: 4px 0 0; padding-left: 18px; font-size: 14px; }
.prereq .met { color: ${c.ok}; }
.prereq .unmet { color: ${c.critical}; }
.evidence { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 6px 0; font-size: 14px; }
.evidence dt { color: var(--muted); }
.evidence dd { margin: 0; word-break: break-word; }
.finding { border: 1px solid var(--line); border-left: 5px solid var(--line); border-radius: 4px; padding: 8px 12px; margin: 8px 0; }
.finding.sev-critical { border-left-color: ${c.critical}; }
.finding.sev-warning { border-left-color: ${c.warning}; }
.finding.sev-info { border-left-color: ${c.info}; }
.finding.sev-ok { border-left-color: ${c.ok}; }
.links { margin: 4px 0 0; padding-left: 18px; font-size: 14px; }
table.key-facts { font-size: 13px; margin: 6px 0 10px; }
table.key-facts th { font-weight: 600; color: var(--muted); width: 12%; padding: 2px 6px; }
table.key-facts td { width: 38%; padding: 2px 6px; }
.key-facts-none { margin: 6px 0 10px; }
.migration dl.meta { font-size: 13.5px; }
table.phases td:first-child { width: 20%; }
table.phases td:last-child { width: 10%; }
code.hash { font-size: 11px; }
.print-only { display: none; }
.h-note { font-size: 13px; font-weight: 400; }
footer { margin-top: 48px; padding-top: 10px; border-top: 1px solid var(--line); color: var(--muted); font-size: 13px; }
@page { size: A4; margin: 10mm 10mm 11mm; }
@media print {
  body { font-size: 10.5pt; }
  .page { max-width: none; padding: 0; }
  .toc { display: none; }
  h2, h3, h4 { break-after: avoid; }
  section.server, #pictures, section.appendix { break-before: page; margin-top: 0; }
  section.appendix { font-size: 8pt; }
  section.appendix table.compact { font-size: 7pt; }
  section.appendix table.compact td, section.appendix table.compact th { padding: 1px 4px; }
  section.appendix .doc-links ul { columns: 3; font-size: 6.5pt; }
  section.server { font-size: 8pt; line-height: 1.35; }
  section.server .callout { padding: 4px 10px; margin: 6px 0; }
  ol.actions > li::before { top: 4px; width: 20px; height: 20px; line-height: 20px; font-size: 10pt; left: 8px; }
  section.server h3 { margin: 6px 0 3px; font-size: 10.5pt; }
  section.server > h2 { font-size: 14pt; }
  section.server .finding { margin: 4px 0; padding: 3px 8px; }
  table.key-facts th { white-space: nowrap; width: 1%; }
  section.server .callout p { margin: 3px 0; }
  ol.actions > li { padding: 4px 10px 4px 40px; margin: 0 0 5px; }
  ul.findings > li { margin: 0 0 3px; padding: 2px 8px; }
  section.server .links { display: none; }
  #decisions .headline { font-size: 10pt; padding: 6px 10px; }
  #decisions table.compact { font-size: 7.5pt; }
  #decisions table.compact td, #decisions table.compact th { padding: 1.5px 4px; line-height: 1.3; }
  .banner { margin: 4px 0 0; padding: 3px 8px; font-size: 7.5pt; }
  #decisions ul { margin: 2px 0; }
  ul.approve li, ul.risks li { margin: 1px 0; line-height: 1.3; }
  #decisions { font-size: 8.5pt; }
  .evidence-line { font-size: 7.5pt; }
  .doc-links li { break-inside: avoid; }
  #decisions h3 { margin: 10px 0 4px; }
  h1 { font-size: 14pt; margin: 2px 0 4px; }
  h2 { margin: 12px 0 6px; }
  section.appendix h3 { margin: 10px 0 4px; }
  p.why, ul.notes { font-size: 7.5pt; line-height: 1.35; }
  ul.notes { margin: 2px 0; padding-left: 16px; }
  table.compact { font-size: 8pt; }
  tr, .finding, ol.actions > li, .callout, figure, .kpi { break-inside: avoid; }
  .print-only { display: block; }
  .screen-only { display: none; }
  section.appendix tr.older { display: none; }
  section.appendix table.audit .clip { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 2; overflow: hidden; }
  section.appendix code { font-size: 6.5pt; }
  section.appendix code.hash { font-size: 6pt; }
  section.appendix .meta { font-size: 7.5pt; }
  .prereq { font-size: 7.5pt; margin: 2px 0 0; }
  table.key-facts { font-size: 7.5pt; margin: 3px 0 6px; }
  table.key-facts th, table.key-facts td { padding: 1px 4px; }
  .server-meta { margin: 0 0 2px; }
  section.server > h2 { margin: 6px 0 2px; }
  #migrations { font-size: 8.5pt; }
  #migrations table.compact { font-size: 7.5pt; }
  #migrations .meta { font-size: 7.5pt; }
  #migrations p, #migrations ul.notes { margin: 2px 0; }
  #migrations h3 { margin: 6px 0 2px; font-size: 10pt; }
  #migrations > h2, #pictures > h2 { font-size: 13pt; margin: 8px 0 4px; }
  #pictures figure { margin: 4px 0; }
  #pictures { font-size: 8.5pt; }
  #pictures svg[aria-labelledby="eems-chart-title"] { width: auto; height: 24mm; }
  #pictures svg[aria-labelledby="age-chart-title"] { width: auto; height: 44mm; }
  #pictures .legend { font-size: 7.5pt; margin: 2px 0 4px; }
  #pictures figcaption { font-size: 7.5pt; }
  #pictures ul { margin: 2px 0; }
  #pictures h3 { margin: 8px 0 3px; }
  thead { display: table-header-group; }
  a { color: inherit; text-decoration: underline; }
  a[href^="https:"]::after { content: " <" attr(href) ">"; font-size: 8pt; color: var(--muted); word-break: break-all; }
}
`;
}
