import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, expect } from 'vitest';
import { AppError } from '../../../src-shared/domain/errors';
import type { OpenWritableFile, WritableFile } from '../../../electron/engine/transfer/file-sink';

/** A fresh temporary folder, removed after the test. */
export function useTempDirs(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'exwiz-transfer-'));
    made.push(dir);
    return dir;
  };
}

export function filesIn(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).sort() : [];
}

/** Opens files normally but fails writes with ENOSPC once `limit` bytes were written in total. */
export function diskFullAfter(limit: number): OpenWritableFile & { written: () => number } {
  let written = 0;
  const opener = async (file: string, flags: 'w' | 'r+'): Promise<WritableFile> => {
    const handle: FileHandle = await open(file, flags);
    return {
      async writev(buffers, position) {
        const size = buffers.reduce((n, b) => n + b.length, 0);
        if (written + size > limit) {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28 });
        }
        written += size;
        return handle.writev(buffers, position);
      },
      sync: () => handle.sync(),
      truncate: length => handle.truncate(length),
      close: () => handle.close(),
    };
  };
  return Object.assign(opener, { written: () => written });
}

/** Opens files normally but changes one byte of what reaches the disk (a copy damaged on the way). */
export function corruptingWrites(): OpenWritableFile {
  let done = false;
  return async (file, flags) => {
    const handle = await open(file, flags);
    return {
      async writev(buffers, position) {
        if (!done && buffers[0] && buffers[0].length > 0) {
          done = true;
          const damaged = Buffer.from(buffers[0]);
          damaged[0] = damaged[0]! ^ 0xff;
          return handle.writev([damaged, ...buffers.slice(1)], position);
        }
        return handle.writev(buffers, position);
      },
      sync: () => handle.sync(),
      truncate: length => handle.truncate(length),
      close: () => handle.close(),
    };
  };
}

/** Awaits a transfer that must fail, and returns its AppError. */
export async function failure(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => {
      throw new Error('expected the transfer to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}
