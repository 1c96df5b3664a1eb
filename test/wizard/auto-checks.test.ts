import { describe, expect, it } from 'vitest';
import type { ServerScanResult } from '../../src-shared/assessment/scan-report';
import type { ServerFacts } from '../../src-shared/domain/facts';
import { evaluateAutoCheck, wizardCanRead } from '../../src-shared/wizard/auto-checks';
import { scanned } from './scanned';

/** EX01 scanned on an Exchange SE RTM build with a security update (15.2.2562.37), facts patched. */
function server(patch: (facts: ServerFacts) => void = () => undefined, build = '15.2.2562.37'): ServerScanResult {
  const s = scanned('EX01', build);
  const facts = structuredClone(s.facts as ServerFacts);
  patch(facts);
  return { ...s, facts };
}

describe('the checks the wizard runs itself', () => {
  it('restart-cleared passes only when no source reports a pending restart, and names the sources otherwise', () => {
    expect(evaluateAutoCheck({ id: 'restart-cleared', server: 'EX01' }, server()).status).toBe('passed');
    const pending = evaluateAutoCheck(
      { id: 'restart-cleared', server: 'EX01' },
      server(f => (f.reboot = { pending: true, sources: ['PendingFileRenameOperations', 'UpdateExeVolatile'] })),
    );
    expect(pending).toEqual({ status: 'failed', evidence: 'A restart is still pending (PendingFileRenameOperations, UpdateExeVolatile).' });
    const unread = evaluateAutoCheck(
      { id: 'restart-cleared', server: 'EX01' },
      server(f => (f.reboot = null)),
    );
    expect(unread.status).toBe('unknown');
    expect(unread.evidence).toMatch(/could not be read\. Check by hand:/);
  });

  it('build-reached compares the step’s own build on the same product line', () => {
    const reached = evaluateAutoCheck({ id: 'build-reached', server: 'EX01', build: '15.2.2562.17' }, server());
    expect(reached.status).toBe('passed');
    expect(reached.evidence).toContain('15.2.2562.37');
    // Exchange 2016 CU23 (15.1.2507.x) never satisfies a 2019/SE build, however high its number.
    const wrongLine = evaluateAutoCheck({ id: 'build-reached', server: 'EX01', build: '15.2.1544.4' }, server(undefined, '15.1.2507.77'));
    expect(wrongLine.status).toBe('failed');
    expect(wrongLine.evidence).toBe('ExSetup.exe reports 15.1.2507.77, not yet 15.2.1544.4.');
  });

  it('maintenance checks ignore the two components that are inactive on-premises by design', () => {
    const byDesign = [
      { component: 'ForwardSyncDaemon', state: 'Inactive' },
      { component: 'ProvisioningRps', state: 'Inactive' },
    ];
    const left = evaluateAutoCheck(
      { id: 'maintenance-left', server: 'EX01' },
      server(f => (f.maintenance!.inactiveComponents = byDesign)),
    );
    expect(left.status).toBe('passed');
    const still = evaluateAutoCheck(
      { id: 'maintenance-left', server: 'EX01' },
      server(f => (f.maintenance!.inactiveComponents = [...byDesign, { component: 'HubTransport', state: 'Draining' }])),
    );
    expect(still).toEqual({ status: 'failed', evidence: 'Still not Active: HubTransport (Draining).' });
    const entered = evaluateAutoCheck(
      { id: 'maintenance-entered', server: 'EX01' },
      server(
        f =>
          (f.maintenance!.inactiveComponents = [
            { component: 'ServerWideOffline', state: 'Inactive' },
            { component: 'HubTransport', state: 'Inactive' },
          ]),
      ),
    );
    expect(entered.status).toBe('passed');
    expect(
      evaluateAutoCheck(
        { id: 'maintenance-entered', server: 'EX01' },
        server(f => (f.maintenance!.inactiveComponents = byDesign)),
      ).status,
    ).toBe('failed');
  });

  it('services-running fails on services a failed Setup left Disabled, and says what that means', () => {
    const outcome = evaluateAutoCheck(
      { id: 'services-running', server: 'EX01' },
      server(
        f =>
          (f.servicesNotRunning = [
            { name: 'MSExchangeTransport', status: 'Stopped', startType: 'Disabled' },
            { name: 'MSExchangeIS', status: 'Stopped', startType: 'Disabled' },
          ]),
      ),
    );
    expect(outcome.status).toBe('failed');
    expect(outcome.evidence).toContain('MSExchangeTransport (Stopped, Disabled), MSExchangeIS (Stopped, Disabled)');
    expect(outcome.evidence).toContain('interrupted Setup');
    expect(evaluateAutoCheck({ id: 'services-running', server: 'EX01' }, server()).status).toBe('passed');
    expect(
      evaluateAutoCheck(
        { id: 'services-running', server: 'EX01' },
        server(f => (f.servicesNotRunning = null)),
      ).status,
    ).toBe('unknown');
  });

  it('eems-working needs the service Running and Automatic and the OCS answering', () => {
    expect(evaluateAutoCheck({ id: 'eems-working', server: 'EX01' }, server()).status).toBe('passed');
    const manual = evaluateAutoCheck(
      { id: 'eems-working', server: 'EX01' },
      server(f => (f.eems.service = { name: 'MSExchangeMitigation', status: 'Running', startType: 'Manual' })),
    );
    expect(manual).toEqual({ status: 'failed', evidence: 'MSExchangeMitigation is Running and Manual; it must be Running and Automatic.' });
    const blocked = evaluateAutoCheck(
      { id: 'eems-working', server: 'EX01' },
      server(
        f =>
          (f.eems.ocsTest = {
            url: 'https://officeclient.microsoft.com/GetExchangeMitigations',
            statusCode: null,
            error: 'The remote certificate is invalid according to the validation procedure.',
            proxy: null,
            testedAt: '2026-12-06T22:00:00.000Z',
          }),
      ),
    );
    expect(blocked.status).toBe('failed');
    expect(blocked.evidence).toContain('The remote certificate is invalid');
    expect(
      evaluateAutoCheck(
        { id: 'eems-working', server: 'EX01' },
        server(f => (f.eems.ocsTest = null)),
      ).status,
    ).toBe('unknown');
  });

  it('what the wizard does not read is unknown with how to read it, never passed', () => {
    for (const id of ['queues-drained', 'dag-copies-healthy'] as const) {
      // So the Upgrade step offers no button that can only say "check by hand".
      expect(wizardCanRead(id)).toBe(false);
      const outcome = evaluateAutoCheck({ id, server: 'EX01' }, server());
      expect(outcome.status).toBe('unknown');
      expect(outcome.evidence).toMatch(/Check by hand: Get-/);
    }
  });

  it('an unreachable server proves nothing', () => {
    const s = scanned('EX01', '15.2.2562.37', { reachable: false });
    const outcome = evaluateAutoCheck({ id: 'restart-cleared', server: 'EX01' }, s);
    expect(outcome.status).toBe('unknown');
    expect(outcome.evidence).toContain('did not answer over PowerShell remoting');
  });
});
