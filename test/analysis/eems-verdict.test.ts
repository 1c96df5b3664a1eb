import { describe, expect, it } from 'vitest';
import { analyseServer } from '../../src-shared/analysis';
import type { EemsVerdictKind } from '../../src-shared/analysis/types';
import { classification, e19Cu11, healthyFacts, plan, rule } from './fixtures';
import { classifyBuild } from '../../src-shared/knowledge';

const base = { plan: null, error: null, today: '2026-11-26', organisationHasEsu: false };
const reached = new Set<EemsVerdictKind>();
function verdictOf(input: Parameters<typeof analyseServer>[0]) {
  const v = analyseServer(input).eems;
  reached.add(v.verdict);
  return v;
}

describe('EEMS verdict', () => {
  it('healthy: SE on a build past both cut-offs, enabled, running, reachable', () => {
    const v = verdictOf({ ...base, facts: healthyFacts(), classification: classification() });
    expect(v.verdict).toBe('healthy');
    expect(v.cutoff).toBeNull();
    expect(v.explanation).toMatch(/reached Microsoft's mitigation service/);
  });

  it('blocked-by-certificate 2023-03 with the build, its date and the rule minimum as evidence', () => {
    const facts = healthyFacts({
      exchange: { exSetupVersion: '15.02.0986.005' },
      eems: {
        events1008: [{ timeCreated: '2026-11-25T09:00:00Z', eventId: 1008, message: 'An unexpected exception occurred. Diagnostic information: Exception encountered while fetching mitigations.' }],
        certificateLogLines: [{ file: 'MitigationService_20261125.log', line: 'FetchMitigation,S:LogLevel=Warning;S:Message=Connection attempted against untrusted endpoint' }],
      },
    });
    const v = verdictOf({ ...base, facts, classification: e19Cu11(), plan: plan('install-cu') });
    expect(v.verdict).toBe('blocked-by-certificate');
    expect(v.cutoff).toBe('2023-03');
    const text = v.evidence.map(e => `${e.label}: ${e.value}`).join('\n');
    expect(text).toContain('15.2.986.5');
    expect(text).toContain('2021-09-28');
    expect(text).toContain('15.2.986.42');
    expect(text).toContain('untrusted endpoint');
    expect(v.explanation).toContain('only builds released after March 2023 trust the new one');
    expect(v.explanation).toContain('Connection attempted against untrusted endpoint');
    expect(v.explanation).toContain('the build is the only thing found wrong');
    expect(v.fix).toContain('Upgrade in place to Exchange SE');
  });

  it('says when the plain connection test succeeds although EEMS is blocked', () => {
    const v = verdictOf({ ...base, facts: healthyFacts(), classification: e19Cu11() });
    expect(v.explanation).toMatch(/plain connection test from the server succeeds/);
  });

  it('says when only the CU is known and the SU level is assumed', () => {
    const v = verdictOf({ ...base, facts: null, classification: { ...e19Cu11(), buildPrecision: 'cu' }, error: { code: 'winrm-unreachable', message: 'no WinRM' } });
    expect(v.verdict).toBe('blocked-by-certificate');
    expect(v.explanation).toMatch(/^Only the cumulative update of this server is known/);
  });

  it('blocked-by-certificate 2026-06 for a 2019 CU15 Oct25SU build, naming ESU and SE', () => {
    const c = classification({
      build: '15.2.1748.39',
      product: 'Exchange 2019',
      cu: 'CU15',
      update: 'Oct25SU',
      releaseDate: '2025-10-14',
      supportState: 'end-of-support',
      latestPublicBuild: '15.2.1748.39',
      latestEsuBuild: '15.2.1748.55',
      certificateRules: [rule('2023-03', 'pass', '15.2.1748.10'), rule('2026-06', 'fail', '15.2.1748.46', true)],
    });
    const v = verdictOf({
      ...base,
      facts: healthyFacts({ eems: { events1008: [{ timeCreated: '2026-11-25T09:00:00Z', eventId: 1008, message: "Response xml's leaf certificate is from unknown issuer or has EKU mismatch" }] } }),
      classification: c,
    });
    expect(v.verdict).toBe('blocked-by-certificate');
    expect(v.cutoff).toBe('2026-06');
    expect(v.explanation).toMatch(/Exchange Server SE/);
    expect(v.evidence.map(e => e.value).join(' ')).toContain('unknown issuer');
    const withEsu = analyseServer({ ...base, organisationHasEsu: true, facts: healthyFacts(), classification: c }).eems;
    expect(withEsu.explanation).toMatch(/ESU channel/);
  });

  it('borderline for the March 2023 SU itself, even though it also predates June 2026', () => {
    const c = classification({
      build: '15.2.986.42',
      product: 'Exchange 2019',
      cu: 'CU11',
      update: 'Mar23SU',
      releaseDate: '2023-03-14',
      certificateRules: [rule('2023-03', 'borderline', '15.2.986.42'), rule('2026-06', 'fail', null)],
    });
    const v = verdictOf({ ...base, facts: healthyFacts(), classification: c });
    expect(v.verdict).toBe('borderline');
    expect(v.cutoff).toBe('2023-03');
    expect(v.explanation).toMatch(/June 2026/);
  });

  it('not-applicable on Edge, and on builds without EEMS', () => {
    expect(verdictOf({ ...base, facts: healthyFacts({ identity: { isEdge: true, roles: ['Edge'] } }), classification: classification() }).verdict).toBe('not-applicable');
    const e2013 = classification({ build: '15.0.1497.48', product: 'Exchange 2013', cu: 'CU23', eemsAvailable: false });
    const v = verdictOf({ ...base, facts: null, classification: e2013 });
    expect(v.verdict).toBe('not-applicable');
    expect(v.explanation).toMatch(/has no Emergency Mitigation Service/);
  });

  it('disabled at organisation or server level', () => {
    const org = verdictOf({ ...base, facts: healthyFacts({ eems: { orgMitigationsEnabled: false } }), classification: classification() });
    expect(org.verdict).toBe('disabled');
    expect(org.fix).toContain('Set-OrganizationConfig -MitigationsEnabled $true');
    const server = verdictOf({ ...base, facts: healthyFacts({ eems: { serverMitigationsEnabled: false } }), classification: classification() });
    expect(server.verdict).toBe('disabled');
    expect(server.fix).toContain("Set-ExchangeServer -Identity 'EX-SE1'");
  });

  it('service-not-running', () => {
    const v = verdictOf({ ...base, facts: healthyFacts({ eems: { service: { name: 'MSExchangeMitigation', status: 'Stopped', startType: 'Disabled' } } }), classification: classification() });
    expect(v.verdict).toBe('service-not-running');
    expect(v.fix).toContain('Start-Service MSExchangeMitigation');
  });

  it('ocs-unreachable names TLS inspection from the error text', () => {
    const facts = healthyFacts({
      eems: {
        ocsTest: {
          url: 'https://officeclient.microsoft.com/GetExchangeMitigations',
          statusCode: null,
          error: 'The underlying connection was closed: Could not establish trust relationship for the SSL/TLS secure channel.',
          proxy: 'http://proxy.contoso.local:8080',
          testedAt: '2026-11-26T10:00:00Z',
        },
      },
    });
    const v = verdictOf({ ...base, facts, classification: classification() });
    expect(v.verdict).toBe('ocs-unreachable');
    expect(v.fix).toMatch(/TLS\/SSL inspection/);
    expect(v.evidence.map(e => e.value).join(' ')).toContain('proxy.contoso.local');
  });

  it('unknown when neither facts nor a build are known', () => {
    expect(verdictOf({ ...base, facts: null, classification: null, error: { code: 'unreachable', message: 'WinRM' } }).verdict).toBe('unknown');
  });

  it('service missing (services read, no MSExchangeMitigation) is not healthy and never says the service runs', () => {
    const v = verdictOf({ ...base, facts: healthyFacts({ eems: { service: null } }), classification: classification() });
    expect(v.verdict).toBe('service-not-running');
    expect(v.explanation).toContain('not installed');
    expect(v.explanation).not.toMatch(/service runs/);
  });

  it('unknown, with Health Checker\'s "Failed to query config" and how to read it, when the organisation setting is unreadable', () => {
    const v = verdictOf({ ...base, facts: healthyFacts({ eems: { orgMitigationsEnabled: null } }), classification: classification() });
    expect(v.verdict).toBe('unknown');
    expect(v.explanation).toContain('Failed to query config');
    expect(v.evidence.map(e => e.value).join('\n')).toContain('Get-OrganizationConfig | Format-List MitigationsEnabled');
  });

  it('unknown, not healthy, for a server never probed (only a header-read build)', () => {
    const v = verdictOf({ ...base, facts: null, classification: { ...classification(), buildPrecision: 'cu' }, error: { code: 'winrm-unreachable', message: 'no WinRM' } });
    expect(v.verdict).toBe('unknown');
    expect(v.explanation).toContain('never scanned');
  });

  it('unknown when the connection test to the mitigation service was not run', () => {
    const v = verdictOf({ ...base, facts: healthyFacts({ eems: { ocsTest: null } }), classification: classification() });
    expect(v.verdict).toBe('unknown');
    expect(v.evidence.some(e => e.label.startsWith('Not observed') && e.value.includes('officeclient.microsoft.com'))).toBe(true);
  });

  it('blocked-by-certificate names every other problem and does not promise that updating alone fixes EEMS', () => {
    const facts = healthyFacts({
      eems: {
        serverMitigationsEnabled: false,
        service: { name: 'MSExchangeMitigation', status: 'Stopped', startType: 'Disabled' },
        ocsTest: { url: 'https://officeclient.microsoft.com/GetExchangeMitigations', statusCode: null, error: 'The operation has timed out.', proxy: null, testedAt: '2026-11-26T10:00:00Z' },
      },
    });
    const v = verdictOf({ ...base, facts, classification: e19Cu11() });
    expect(v.verdict).toBe('blocked-by-certificate');
    expect(v.explanation).toContain('Updating alone will not make EEMS work here, because EEMS is');
    expect(v.explanation).toContain('switched off on this server');
    expect(v.explanation).toContain('MSExchangeMitigation service is stopped');
    expect(v.explanation).toContain("cannot reach Microsoft's mitigation service");
    expect(v.explanation).not.toMatch(/Nothing else|only thing found wrong/);
  });

  it('blocked-by-certificate lists what was not observed (organisation setting unreadable) instead of saying nothing else is wrong', () => {
    const v = verdictOf({ ...base, facts: healthyFacts({ eems: { orgMitigationsEnabled: null } }), classification: e19Cu11() });
    expect(v.explanation).toContain('Not known: whether EEMS is enabled for the organisation');
    expect(v.explanation).not.toMatch(/only thing found wrong/);
  });

  describe('an authenticating proxy answering the remote test with 407', () => {
    // What Invoke-WebRequest on Windows PowerShell 5.1 reports for it.
    const challenged = {
      url: 'https://officeclient.microsoft.com/GetExchangeMitigations',
      statusCode: 407,
      error: 'The remote server returned an error: (407) Proxy Authentication Required.',
      proxy: 'http://proxy.contoso.local:8080',
      testedAt: '2026-11-26T10:00:00Z',
    };
    const fetchError = { timeCreated: '2026-11-25T09:00:00Z', eventId: 1008, message: 'An unexpected exception occurred. Diagnostic information: Exception encountered while fetching mitigations.' };

    it('is inconclusive, never a critical "cannot reach", when EEMS itself logged no fetch error', () => {
      const v = verdictOf({ ...base, facts: healthyFacts({ eems: { ocsTest: challenged, events1008: [] } }), classification: classification() });
      expect(v.verdict).toBe('unknown');
      expect(v.explanation).toContain('HTTP 407');
      expect(v.explanation).toContain('inconclusive');
      expect(v.explanation).toContain('EEMS logged no fetch error (event 1008) in the last 30 days');
      expect(v.evidence.some(e => e.label.startsWith('Not observed') && e.value.includes('MitigationService'))).toBe(true);
    });

    it("says so when EEMS's own events could not be read", () => {
      const v = verdictOf({ ...base, facts: healthyFacts({ eems: { ocsTest: challenged, events1008: null } }), classification: classification() });
      expect(v.verdict).toBe('unknown');
      expect(v.explanation).toContain("EEMS's own events (1008) could not be read");
    });

    it("rests on EEMS's own fetch errors (event 1008) when it logged them", () => {
      const v = verdictOf({ ...base, facts: healthyFacts({ eems: { ocsTest: challenged, events1008: [fetchError] } }), classification: classification() });
      expect(v.verdict).toBe('ocs-unreachable');
      expect(v.evidence.map(e => e.label)).toContain('Event 1008 (MSExchange Mitigation Service, last 30 days)');
    });
  });

  it('reaches every verdict', () => {
    expect([...reached].sort()).toEqual(['blocked-by-certificate', 'borderline', 'disabled', 'healthy', 'not-applicable', 'ocs-unreachable', 'service-not-running', 'unknown']);
  });
});

describe('the ESU remark after the last ESU period (issue 25)', () => {
  // The demo's EX03: 2019 CU14 Aug25SU, below the June 2026 minimum, which is ESU-only for CU14.
  const verdict = (today: string, hasEsu: boolean) => {
    const c = classifyBuild('15.2.1544.33', { today });
    return analyseServer({ facts: healthyFacts({ exchange: { exSetupVersion: '15.2.1544.33' } }), classification: c, plan: null, error: null, today, organisationHasEsu: hasEsu }).eems;
  };

  it('with ESU before its end: install it from the ESU channel; after the end (October 2026): no ESU way any more', () => {
    expect(verdict('2026-09-01', true).explanation).toMatch(/which your organisation has: install it from your ESU channel/);
    const after = verdict('2026-12-01', true).explanation;
    expect(after).toMatch(/was sold only through Extended Security Updates \(ESU\), which ended on 2026-10-31: the way to a working EEMS is Exchange Server SE/);
    expect(after).not.toMatch(/install it from your ESU channel/);
  });
});
