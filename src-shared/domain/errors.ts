import { z } from 'zod';

/**
 * Error codes the engine reports to the UI and the CLI.
 *
 * Every failure the admin can see carries one of these codes, a sentence saying
 * what happened and, where we know one, the fix. Codes are stable strings so
 * tests and saved reports can rely on them.
 */
export const ErrorCode = z.enum([
  'invalid-input',
  'not-found',
  'cancelled',
  'timeout',
  'access-denied',
  /** The wizard runs on the Exchange server itself without elevation (not a permissions problem). */
  'not-elevated',
  /** Kerberos cannot sign in (a workgroup server, e.g. Edge): "Connect as..." with the server's own account. */
  'needs-credential',
  'unreachable',
  'winrm-unreachable',
  'ems-missing',
  'execution-policy',
  'constrained-language',
  'malformed-output',
  'powershell-missing',
  'powershell-crashed',
  'script-error',
  'network',
  'tls',
  'host-not-allowed',
  'integrity',
  'disk-full',
  'io',
  'unsupported',
  'internal',
]);
export type ErrorCode = z.infer<typeof ErrorCode>;

export const AppErrorShape = z.object({
  code: ErrorCode,
  message: z.string(),
  /** What the admin can do about it, in one or two sentences. */
  fix: z.string().optional(),
  /** Raw detail (exception text, PowerShell error record) for the expert. */
  detail: z.string().optional(),
});
export type AppErrorShape = z.infer<typeof AppErrorShape>;

/**
 * An error with a code, a message and an optional fix.
 *
 * Thrown by engine services; the IPC dispatcher turns it into an
 * {@link AppErrorShape} so it crosses process boundaries intact.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fix: string | undefined;
  readonly detail: string | undefined;

  constructor(code: ErrorCode, message: string, options: { fix?: string; detail?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.fix = options.fix;
    this.detail = options.detail;
  }

  toShape(): AppErrorShape {
    const shape: AppErrorShape = { code: this.code, message: this.message };
    if (this.fix !== undefined) shape.fix = this.fix;
    if (this.detail !== undefined) shape.detail = this.detail;
    return shape;
  }
}

/** Turns anything thrown into the wire shape, keeping codes of known errors. */
export function toErrorShape(err: unknown): AppErrorShape {
  if (err instanceof AppError) return err.toShape();
  const parsed = AppErrorShape.safeParse(err);
  if (parsed.success) return parsed.data;
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: message || 'Unexpected error', detail: err instanceof Error ? err.stack : undefined };
}
