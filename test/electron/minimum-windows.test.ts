import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../electron/cli/main';
import { isOlderThanMinimumWindows, MINIMUM_WINDOWS_SENTENCE } from '../../src-shared/domain/windows-minimum';

const root = path.join(__dirname, '..', '..');

describe('minimum Windows: 10 / Server 2016 (Electron 45, Node.js 20)', () => {
  afterEach(() => vi.restoreAllMocks());

  it('tells the releases Windows reports apart', () => {
    // Server 2012 R2, 2012, 2008 R2: refused.
    for (const release of ['6.3.9600', '6.2.9200', '6.1.7601']) expect(isOlderThanMinimumWindows('win32', release), release).toBe(true);
    // Windows 10 1507 (10240) is older than Server 2016's 14393.
    expect(isOlderThanMinimumWindows('win32', '10.0.10240')).toBe(true);
    // Server 2016, 2019, 2022, 2025.
    for (const release of ['10.0.14393', '10.0.17763', '10.0.20348', '10.0.26100']) expect(isOlderThanMinimumWindows('win32', release), release).toBe(false);
    expect(isOlderThanMinimumWindows('linux', '6.1.0')).toBe(false);
  });

  it('the CLI refuses older Windows with the sentence, before anything runs', async () => {
    const written: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation(chunk => (written.push(String(chunk)), true));
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await main(['--version'], { platform: 'win32', release: '6.3.9600' })).toBe(1);
    expect(written.join('')).toBe(`exwiz: ${MINIMUM_WINDOWS_SENTENCE} (This is Windows 6.3.9600.)\n`);
    written.length = 0;
    expect(await main(['--version'], { platform: 'win32', release: '10.0.17763' })).toBe(0);
    expect(written.join('')).not.toContain('needs Windows 10');
  });

  it('the NSIS installer refuses it too, with the same sentence', () => {
    const builder = readFileSync(path.join(root, 'build', 'electron-builder.yml'), 'utf8');
    expect(builder).toMatch(/^nsis:\n(?: {2}.*\n)*? {2}include: build\/installer\.nsh$/m);
    const script = readFileSync(path.join(root, 'build', 'installer.nsh'), 'utf8');
    expect(script).toContain('!macro customInit');
    expect(script).toContain('${AtLeastBuild} 14393');
    expect(script).toContain(`MessageBox MB_OK|MB_ICONSTOP "${MINIMUM_WINDOWS_SENTENCE}"`);
    expect(script).toMatch(/Abort\s+\$\{EndIf\}/);
  });
});
