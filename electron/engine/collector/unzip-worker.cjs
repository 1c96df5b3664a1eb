// @ts-check
'use strict';
/**
 * Unpacks a collector ZIP in a worker thread (started by collector.ts, which
 * holds the limits' sentences and bounds the time by terminating this thread).
 *
 * Plain CommonJS so the same file runs from the sources (tests) and, copied
 * beside each bundle by scripts/build.mjs, from out/ and app.asar.
 *
 * Nothing the ZIP says is trusted: the central directory's entry count and
 * sizes are checked before anything is inflated; each entry is inflated in
 * small steps and stopped as soon as it passes its declared size (a stream
 * declaring 1 KB but holding 4 GiB stops after a few MB, instead of being
 * decoded whole into a buffer that silently drops the excess); an entry
 * must then be exactly its declared size and match its declared CRC-32.
 */
const { parentPort, workerData } = require('node:worker_threads');
const { crc32 } = require('node:zlib');
const { Inflate } = require('fflate');

/** Compressed bytes per inflate step: deflate expands at most ~1032:1, so one step overshoots a declared size by 4 MB at most. */
const STEP = 4096;

/** @typedef {'unreadable' | 'unsupported' | 'entries' | 'total' | 'overflow' | 'short' | 'crc'} RefusalReason */

class Refusal extends Error {
  /**
   * @param {RefusalReason} reason
   * @param {string} [entry]
   * @param {string} [detail]
   */
  constructor(reason, entry, detail) {
    super(detail ?? reason);
    this.reason = reason;
    this.entry = entry;
  }
}

/**
 * @typedef {{ name: string, flags: number, method: number, crc: number, compressedSize: number, size: number, localOffset: number }} Entry
 */

/**
 * The central directory's entries (what a ZIP reader trusts for names, sizes and CRCs).
 * @param {Uint8Array} data
 * @returns {Entry[]}
 */
function centralDirectory(data) {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  let end = -1;
  for (let i = data.length - 22; i >= Math.max(0, data.length - 22 - 65535); i--) {
    if (view.getUint32(i, true) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Refusal('unreadable', undefined, 'no end of central directory record');
  const count = view.getUint16(end + 10, true);
  const directorySize = view.getUint32(end + 12, true);
  let offset = view.getUint32(end + 16, true);
  // A capture is a few MB: the ZIP64 form is only for archives over 4 GB or 65,535 files.
  if (count === 0xffff || offset === 0xffffffff || directorySize === 0xffffffff) throw new Refusal('unsupported', undefined, 'ZIP64 archive');
  /** @type {Entry[]} */
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (offset + 46 > end || view.getUint32(offset, true) !== 0x02014b50) throw new Refusal('unreadable', undefined, `central directory entry ${n + 1} is damaged`);
    const flags = view.getUint16(offset + 8, true);
    const nameLength = view.getUint16(offset + 28, true);
    const extraLength = view.getUint16(offset + 30, true);
    const commentLength = view.getUint16(offset + 32, true);
    if (offset + 46 + nameLength > end) throw new Refusal('unreadable', undefined, `central directory entry ${n + 1} is damaged`);
    const nameBytes = Buffer.from(data.buffer, data.byteOffset + offset + 46, nameLength);
    // Bit 11: UTF-8 names (Compress-Archive on PowerShell 7); otherwise the old DOS code page, read byte for byte.
    const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');
    const entry = {
      name,
      flags,
      method: view.getUint16(offset + 10, true),
      crc: view.getUint32(offset + 16, true),
      compressedSize: view.getUint32(offset + 20, true),
      size: view.getUint32(offset + 24, true),
      localOffset: view.getUint32(offset + 42, true),
    };
    if (entry.compressedSize === 0xffffffff || entry.size === 0xffffffff || entry.localOffset === 0xffffffff) throw new Refusal('unsupported', name, 'ZIP64 entry');
    entries.push(entry);
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/**
 * One entry's bytes, inflated no further than its declared size, checked against its CRC-32.
 * @param {Uint8Array} data
 * @param {Entry} entry
 * @returns {Uint8Array}
 */
function inflateEntry(data, entry) {
  if (entry.flags & 0x1) throw new Refusal('unsupported', entry.name, 'encrypted entry');
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const local = entry.localOffset;
  if (local + 30 > data.length || view.getUint32(local, true) !== 0x04034b50) throw new Refusal('unreadable', entry.name, 'local header missing');
  const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
  if (start + entry.compressedSize > data.length) throw new Refusal('unreadable', entry.name, 'entry data cut off');
  const compressed = data.subarray(start, start + entry.compressedSize);
  /** @type {Uint8Array} */
  let out;
  if (entry.method === 0) {
    if (entry.compressedSize > entry.size) throw new Refusal('overflow', entry.name);
    out = compressed.slice();
  } else if (entry.method === 8) {
    out = new Uint8Array(entry.size);
    let produced = 0;
    const inflater = new Inflate(chunk => {
      if (produced + chunk.length > entry.size) throw new Refusal('overflow', entry.name);
      out.set(chunk, produced);
      produced += chunk.length;
    });
    try {
      for (let at = 0; at < compressed.length || at === 0; at += STEP) inflater.push(compressed.subarray(at, at + STEP), at + STEP >= compressed.length);
    } catch (err) {
      if (err instanceof Refusal) throw err;
      throw new Refusal('unreadable', entry.name, err instanceof Error ? err.message : String(err));
    }
    if (produced !== entry.size) throw new Refusal('short', entry.name);
  } else {
    throw new Refusal('unsupported', entry.name, `compression method ${entry.method}`);
  }
  if (out.length !== entry.size) throw new Refusal(out.length > entry.size ? 'overflow' : 'short', entry.name);
  if (crc32(out) >>> 0 !== entry.crc) throw new Refusal('crc', entry.name);
  return out;
}

/**
 * @param {Uint8Array} data the ZIP file
 * @param {{ entries: number, extractedBytes: number }} limits
 * @returns {Array<[string, Uint8Array]>}
 */
function unzip(data, limits) {
  const entries = centralDirectory(data);
  if (entries.length > limits.entries) throw new Refusal('entries');
  let declared = 0;
  for (const entry of entries) declared += entry.size;
  if (declared > limits.extractedBytes) throw new Refusal('total');
  /** @type {Array<[string, Uint8Array]>} */
  const files = [];
  for (const entry of entries) files.push([entry.name, entry.name.endsWith('/') ? new Uint8Array(0) : inflateEntry(data, entry)]);
  return files;
}

if (parentPort) {
  try {
    const files = unzip(workerData.data, workerData.limits);
    parentPort.postMessage(
      { ok: true, files },
      files.map(([, bytes]) => bytes.buffer),
    );
  } catch (err) {
    const refusal = err instanceof Refusal ? err : new Refusal('unreadable', undefined, err instanceof Error ? err.message : String(err));
    parentPort.postMessage({ ok: false, reason: refusal.reason, entry: refusal.entry, detail: refusal.message });
  }
}
