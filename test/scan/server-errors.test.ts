import { describe, expect, it } from 'vitest';
import { AppError } from '../../src-shared/domain/errors';
import type { SectionError, ServerFacts } from '../../src-shared/domain/facts';
import { connectionVerdict, hostFailure, isScanWideFailure } from '../../electron/engine/scan/server-errors';

function facts(sectionErrors: SectionError[], adminDisplayVersion: string | null = 'Version 15.2 (Build 986.5)'): ServerFacts {
  return {
    schemaVersion: 1,
    collectedAt: '2026-11-26T10:00:00Z',
    collectionMethod: 'remote',
    identity: { name: 'EX01', fqdn: 'ex01.contoso.local', domain: null, site: null, roles: ['Mailbox'], edition: null, adminDisplayVersion, isEdge: false },
    exchange: { exSetupVersion: null, installPath: null, installedUpdates: [] },
    eems: {
      orgMitigationsEnabled: null,
      serverMitigationsEnabled: null,
      mitigationsApplied: [],
      mitigationsBlocked: [],
      dataCollectionEnabled: null,
      internetWebProxy: null,
      service: null,
      ocsTest: null,
      events1008: null,
      certificateLogLines: null,
    },
    os: { productName: null, version: null, buildNumber: null, ubr: null, installationType: null, lastBootUpTime: null, language: null },
    prerequisites: { dotNetRelease: null, vcRedist2012: null, vcRedist2013: null, ucmaInstalled: null, ucmaVersion: null, urlRewriteInstalled: null, urlRewriteVersion: null },
    reboot: null,
    disks: [],
    certificates: null,
    authCertificate: null,
    maintenance: null,
    tls: null,
    extendedProtection: null,
    httpProxy: null,
    servicesNotRunning: null,
    sectionErrors,
  };
}

describe('connectionVerdict', () => {
  it('is clean when no connection failed, even with data sections missing', () => {
    expect(connectionVerdict(facts([{ section: 'tls', message: 'denied' }]), 'ex01')).toEqual({ error: null, nothingCollected: false });
  });

  it('nothing was collected when both channels failed; the worst code wins', () => {
    const v = connectionVerdict(
      facts([
        { section: 'exchange-shell', message: 'HTTP URL not available', code: 'ems-missing' },
        { section: 'winrm', message: 'Access is denied.', code: 'access-denied' },
      ]),
      'ex01.contoso.local',
    );
    expect(v.nothingCollected).toBe(true);
    expect(v.error?.code).toBe('access-denied');
    expect(v.error?.message).toBe('Access to ex01.contoso.local was denied over PowerShell remoting (WinRM).');
    expect(v.error?.detail).toContain('exchange-shell: HTTP URL not available');
    expect(v.error?.fix).toMatch(/Organization Management/);
  });

  it('one failed channel is a partial scan', () => {
    const v = connectionVerdict(facts([{ section: 'exchange-shell', message: '404', code: 'ems-missing' }]), 'ex01');
    expect(v.nothingCollected).toBe(false);
    expect(v.error?.code).toBe('ems-missing');
    expect(v.error?.fix).toMatch(/offline collector/);
  });

  it('an Edge server without Exchange facts and no WinRM has nothing', () => {
    const v = connectionVerdict(facts([{ section: 'winrm', message: 'WinRM cannot complete the operation.', code: 'winrm-unreachable' }], null), 'edge01');
    expect(v.nothingCollected).toBe(true);
    expect(v.error?.code).toBe('winrm-unreachable');
  });
});

describe('hostFailure', () => {
  it('turns host errors into per-server errors with fixes', () => {
    const timeout = hostFailure(new AppError('timeout', 'x did not finish'), 'ex01', 30_000);
    expect(timeout).toMatchObject({ code: 'timeout', message: 'ex01 did not answer within 30 s.' });
    expect(timeout.fix).toMatch(/30 s/);
    expect(hostFailure(new AppError('malformed-output', 'bad', { detail: 'zod says' }), 'ex01', 1000)).toMatchObject({ code: 'malformed-output', detail: 'bad\nzod says' });
    expect(hostFailure(new AppError('script-error', 'boom'), 'ex01', 1000).fix).toMatch(/offline collector/);
    expect(hostFailure(new Error('odd'), 'ex01', 1000).code).toBe('internal');
  });

  it('cancellation and a missing PowerShell stop the whole scan', () => {
    expect(isScanWideFailure(new AppError('cancelled', 'x'))).toBe(true);
    expect(isScanWideFailure(new AppError('powershell-missing', 'x'))).toBe(true);
    expect(isScanWideFailure(new AppError('timeout', 'x'))).toBe(false);
  });
});
