import { describe, expect, it } from 'vitest';
import { assessOrganisation, probedPart } from '../../src-shared/assessment/assess';
import type { ProbedServer } from '../../src-shared/assessment/scan-report';
import { builtInCatalog } from '../../src-shared/knowledge/catalog';
import { sampleScan } from '../report/fixtures';

/**
 * A server that was never scanned is known only by what discovery saw: its AD entry, the Exchange
 * shell, or the X-OWA-Version header of its logon page (read even when its certificate is not
 * trusted). That is evidence of a build at most: nothing about it may be called fine.
 */
function neverScanned(versionHint: string): ProbedServer {
  return {
    name: 'EX07',
    fqdn: 'ex07.contoso.local',
    source: 'active-directory',
    reachable: false,
    error: { code: 'winrm-unreachable', message: 'EX07 did not answer over WinRM (port 5985).', fix: 'Check that WinRM is on, or run the offline collector on EX07.' },
    roles: ['Mailbox'],
    // The newest public build: X-OWA-Version read after a failed certificate check.
    versionHint,
    facts: null,
    durationMs: 5000,
  };
}

describe('a build seen only by discovery', () => {
  it.each(['15.2.2562.57', 'Version 15.2 (Build 2562.57)'])('gives no "ok" finding (%s), only evidence of the build, said to be unverified', hint => {
    const [server] = assessOrganisation([neverScanned(hint)], { catalog: builtInCatalog(), today: '2026-12-01', organisationHasEsu: false }).servers;
    expect(server?.classification?.build).toBe('15.2.2562.57');
    expect(server?.findings.filter(f => f.severity === 'ok').map(f => f.title)).toEqual([]);
    const unverified = server?.findings.filter(f => f.evidence.some(e => /not read on the server/.test(e.value))) ?? [];
    expect(unverified.map(f => f.id)).toEqual(expect.arrayContaining(['exchange.end-of-support', 'eems.certificate-2023-03']));
    expect(unverified.every(f => f.severity === 'info' && /^Not verified: /.test(f.title))).toBe(true);
  });

  it('a scanned server keeps its "ok" findings: its build was read from ExSetup.exe on the server', () => {
    const healthy = sampleScan().servers.find(s => s.name === 'EX05');
    if (!healthy) throw new Error('sample EX05 missing');
    const [server] = assessOrganisation([probedPart(healthy)], { catalog: builtInCatalog(), today: '2026-12-01', organisationHasEsu: false }).servers;
    expect(server?.findings.some(f => f.severity === 'ok' && f.id === 'exchange.end-of-support')).toBe(true);
    expect(server?.findings.some(f => f.title.startsWith('Not verified'))).toBe(false);
  });
});
