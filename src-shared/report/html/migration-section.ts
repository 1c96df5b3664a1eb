import type { MigrationPhase, ReportDocument, ReportMigration } from '../schema';
import { newServerCount } from '../../wizard/cost-summary';
import { dataTable, esc } from './markup';

/*
 * The migration projects: servers whose product cannot be upgraded in place
 * are replaced by new servers. One block per project: what is replaced by
 * what, the new servers, and the work in its four phases with what the admin
 * has ticked off. The commands stay in the wizard's Upgrade step and
 * `exwiz checklist`: this is what the owner approves and follows.
 */

const PHASES: ReadonlyArray<readonly [MigrationPhase, string]> = [
  ['new-server', 'Build the new server'],
  ['coexistence', 'Old and new side by side'],
  ['moves', 'Move mailboxes'],
  ['decommission', 'Remove the old servers'],
];

function newServers(m: ReportMigration): string {
  const mailbox = m.newServerCount;
  const edge = m.oldEdgeServers.length;
  const parts = [mailbox ? `${mailbox} new Mailbox server${mailbox === 1 ? '' : 's'}` : null, edge ? `${edge} new Edge server${edge === 1 ? '' : 's'}` : null].filter(Boolean);
  return parts.join(' and ') || 'no new server';
}

/** The machines to buy or set up: every new Mailbox or Edge server is a new Windows Server. */
function windowsServers(m: ReportMigration): string {
  const n = newServerCount([m]);
  return `${n} new Windows Server${n === 1 ? '' : 's'}`;
}

function phaseRows(m: ReportMigration): string[][] {
  return PHASES.map(([phase, label]) => {
    const items = m.items.filter(i => i.phase === phase);
    const done = items.filter(i => i.done).length;
    const state = items.length === 0 ? '' : done === items.length ? 'done' : done ? `${done} of ${items.length} done` : 'to do';
    return [esc(label), esc(items.map(i => i.title).join('; ')), esc(state)];
  }).filter(row => row[1] !== '');
}

function project(m: ReportMigration): string {
  const facts: Array<[string, string]> = [
    ['Replaces', `${m.oldServers.join(', ')} (${m.fromProduct})`],
    ['With', `${newServers(m)}: Setup of ${m.firstSetup} on Windows Server ${m.newServerOs.map(o => o.replace(/^Windows Server /, '')).join(', ')}, ending on ${m.toProduct} ${m.finalBuild}`],
    ['Why this many', m.newServerCountWhy],
  ];
  // The project's notes say what the servers already on the target can do; named here only when they do not.
  if (m.existingTargetServers.length && !m.notes.some(n => m.existingTargetServers.every(x => n.includes(x)))) facts.push([`Already on ${m.toProduct}`, m.existingTargetServers.join(', ')]);
  const dl = `<dl class="meta migration-facts">${facts.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
  const notes = m.notes.length ? `<ul class="notes">${m.notes.map(n => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  return (
    `<div class="migration" id="${esc(`migration-${m.id}`)}"><h3>${esc(m.title)}</h3>` +
    `${m.summary ? `<p>${esc(m.summary)}</p>` : ''}${dl}` +
    `${dataTable(['Phase', 'Work (the Upgrade step has every command)', 'State'], phaseRows(m), 'data compact phases')}${notes}</div>`
  );
}

/** The migration section; empty when the plan moves no server. */
export function migrationSection(r: ReportDocument): string {
  if (r.migrations.length === 0) return '';
  return (
    `<section id="migrations" aria-labelledby="migrations-h"><h2 id="migrations-h">Migration projects <span class="muted h-note">days to weeks each; users keep working while their mailboxes move</span></h2>` +
    `${r.migrations.map(project).join('')}</section>`
  );
}

/** The decision page's line for the migrations: what the owner approves, per project. */
export function migrationApprovals(r: ReportDocument): string[] {
  return r.migrations.map(
    m =>
      `<li><strong>A migration project: ${esc(windowsServers(m))} with ${esc(m.toProduct)}</strong> (licence and hardware or VM for each) to replace ${esc(m.oldServers.join(', '))}, as ${esc(m.fromProduct)} cannot be upgraded in place. Days to weeks: build, run old and new side by side, move the mailboxes, remove the old servers (<a href="#migrations">Migration projects</a>).</li>`,
  );
}
