import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEngine, type Engine } from '../../electron/engine/engine';
import { createAppHandlers } from '../../electron/engine/handlers/app';
import { elevatedRestartCommand, type ElevatedRestart } from '../../electron/engine/elevation';
import { isThisExchangeServer, notElevatedError, restartAsAdministratorCommand } from '../../src-shared/domain/this-computer';

const EX01 = { name: 'EX01', fqdn: 'ex01.contoso.local', exchangeInstallPath: 'C:\\Program Files\\Microsoft\\Exchange Server\\V15\\', elevated: false };

describe('restart as administrator', () => {
  let dir: string;
  let engine: Engine;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'exwiz-elevation-'));
  });
  afterEach(async () => {
    await engine?.dispose();
    vi.unstubAllGlobals();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the exact command, every literal quoted, arguments with spaces kept whole', () => {
    expect(restartAsAdministratorCommand("C:\\Program Files\\node's\\node.exe", ['C:\\Program Files\\exwiz\\bin\\exwiz.cjs', 'browser'])).toBe(
      `Start-Process -Verb RunAs -FilePath 'C:\\Program Files\\node''s\\node.exe' -ArgumentList '"C:\\Program Files\\exwiz\\bin\\exwiz.cjs"','browser'`,
    );
    expect(restartAsAdministratorCommand('C:\\exwiz\\Exchange Remediation Wizard.exe', [])).toBe("Start-Process -Verb RunAs -FilePath 'C:\\exwiz\\Exchange Remediation Wizard.exe'");
  });

  it('is an elevation problem in one line, never Organization Management', () => {
    const error = notElevatedError(EX01, 'Start-Process -Verb RunAs -FilePath x');
    expect(error).toMatchObject({ code: 'not-elevated', fix: 'Restart as administrator: Start-Process -Verb RunAs -FilePath x' });
    expect(error.message).not.toContain('\n');
    expect(JSON.stringify(error)).not.toMatch(/Organization Management/);
  });

  it('knows this computer by its short name and its FQDN, and only when Exchange is installed', () => {
    expect(isThisExchangeServer(EX01, { name: 'ex01' })).toBe(true);
    expect(isThisExchangeServer(EX01, { name: 'EX01.contoso.local' })).toBe(true);
    expect(isThisExchangeServer(EX01, { name: 'EX02' })).toBe(false);
    expect(isThisExchangeServer({ ...EX01, exchangeInstallPath: null }, { name: 'EX01' })).toBe(false);
    expect(isThisExchangeServer(null, { name: 'EX01' })).toBe(false);
  });

  it('browser mode and the CLI cannot restart themselves: the error is the exact command', async () => {
    engine = createEngine({ mode: 'browser', version: '9.9.9', dataDirectory: dir, ports: { openExternal: async () => undefined } });
    const result = await engine.dispatch('restartAsAdministrator', {});
    expect(result).toMatchObject({ ok: false, error: { code: 'unsupported', fix: expect.stringContaining(`run in PowerShell: Start-Process -Verb RunAs -FilePath '${process.execPath}'`) } });
  });

  it('the desktop app on Windows starts the elevated copy detached, then quits', async () => {
    const quitForRestart = vi.fn();
    engine = createEngine({ mode: 'electron', version: '9.9.9', dataDirectory: dir, ports: { openExternal: async () => undefined, quitForRestart } });
    const started: ElevatedRestart[] = [];
    const handlers = createAppHandlers(engine.context, restart => void started.push(restart));
    const platform = Object.getOwnPropertyDescriptor(process, 'platform') as PropertyDescriptor;
    Object.defineProperty(process, 'platform', { value: 'win32' });
    try {
      expect(await handlers.restartAsAdministrator({})).toEqual({ restarting: true });
    } finally {
      Object.defineProperty(process, 'platform', platform);
    }
    expect(started).toEqual([{ pid: process.pid, executable: process.execPath, args: process.argv.slice(1) }]);
    await new Promise(resolve => setImmediate(resolve));
    expect(quitForRestart).toHaveBeenCalledOnce();
  });

  it('hands the arguments to Start-Elevated.ps1 as parameters, never as command text', () => {
    const args = ["--x='; Remove-Item C:\\ #", 'C:\\Program Files\\a b'];
    const command = elevatedRestartCommand({ pid: 4242, executable: 'C:\\exwiz\\exwiz.exe', args });
    expect(command.args.slice(0, 5)).toEqual(['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File']);
    expect(command.args[5]).toMatch(/Start-Elevated\.ps1$/);
    expect(command.args.slice(6, 10)).toEqual(['-WaitForProcessId', '4242', '-FilePath', 'C:\\exwiz\\exwiz.exe']);
    expect(JSON.parse(Buffer.from(command.args[11] as string, 'base64').toString('utf8'))).toEqual(args);
  });
});
