import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureOutput, type CapturedOutput } from '../helpers/cli';
import { main } from '../../electron/cli/main';

/** `exwiz scan --servers`: a typed list is checked whole before any PowerShell starts. */
let home: string;
let io: CapturedOutput;
beforeEach(() => {
  home = mkdtempSync(path.join(tmpdir(), 'exwiz-cli-servers-'));
  vi.stubEnv('EXWIZ_HOME', home);
  io = captureOutput();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(home, { recursive: true, force: true });
});

describe('exwiz scan --servers', () => {
  it.each([
    ['ex01$(New-Item C:\\x),ex02', /"ex01\$\(new-item" is not a valid DNS label/],
    ['ex02;ex01$(whoami)', /"ex01\$\(whoami\)" is not a valid DNS label/],
    ["ex02,ex01'; calc", /quote characters/],
    ['ex02,ex\u202E10', /invisible or right-to-left/],
    ['ex02,ex\u000701', /control characters/],
    [' , ', /names no server/],
  ])('refuses %j whole, scanning nothing (exit 2)', async (servers, message) => {
    expect(await main(['scan', '--servers', servers, '--json'])).toBe(2);
    const output = JSON.parse(io.out);
    expect(output.error).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(message) });
    expect(output.servers).toBeUndefined();
    expect(io.err).not.toMatch(/Scanning|Looking for servers/);
  });
});
