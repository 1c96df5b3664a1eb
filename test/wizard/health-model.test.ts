import { describe, expect, it } from 'vitest';
import { summariseOrganisation } from '../../src-shared/assessment/summary';
import { healthModel } from '../../src-shared/wizard/health-model';
import { scanned, TODAY } from './scanned';

describe('Health: strip, grid and cards', () => {
  const servers = [scanned('EX01', '15.2.1118.25'), scanned('EXSE01', '15.2.2562.57'), scanned('EX04', '15.2.2562.57', { reachable: false })];
  const model = healthModel(servers, summariseOrganisation(servers).worstFirst, TODAY);

  it('counts servers per status in the strip', () => {
    const counts = Object.fromEntries(model.strip.map(s => [s.id, s.count]));
    expect(counts).toMatchObject({ 'cut-off': 1, working: 1, unreachable: 1, blocked: 0 });
  });

  it("says each card's top reason: the cut-off, the worst finding, or why the server was not reached", () => {
    expect(model.servers.find(s => s.name === 'EX01')?.topReason).toBe('Cut off since January 2025: builds older than March 2023');
    const proxy = scanned('EXSE02', '15.2.2562.57');
    proxy.findings = [{ id: 'eems.ocs', severity: 'warning', title: 'EEMS cannot reach Microsoft', evidence: [], why: '', action: '', links: [] }, ...proxy.findings];
    expect(healthModel([proxy], ['EXSE02'], TODAY).servers[0]?.topReason).toBe('EEMS cannot reach Microsoft');
    expect(model.servers.find(s => s.name === 'EX04')?.topReason).toBe('Not reached: EX04 did not answer over PowerShell remoting.');
  });

  it('collapses passed checks and keeps the rest, worst first', () => {
    const se = model.servers.find(s => s.name === 'EXSE01');
    expect(se?.passed.length).toBe(servers[1]?.findings.filter(f => f.severity === 'ok').length);
    expect(se?.passed.length).toBeGreaterThan(10);
    expect(se?.attention.every(f => f.severity !== 'ok')).toBe(true);
  });

  it('has one grid column per area checked, and a cell per server and area', () => {
    expect(model.areas).toContain('EEMS');
    expect(model.areas).not.toContain('Other');
    for (const s of model.servers) expect(s.cells).toHaveLength(model.areas.length);
    const eems = model.areas.indexOf('EEMS');
    expect(model.servers.find(s => s.name === 'EX01')?.cells[eems]?.severity).toBe('critical');
    expect(model.servers.find(s => s.name === 'EXSE01')?.cells[eems]).toMatchObject({ severity: 'ok' });
    // A server that did not answer was not checked in the areas its facts would show.
    expect(model.servers.find(s => s.name === 'EX04')?.cells[model.areas.indexOf('Windows & .NET')]).toEqual({ severity: null, text: 'not checked' });
  });
});
