import { vi } from 'vitest';

/** What a CLI command printed, captured instead of reaching the terminal. */
export interface CapturedOutput {
  out: string;
  err: string;
}

/**
 * Captures process.stdout/stderr writes from now until vi.restoreAllMocks(),
 * so CLI commands can be run in-process and their output checked.
 */
export function captureOutput(): CapturedOutput {
  const captured: CapturedOutput = { out: '', err: '' };
  vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    captured.out += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, 'write').mockImplementation(chunk => {
    captured.err += String(chunk);
    return true;
  });
  return captured;
}
