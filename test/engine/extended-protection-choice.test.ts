import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { invokeContract } from '../../src-shared/ipc/contract';
import { WizardSession } from '../../src-shared/wizard/session';
import { sessionRunbook } from '../../src-shared/wizard/session-runbook';
import { sampleSession } from '../report/fixtures';

/** The Setup commands the Upgrade step shows for a server (what the admin copies). */
function setupCommands(session: WizardSession, server: string): string[] {
  if (!session.scan) return [];
  return sessionRunbook(session.scan, session.downloads, session.staging)
    .filter(s => s.server === server)
    .flatMap(s => s.items)
    .flatMap(i => i.commands)
    .filter(c => c.includes('Setup.exe" '));
}

describe('setExtendedProtectionChoice (engine, through the IPC contract)', () => {
  let home: string;
  let engine: Engine;
  const id = sampleSession().id;
  const newEngine = () => createEngine({ mode: 'cli', version: '9.9.9', dataDirectory: home, ports: { openExternal: async () => undefined } });

  beforeEach(() => {
    home = mkdtempSync(path.join(tmpdir(), 'exwiz-ep-choice-'));
    // A session saved before the choice existed: it has no extendedProtectionChoices and must load.
    writeFileSync(path.join(home, 'session.json'), JSON.stringify(sampleSession()));
    engine = newEngine();
  });
  afterEach(async () => {
    await engine.dispose();
    rmSync(home, { recursive: true, force: true });
  });

  it('saves the choice, plans again and answers with the session whose runbook runs Setup with /DoNotEnableEP; a restart keeps it', async () => {
    const before = (await engine.handlers.loadSession({})).session;
    expect(before.extendedProtectionChoices).toBeUndefined();
    expect(setupCommands(before, 'EX01').length).toBeGreaterThan(0);
    expect(setupCommands(before, 'EX01').some(c => c.includes('/DoNotEnableEP'))).toBe(false);

    const result = await engine.dispatch('setExtendedProtectionChoice', { sessionId: id, serverName: 'ex01', choice: 'keep-off' });
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (!result.ok) return;
    const { session } = invokeContract.setExtendedProtectionChoice.response.parse(result.value);
    expect(session.extendedProtectionChoices).toEqual({ EX01: 'keep-off' });
    expect(session.scan?.extendedProtectionChoices).toEqual({ EX01: 'keep-off' });
    expect(setupCommands(session, 'EX01').every(c => c.endsWith('/Mode:Upgrade /DoNotEnableEP'))).toBe(true);
    expect(session.audit.at(-1)).toMatchObject({ action: 'extended-protection', detail: 'EX01: Extended Protection after Setup set to "Keep off (/DoNotEnableEP)"; the plan was made again.' });

    // On disk, and drawn again from the facts with the session's choice when the wizard starts again.
    expect(JSON.parse(readFileSync(path.join(home, 'session.json'), 'utf8')).extendedProtectionChoices).toEqual({ EX01: 'keep-off' });
    await engine.dispose();
    engine = newEngine();
    const reopened = (await engine.handlers.loadSession({})).session;
    expect(setupCommands(reopened, 'EX01').every(c => c.endsWith('/DoNotEnableEP'))).toBe(true);

    // Back to Microsoft's default: the Setup command loses the switch.
    const back = await engine.dispatch('setExtendedProtectionChoice', { sessionId: id, serverName: 'EX01', choice: 'enable' });
    expect(back.ok).toBe(true);
    if (!back.ok) return;
    const restored = (back.value as { session: WizardSession }).session;
    expect(restored.extendedProtectionChoices).toEqual({});
    expect(setupCommands(restored, 'EX01')).toEqual(setupCommands(before, 'EX01'));
  });

  it.each([
    ['a name that is no server name', { sessionId: id, serverName: 'bad name!', choice: 'keep-off' }],
    ["an object's special key as the name", { sessionId: id, serverName: '__proto__', choice: 'keep-off' }],
    ['a value outside the list', { sessionId: id, serverName: 'EX01', choice: 'off' }],
    ['a switch given as text', { sessionId: id, serverName: 'EX01', choice: '/DoNotEnableEP; New-Item C:\\x' }],
    ['no session id', { serverName: 'EX01', choice: 'keep-off' }],
    ['an unknown key', { sessionId: id, serverName: 'EX01', choice: 'keep-off', setupSwitches: ['/DoNotEnableEP'] }],
  ])('refuses %s before the handler runs (invalid-input), changing nothing', async (_, payload) => {
    const result = await engine.dispatch('setExtendedProtectionChoice', payload);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(JSON.parse(readFileSync(path.join(home, 'session.json'), 'utf8')).extendedProtectionChoices).toBeUndefined();
  });

  it('refuses a server the scan does not have, with the names it has, and saves nothing', async () => {
    const result = await engine.dispatch('setExtendedProtectionChoice', { sessionId: id, serverName: 'EX99', choice: 'keep-off' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('No server "EX99" in this scan'), fix: expect.stringContaining('Use one of: EX01') } });
    expect((await engine.handlers.loadSession({})).session.extendedProtectionChoices).toBeUndefined();
  });

  it('refuses a choice made on a session that was since replaced (Start over in another window)', async () => {
    const result = await engine.dispatch('setExtendedProtectionChoice', { sessionId: '00000000-0000-4000-8000-000000000000', serverName: 'EX01', choice: 'keep-off' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('The session changed'), fix: 'Reload the page and choose again.' } });
  });
});
