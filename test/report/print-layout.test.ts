import { describe, expect, it } from 'vitest';
import { planOrganisation } from '../../src-shared/knowledge/organisation-planner';
import { reportFromSession } from '../../src-shared/report/build';
import { renderHtml } from '../../src-shared/report/html/render';
import { redactReport } from '../../src-shared/report/redact';
import { planInput } from '../helpers/plan-input';
import { REPORT_OPTIONS, sampleSession } from './fixtures';

/** The sample session with the migration project the planner makes for its Exchange 2016 server. */
function sessionWithMigration(ticks: Record<string, { done: boolean; at: string | null }> = {}) {
  const session = sampleSession();
  const plan = planOrganisation([planInput('15.1.2507.27', { serverName: 'LEGACY16', osBuildNumber: 14393 })], { hasEsu: false });
  const project = plan.migrations?.[0];
  if (!session.scan?.plan || !project) throw new Error('fixture: no plan or no migration');
  session.scan.plan.migrations = [project];
  if (Object.keys(ticks).length) session.checklist[project.id] = ticks;
  return { session, project };
}

function textOf(html: string): string {
  return html
    .replace(/<style>[\s\S]*?<\/style>/, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

describe('migration projects in the report', () => {
  it('are carried in the model with the runbook items grouped into phases, and the ticks saved under the project', () => {
    const { session, project } = sessionWithMigration({ 'new-server': { done: true, at: '2026-11-27T08:00:00Z' } });
    const report = reportFromSession(session, REPORT_OPTIONS);
    expect(report.migrations).toHaveLength(1);
    const m = report.migrations[0];
    expect(m).toMatchObject({ id: project.id, fromProduct: 'Exchange 2016', toProduct: 'Exchange SE', oldServers: ['LEGACY16'] });
    expect(m?.items.map(i => i.phase)).toEqual([...(m?.items.map(i => i.phase) ?? [])].sort((a, b) => PHASES.indexOf(a) - PHASES.indexOf(b)));
    expect(new Set(m?.items.map(i => i.phase))).toEqual(new Set(PHASES));
    expect(m?.items.find(i => i.id === 'new-server')).toMatchObject({ done: true, at: '2026-11-27T08:00:00Z' });
    // Hash checks, reboots and build checks belong to their Setup item; the shell set-up is no work.
    expect(m?.items.some(i => i.id.startsWith('hash-') || i.id.startsWith('confirm-') || i.id === 'variables')).toBe(false);
  });

  it('are a section of their own and what the decision page asks to approve', () => {
    const { session } = sessionWithMigration({ 'new-server': { done: true, at: '2026-11-27T08:00:00Z' } });
    const html = renderHtml(reportFromSession(session, REPORT_OPTIONS));
    const text = textOf(html);
    const decisions = text.slice(text.indexOf('To approve'), text.indexOf('The risk of doing nothing'));
    expect(decisions).toContain('A migration project: 1 new Windows Server with Exchange SE');
    expect(decisions).toContain('to replace LEGACY16');
    expect(html).toContain('<section id="migrations"');
    const section = text.slice(text.indexOf('Migration projects days'));
    expect(section).toContain('Replace Exchange 2016 with Exchange SE');
    expect(section).toContain('Build the new server');
    expect(section).toContain('Remove the old servers');
    expect(section).toMatch(/Build the new server .*1 of \d+ done/);
  });

  it('a report saved without migrations still reads and renders (older files)', () => {
    const report = reportFromSession(sampleSession(), REPORT_OPTIONS);
    expect(report.migrations).toEqual([]);
    expect(renderHtml(report)).not.toContain('id="migrations"');
  });

  it('redaction covers the migration section', () => {
    const { session } = sessionWithMigration();
    const redacted = redactReport(reportFromSession(session, REPORT_OPTIONS));
    const html = renderHtml(redacted);
    expect(JSON.stringify(redacted.migrations)).not.toMatch(/LEGACY16/i);
    expect(html).not.toMatch(/LEGACY16/i);
    expect(redacted.migrations[0]?.oldServers[0]).toMatch(/^SERVER-\d+$/);
  });
});

const PHASES = ['new-server', 'coexistence', 'moves', 'decommission'] as const;

describe('server pages', () => {
  it('open with a key-facts table, and say "could not be read" for what the probe did not read', () => {
    const session = sampleSession();
    const server = session.scan?.servers.find(s => s.facts !== null);
    if (!server?.facts) throw new Error('fixture: no server with facts');
    server.facts.prerequisites.dotNetRelease = 528049;
    server.facts.reboot = null;
    const html = renderHtml(reportFromSession(session, REPORT_OPTIONS));
    const table = new RegExp(`<table class="key-facts" aria-label="Key facts of ${server.name}">([\\s\\S]*?)</table>`).exec(html)?.[1] ?? '';
    const text = textOf(table);
    expect(text).toContain('.NET Framework 4.8 (Release 528049)');
    expect(text).toContain('Reboot could not be read');
    expect(text).toContain('Last EEMS check');
  });

  it('print a finding several servers share in full once, and name it on the others', () => {
    const session = sampleSession();
    const [a, b] = (session.scan?.servers ?? []).filter(s => s.facts !== null);
    if (!a || !b) throw new Error('fixture: two servers with facts needed');
    const shared = {
      id: 'certificate.auth',
      severity: 'warning' as const,
      title: 'The Auth certificate expires in 20 days',
      why: 'The organisation has one Auth certificate.',
      action: 'Stage a new Auth certificate now.',
      evidence: [{ label: 'Valid until', value: '2026-12-16' }],
      links: [],
    };
    a.findings.push(shared);
    b.findings.push(shared);
    const text = textOf(renderHtml(reportFromSession(session, REPORT_OPTIONS)));
    expect(text.split('Stage a new Auth certificate now.').length - 1).toBe(1);
    expect(text).toMatch(/The Auth certificate expires in 20 days\s*, as on (\S+) \(see there\)/);
  });
});
