import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInputFile } from '../../electron/engine/report/files';
import { CatalogStore } from '../../electron/engine/catalog-store';
import { CAPTURE_LIMITS, extractCapture, unzipWithinLimits } from '../../electron/engine/collector/collector';

const manifest = { kind: 'exwiz-collector-capture', version: 1, serverName: 'EX09', fqdn: null, roles: ['Mailbox'], collectedAt: '2026-11-30T10:00:00Z', problems: [] };

/** Sets the uncompressed size the central directory declares for every entry (what a ZIP bomb lies about or boasts). */
function declareSizes(zip: Uint8Array, size: number): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  for (let i = 0; i + 46 <= out.length; i++) {
    if (view.getUint32(i, true) === 0x02014b50) view.setUint32(i + 24, size, true);
  }
  return out;
}

/** Rewrites one field of the named entry's central directory record and local header (a ZIP that lies consistently). */
function patchEntry(zip: Uint8Array, name: string, field: 'crc' | 'compressedSize' | 'size', value: number): Uint8Array {
  const out = new Uint8Array(zip);
  const view = new DataView(out.buffer);
  const central = { crc: 16, compressedSize: 20, size: 24 }[field];
  const local = { crc: 14, compressedSize: 18, size: 22 }[field];
  const encoded = strToU8(name);
  const nameAt = (at: number) => encoded.every((byte, i) => out[at + i] === byte);
  for (let i = 0; i + 46 <= out.length; i++) {
    const signature = view.getUint32(i, true);
    if (signature === 0x02014b50 && view.getUint16(i + 28, true) === encoded.length && nameAt(i + 46)) view.setUint32(i + central, value, true);
    if (signature === 0x04034b50 && view.getUint16(i + 26, true) === encoded.length && nameAt(i + 30)) view.setUint32(i + local, value, true);
  }
  return out;
}

