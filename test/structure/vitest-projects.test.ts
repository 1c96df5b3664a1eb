import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { INTEGRATION, MOCKS_MODULES, WAITING } from '../../vitest.config.mjs';

const root = path.resolve(__dirname, '..', '..');

function testFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap(entry => {
    const relative = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return testFiles(relative);
    return entry.name.endsWith('.test.ts') ? [relative] : [];
  });
}

/**
 * The unit and integration projects share one module registry per worker, where a `vi.mock` would
 * not apply to a module another file already loaded: every file that mocks a module must be listed
 * in MOCKS_MODULES (its own registry), and every listed file must exist, in one list only.
 */
describe('vitest projects', () => {
  const files = testFiles('test');
  const mocking = files.filter(f => /\bvi\.(mock|doMock)\(/.test(readFileSync(path.join(root, f), 'utf8')));

  it('runs every file that mocks a module in its own module registry', () => {
    expect(mocking.filter(f => !MOCKS_MODULES.includes(f) && !WAITING.includes(f))).toEqual([]);
  });

  it('lists only files that exist, each in one list', () => {
    const listed = [...INTEGRATION, ...WAITING, ...MOCKS_MODULES];
    expect(listed.filter(f => !files.includes(f))).toEqual([]);
    expect(listed.filter((f, i) => listed.indexOf(f) !== i)).toEqual([]);
  });
});
