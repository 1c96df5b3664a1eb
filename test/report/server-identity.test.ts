import { describe, expect, it } from 'vitest';
import { isServer, sameServer, serverKey } from '../../src-shared/domain/server-identity';
import { actionItemsFor, checklistFor } from '../../src-shared/report/action-items';
import { reportFromSession } from '../../src-shared/report/build';
import { REPORT_OPTIONS, sampleSession } from './fixtures';

describe('server identity', () => {
  it('treats a short name and its FQDN as one server, case-insensitively', () => {
    expect(sameServer('ex01.contoso.local', 'EX01')).toBe(true);
    expect(sameServer('EX01', 'ex01.CONTOSO.local.')).toBe(true);
    expect(sameServer('EX01', 'ex01')).toBe(true);
    expect(isServer('EX01.contoso.local', { name: 'EX01', fqdn: null })).toBe(true);
    expect(isServer('ex01', { name: 'EXCHANGE-A', fqdn: 'ex01.contoso.local' })).toBe(true);
    expect(serverKey('EX01.contoso.local')).toBe('ex01');
  });

  it('keeps different servers apart: other names, other domains, IP addresses, nothing', () => {
    expect(sameServer('EX01', 'EX010')).toBe(false);
    expect(sameServer('ex01.contoso.local', 'ex01.fabrikam.local')).toBe(false);
    expect(sameServer('10.0.0.1', '10.0.0.2')).toBe(false);
    expect(sameServer('10.0.0.1', '10')).toBe(false);
    expect(serverKey('10.0.0.1')).toBe('10.0.0.1');
    expect(sameServer(null, 'EX01')).toBe(false);
    expect(sameServer('', '')).toBe(false);
  });

  it('the report marks a file staged to a server recorded by its FQDN as on the server', () => {
    const session = sampleSession();
    session.staging = session.staging.map(s => ({ ...s, server: s.server ? `${s.server.toLowerCase()}.contoso.local` : s.server }));
    session.checklist = Object.fromEntries(Object.entries(session.checklist).map(([k, v]) => [`${k.toLowerCase()}.contoso.local`, v]));
    const report = reportFromSession(session, REPORT_OPTIONS);
    const ex01 = report.servers.find(s => s.name === 'EX01');
    const copied = report.staging.filter(s => s.server === 'ex01.contoso.local');
    expect(copied.length).toBeGreaterThan(0);
    for (const c of copied) {
      const item = ex01?.actionItems.find(a => a.download?.sha256 === c.sha256);
      expect(item?.status).not.toBe('downloaded');
      expect(item?.staged?.destinationPath).toBe(c.destinationPath);
    }
    expect(checklistFor({ name: 'EX01', fqdn: null }, session.checklist).length).toBe(checklistFor({ name: 'EX01', fqdn: null }, sampleSession().checklist).length);
    expect(actionItemsFor({ name: 'EX01', fqdn: null }, null, { downloads: [], staging: [], checklist: {}, organisationHasEsu: false })).toEqual([]);
  });
});
