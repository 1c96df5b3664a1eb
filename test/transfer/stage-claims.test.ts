import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { captureOutput, type CapturedOutput } from '../helpers/cli';
import { main } from '../../electron/cli/main';
import { stageHeadline } from '../../electron/cli/commands/stage';
import { MANIFEST_SCHEMA_VERSION } from '../../src-shared/domain/transfer';

/**
 * What staging claims. A manifest beside a file can be written by hand (claiming a valid
 * signature); a copy read back here proves only that the bytes match it. "Staged and re-verified"
 * is said only when the server hashed its own copy.
 */
let dir: string;
let io: CapturedOutput;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'exwiz-stage-claims-'));
  vi.stubEnv('EXWIZ_HOME', path.join(dir, 'home'));
  io = captureOutput();
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('exwiz stage with a hand-written manifest', () => {
  it("copies and reads back, but never calls the file staged and re-verified without the server's own hash", async () => {
    const name = 'Exchange2019-KB5066367-x64-en.exe';
    const bytes = Buffer.from('MZ not really an installer');
    const file = path.join(dir, name);
    writeFileSync(file, bytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    writeFileSync(
      `${file}.manifest.json`,
      JSON.stringify({
        schemaVersion: MANIFEST_SCHEMA_VERSION,
        fileName: name,
        updateId: 'exchange-2019-cu15-oct25su-exe',
        sourceUrl: null,
        importedFrom: null,
        sizeBytes: bytes.length,
        sha256,
        expectedSha256: sha256,
        expectedSizeBytes: bytes.length,
        signature: { checked: true, status: 'Valid', signer: 'Microsoft Corporation', chainRoot: 'Microsoft Root Certificate Authority 2011' },
        verifiedAt: '2026-12-01T00:00:00Z',
      }),
    );
    expect(await main(['stage', file, '--to', path.join(dir, 'share')])).toBe(0);
    expect(io.out).not.toMatch(/re-verified/i);
    expect(io.out).toMatch(/^Copied and read back \(matches its manifest; not hashed on a server\): /);
  });

  it('says re-verified only for a copy the server hashed itself', () => {
    const base = { destinationPath: 'x', manifestPath: 'x.manifest.json', bytesCopied: 1, sha256: 'a'.repeat(64), freeBytesBefore: null };
    expect(stageHeadline({ ...base, server: 'EX01', alreadyStaged: false, checkedBy: 'server' })).toBe('Staged and re-verified on EX01');
    for (const checkedBy of ['read-back', undefined] as const) {
      for (const alreadyStaged of [true, false]) expect(stageHeadline({ ...base, server: 'EX01', alreadyStaged, ...(checkedBy ? { checkedBy } : {}) })).not.toMatch(/re-verified|staged on/i);
    }
  });
});