describe('resource limits on hostile files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'exwiz-limits-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses a ZIP whose entries declare more than a capture can hold, before inflating them', async () => {
    const zip = zipSync({ 'collector.json': strToU8(JSON.stringify(manifest)), 'Exchange/big.xml': new Uint8Array(1024) });
    const file = path.join(dir, 'bomb.zip');
    writeFileSync(file, declareSizes(zip, 0xfffffff0));
    await expect(extractCapture(file, path.join(dir, 'captures'))).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/unpacks to more than a collector capture can be/) });
  });

  it('never inflates an entry beyond the size it declares', async () => {
    const zip = zipSync({ 'collector.json': strToU8(JSON.stringify(manifest)), 'Exchange/big.xml': new Uint8Array(8 * 1024 * 1024) });
    const file = path.join(dir, 'liar.zip');
    // Every entry claims 4 KB: the 8 MB of zeros must not come out whole.
    writeFileSync(file, declareSizes(zip, 4096));
    const capture = await extractCapture(file, path.join(dir, 'captures')).catch(err => err);
    if (capture instanceof Error) expect(capture).toMatchObject({ code: 'invalid-input' });
    else expect(readFileSync(path.join(capture.directory, 'Exchange', 'big.xml')).length).toBeLessThanOrEqual(4096);
  });

  it('stops an entry that declares 1,000 bytes but inflates to megabytes, and refuses the ZIP instead of keeping it cut off', async () => {
    const zip = zipSync({ 'collector.json': strToU8(JSON.stringify(manifest)), 'Exchange/ExSetup.xml': new Uint8Array(4 * 1024 * 1024) });
    const file = path.join(dir, 'liar.zip');
    writeFileSync(file, patchEntry(zip, 'Exchange/ExSetup.xml', 'size', 1000));
    await expect(extractCapture(file, path.join(dir, 'captures'))).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/"Exchange\/ExSetup\.xml"\) holds more data than the ZIP declares/),
    });
    expect(() => readFileSync(path.join(dir, 'captures', 'EX09', 'collector.json'))).toThrow();
  });

  it('refuses an entry whose bytes do not match its CRC-32', async () => {
    const zip = zipSync({ 'collector.json': strToU8(JSON.stringify(manifest)), 'Exchange/setup.txt': strToU8('Version 15.2.1544.4') });
    const file = path.join(dir, 'crc.zip');
    writeFileSync(file, patchEntry(zip, 'Exchange/setup.txt', 'crc', 0x12345678));
    await expect(extractCapture(file, path.join(dir, 'captures'))).rejects.toMatchObject({
      code: 'invalid-input',
      message: expect.stringMatching(/"Exchange\/setup\.txt"\) does not match its checksum/),
    });
  });

  it('refuses a truncated entry: less data than declared, or a deflate stream cut off', async () => {
    const text = strToU8('x'.repeat(5000) + 'Version 15.2.1544.4');
    const zip = zipSync({ 'collector.json': strToU8(JSON.stringify(manifest)), 'Exchange/setup.txt': text });
    const longer = path.join(dir, 'longer.zip');
    writeFileSync(longer, patchEntry(zip, 'Exchange/setup.txt', 'size', text.length + 4096));
    await expect(extractCapture(longer, path.join(dir, 'captures'))).rejects.toMatchObject({ message: expect.stringMatching(/holds less data than the ZIP declares/) });
    const cut = path.join(dir, 'cut.zip');
    writeFileSync(cut, patchEntry(zip, 'Exchange/setup.txt', 'compressedSize', 3));
    await expect(extractCapture(cut, path.join(dir, 'captures'))).rejects.toMatchObject({ code: 'invalid-input' });
  });

  it('refuses entry names with bidi, zero-width or control characters', async () => {
    for (const [i, name] of ['Exchange/setup\u202Etxt.exe', 'Exchange/a\u200Bb.xml', 'Exchange/a\u0007.xml'].entries()) {
      const file = path.join(dir, `hidden${i}.zip`);
      writeFileSync(file, zipSync({ 'collector.json': strToU8(JSON.stringify(manifest)), [name]: strToU8('x') }));
      await expect(extractCapture(file, path.join(dir, 'captures'))).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/control, right-to-left or invisible characters/) });
    }
  });

  it('unpacks in a worker thread that is ended after its time limit', async () => {
    const zip = zipSync({ 'collector.json': strToU8(JSON.stringify(manifest)), 'Exchange/big.xml': new Uint8Array(4 * 1024 * 1024) });
    await expect(unzipWithinLimits(zip, 'slow.zip', 1)).rejects.toMatchObject({ code: 'timeout', message: expect.stringMatching(/^Unpacking slow\.zip took longer than/) });
    // An honest capture still unpacks, byte for byte.
    const files = await unzipWithinLimits(zip, 'honest.zip');
    expect(files.get('Exchange/big.xml')?.length).toBe(4 * 1024 * 1024);
  });

  it('refuses a ZIP with more entries than a capture has', async () => {
    const files: Record<string, Uint8Array> = { 'collector.json': strToU8(JSON.stringify(manifest)) };
    for (let i = 0; i <= CAPTURE_LIMITS.entries; i++) files[`OS/f${i}.txt`] = new Uint8Array(0);
    const file = path.join(dir, 'many.zip');
    writeFileSync(file, zipSync(files));
    await expect(extractCapture(file, path.join(dir, 'captures'))).rejects.toMatchObject({ message: expect.stringMatching(/more files than a collector capture can/) });
  });

  it("keeps only the collector's own keys of lab.json, so a capture cannot switch on the lab's test behaviour", async () => {
    const lab = { server: { name: 'EX09' }, registry: {}, simulate: { failure: 'access-denied' }, latencyMs: 600000, variants: { ExSetup: 1 } };
    const file = path.join(dir, 'lab.zip');
    writeFileSync(file, zipSync({ 'collector.json': strToU8(JSON.stringify(manifest)), 'lab.json': strToU8(JSON.stringify(lab)), 'Exchange/lab.json': strToU8('{"latencyMs": 1}') }));
    const capture = await extractCapture(file, path.join(dir, 'captures'));
    expect(JSON.parse(readFileSync(path.join(capture.directory, 'lab.json'), 'utf8'))).toEqual({ server: { name: 'EX09' }, registry: {} });
    expect(() => readFileSync(path.join(capture.directory, 'Exchange', 'lab.json'))).toThrow();
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO given as an input file up front, instead of waiting for ever for a writer', async () => {
    const fifo = path.join(dir, 'scan.json');
    execFileSync('mkfifo', [fifo]);
    const within = <T>(promise: Promise<T>) =>
      Promise.race([
        promise.then(
          () => 'read',
          err => err,
        ),
        new Promise(resolve => setTimeout(() => resolve('still waiting after 3 s'), 3000)),
      ]);
    try {
      expect(await within(readInputFile(fifo))).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/not a regular file/) });
      expect(await within(new CatalogStore(path.join(dir, 'home')).importFile(fifo))).toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/not a regular file/) });
    } finally {
      // Frees a read still blocked on the pipe (only without the fix), so the test worker is not left with a stuck thread.
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // No reader waiting: nothing to free.
      }
    }
  });

  it.skipIf(process.platform === 'win32')('reads at most the input limit: /dev/zero and a folder are refused, not read', async () => {
    await expect(readInputFile('/dev/zero')).rejects.toMatchObject({ code: 'invalid-input', message: expect.stringMatching(/not a regular file/) });
    mkdirSync(path.join(dir, 'folder.json'));
    await expect(readInputFile(path.join(dir, 'folder.json'))).rejects.toMatchObject({ code: 'invalid-input' });
    const ok = path.join(dir, 'ok.json');
    writeFileSync(ok, '{"a":1}');
    expect(await readInputFile(ok)).toBe('{"a":1}');
  });
});
