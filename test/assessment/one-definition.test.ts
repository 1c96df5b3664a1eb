import { describe, expect, it } from 'vitest';
import { compareServersWorstFirst, inWorstFirstOrder } from '../../src-shared/assessment/worst-first';
import { compareSeverity, severityRank } from '../../src-shared/analysis/severity-rank';
import { isEdgeRole, isEdgeTransport, reportedBuild } from '../../src-shared/domain/exchange-server';
import { INSTALL_STEP_KINDS, isInstallStep, isSetupStep as runsExchangeSetup, SETUP_LICENSE_SWITCH } from '../../src-shared/knowledge/step-kinds';
import { PlanStepKind } from '../../src-shared/knowledge/types';
import type { Finding, Severity } from '../../src-shared/analysis/types';
import { healthyFacts } from '../analysis/fixtures';

/** Each Exchange rule the layers share, tested once where it is defined. */

describe('Edge Transport detection', () => {
  it('names the role as Get-ExchangeServer and AD discovery write it', () => {
    expect(['Edge', 'EdgeTransport', ' edge '].map(isEdgeRole)).toEqual([true, true, true]);
    expect(['Mailbox', 'HubTransport', 'ClientAccess'].map(isEdgeRole)).toEqual([false, false, false]);
  });

  it("takes the server's own answer when it was probed, discovery's roles only when it was not", () => {
    const mailbox = healthyFacts();
    const edgeFlag = healthyFacts({ identity: { isEdge: true, roles: ['Edge'] } });
    const edgeRoleOnly = healthyFacts({ identity: { isEdge: false, roles: ['Edge'] } });
    expect(isEdgeTransport({ facts: edgeFlag, roles: [] })).toBe(true);
    expect(isEdgeTransport({ facts: edgeRoleOnly, roles: [] })).toBe(true);
    // Discovery's stale roles do not overrule what the server itself says.
    expect(isEdgeTransport({ facts: mailbox, roles: ['Edge'] })).toBe(false);
    expect(isEdgeTransport({ facts: null, roles: ['Edge'] })).toBe(true);
    expect(isEdgeTransport({ facts: null, roles: ['Mailbox'] })).toBe(false);
  });
});

describe('build precedence', () => {
  const facts = healthyFacts({ exchange: { exSetupVersion: '15.02.1748.039' }, identity: { adminDisplayVersion: 'Version 15.2 (Build 1748.10)' } });

  it('is ExSetup, else AdminDisplayVersion, else the version discovery saw', () => {
    expect(reportedBuild({ facts, roles: [], versionHint: 'Version 15.1 (Build 2507.6)' })).toEqual({ text: '15.02.1748.039', source: 'exsetup' });
    const noExSetup = healthyFacts({ exchange: { exSetupVersion: null }, identity: { adminDisplayVersion: 'Version 15.2 (Build 1748.10)' } });
    expect(reportedBuild({ facts: noExSetup, roles: [], versionHint: 'Version 15.1 (Build 2507.6)' })).toEqual({ text: 'Version 15.2 (Build 1748.10)', source: 'admin-display-version' });
    const neither = healthyFacts({ exchange: { exSetupVersion: null }, identity: { adminDisplayVersion: null } });
    expect(reportedBuild({ facts: neither, roles: [], versionHint: 'Version 15.1 (Build 2507.6)' })).toEqual({ text: 'Version 15.1 (Build 2507.6)', source: 'discovery' });
    expect(reportedBuild({ facts: null, roles: [], versionHint: null })).toBeNull();
  });
});

describe('Exchange Setup', () => {
  it('installs on the server for CUs, SUs and in-place upgrades; Setup itself runs for CUs and upgrades only', () => {
    const installs = PlanStepKind.options.filter(kind => isInstallStep({ kind }));
    expect([...installs].sort()).toEqual([...INSTALL_STEP_KINDS].sort());
    expect(installs.filter(kind => runsExchangeSetup({ kind }))).toEqual(['install-cu', 'in-place-upgrade']);
    expect(PlanStepKind.options.filter(kind => runsExchangeSetup({ kind })).every(kind => isInstallStep({ kind }))).toBe(true);
  });

  it('accepts the licence with the switch Setup takes since the September 2021 CUs', () => {
    expect(SETUP_LICENSE_SWITCH).toBe('/IAcceptExchangeServerLicenseTerms_DiagnosticDataOFF');
  });
});

describe('worst first', () => {
  const finding = (severity: Severity): Finding => ({ id: `x.${severity}`, severity, title: severity, evidence: [], why: '', action: '', links: [] });
  const server = (name: string, severity: Severity, criticals = 0) => ({ name, severity, findings: Array.from({ length: criticals }, () => finding('critical')) });

  it('ranks critical, warning, info, ok', () => {
    const all: Severity[] = ['ok', 'info', 'critical', 'warning'];
    expect([...all].sort(compareSeverity)).toEqual(['critical', 'warning', 'info', 'ok']);
    expect(severityRank('critical')).toBe(0);
  });

  it('orders servers by severity, then by critical findings, then by name', () => {
    const servers = [server('B', 'ok'), server('A', 'critical', 1), server('C', 'critical', 3), server('D', 'warning')];
    expect([...servers].sort(compareServersWorstFirst).map(s => s.name)).toEqual(['C', 'A', 'D', 'B']);
  });

  it("follows the summary's order, and puts servers it does not name after, worst first", () => {
    const servers = [server('B', 'ok'), server('A', 'critical', 1), server('D', 'warning'), server('E', 'critical')];
    expect(inWorstFirstOrder(servers, ['D', 'B']).map(s => s.name)).toEqual(['D', 'B', 'A', 'E']);
  });
});
