import { AppError, toErrorShape, type AppErrorShape } from '../../src-shared/domain/errors';

/** Exit codes of exwiz: 0 only when the command did what was asked. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export interface OutputOptions {
  json: boolean;
}

/** Prints a result as JSON (--json) or as human text. */
export function printResult<T>(value: T, options: OutputOptions, human: (value: T) => string): void {
  if (options.json) process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
  else process.stdout.write(`${human(value)}\n`);
}

/** Prints an error the same way and returns the exit code to use. */
export function printError(err: unknown, options: OutputOptions): number {
  const shape: AppErrorShape = toErrorShape(err);
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ error: shape }, null, 2)}\n`);
  } else {
    process.stderr.write(`error: ${shape.message}\n`);
    if (shape.fix) process.stderr.write(`fix: ${shape.fix}\n`);
  }
  return shape.code === 'invalid-input' ? EXIT.usage : EXIT.failed;
}

/** Throws a usage error (exit code 2). */
export function usageError(message: string, fix?: string): never {
  throw new AppError('invalid-input', message, fix === undefined ? {} : { fix });
}
