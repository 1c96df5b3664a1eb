import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * The two V8 settings that keep a long transfer's memory flat (peak RSS of
 * the `exwiz download` process under 100 MB whatever the file size). Both are
 * process-wide; they are kept here, in one place, with the evidence for each.
 *
 * 1. Garbage network and file buffers. Node allocates a new buffer for every
 *    socket read (TLS: every record) and every file-stream read; undici reads
 *    the socket with `socket.read()`, so a reused buffer (`onread`) is not an
 *    option. V8 frees those buffers only at a scavenge, and starts one for
 *    buffer memory only once about 32 MiB of young buffers have piled up
 *    (twice the default semi-space): measured on a 512 MiB loopback
 *    download, 33–43 MiB of `arrayBuffers` at the peak with only ~5 MiB of
 *    them alive. A plain socket with `data` events adds 56 MiB of RSS for the
 *    same file, the same socket reading into one buffer (`onread`) adds 1 MiB.
 *    So the transfer asks for a young-generation collection (a scavenge: it
 *    only visits live young objects, well under a millisecond here) after
 *    every `GARBAGE_EVERY_BYTES` it moved. This works only because every
 *    buffer of a transfer dies before that many more bytes pass (the queues
 *    hold far less, see HashingFileWriter and http-source): a buffer that
 *    survived two scavenges would move to the old generation, where only a
 *    full collection frees it. No flag or API lowers V8's own threshold, and
 *    `--expose-gc` cannot be given to Electron's main process, so the
 *    collection function is taken from a new context after switching that
 *    flag on for a moment (as jest-leak-detector does).
 *
 * 2. undici's HTTP parser is WebAssembly (llhttp). About a second into a
 *    download V8 recompiles its hot functions with its optimising compiler
 *    (TurboFan) on a background thread, which takes about 35 MiB of compiler
 *    memory for a moment (seen in that thread's malloc arena, with the
 *    allocating stack: `ExecuteTurbofanWasmCompilation`). The baseline code
 *    (Liftoff) is plenty for a parser that only counts body bytes through, so
 *    `--liftoff-only` is set before undici compiles the parser (it does so at
 *    the first connection of the process). No other WebAssembly runs in the
 *    engine. Without it the peak is 110–120 MiB even with (1); with both, ~80 MiB.
 *
 * The interval: every 8 MiB the real `exwiz download` (whose idle process is
 * ~80 MiB with all its commands loaded) still peaked at 99–107 MiB; every
 * 2 MiB, with the writer's queue at 512 KiB, 92 MiB.
 */
export const GARBAGE_EVERY_BYTES = 2 * 1024 * 1024;

/** Runs `collect` after every `every` bytes counted (the count carries over between calls). */
export class CollectionByBytes {
  private since = 0;

  constructor(
    private readonly collect: () => (() => void) | null,
    private readonly every: number = GARBAGE_EVERY_BYTES,
  ) {}

  count(bytes: number): void {
    this.since += bytes;
    if (this.since < this.every) return;
    this.since = 0;
    this.collect()?.();
  }
}

let young: (() => void) | null | undefined;
const processWide = new CollectionByBytes(() => (young === undefined ? (young = youngCollection()) : young));
let parserTierSet = false;

/**
 * Counts bytes a transfer has finished with (written, hashed) and runs a
 * young-generation collection after every GARBAGE_EVERY_BYTES of them, in the
 * whole process (concurrent transfers share the count). Does nothing where
 * V8's collection function cannot be had.
 */
export function releaseTransferGarbage(bytes: number): void {
  processWide.count(bytes);
}

/**
 * Keeps undici's WebAssembly HTTP parser on V8's baseline compiler; must run
 * before the process's first undici connection (later it changes nothing).
 */
export function keepParserOnBaselineCompiler(): void {
  if (parserTierSet) return;
  parserTierSet = true;
  setFlagsFromString('--liftoff-only');
}

/** V8's own collection function, asked for a scavenge; null if V8 does not give it. */
export function youngCollection(): (() => void) | null {
  const exposed = (globalThis as { gc?: unknown }).gc;
  let gc: unknown = exposed;
  if (typeof gc !== 'function') {
    try {
      setFlagsFromString('--expose-gc');
      gc = runInNewContext('gc');
    } catch {
      gc = null;
    } finally {
      // Only the context made above gets `gc`; contexts made later do not.
      setFlagsFromString('--no-expose-gc');
    }
  }
  if (typeof gc !== 'function') return null;
  const run = gc as (options?: { type: 'minor' | 'major' }) => void;
  return () => run({ type: 'minor' });
}
