import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError } from '../../../src-shared/domain/errors';

/** Values a script parameter can take: what JSON can carry. */
export type ScriptParameterValue = string | number | boolean | null | ScriptParameterValue[] | { [key: string]: ScriptParameterValue };

export type ScriptParameters = Record<string, ScriptParameterValue>;

/** Parameter names must be plain PowerShell identifiers: they are splatted, never quoted. */
const PARAMETER_NAME = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * Builds the command text for running one script with parameters.
 *
 * This is the only place that produces PowerShell command text in the engine.
 * Everything that varies (script path, parameter values) travels as base64 of
 * UTF-8 JSON, so the command consists of a fixed prefix and base64 characters
 * only: no quote, `$()`, backtick or semicolon in any value can become code.
 */
export function buildInvocation(scriptPath: string, parameters: ScriptParameters = {}, marker: string = newResultMarker()): string {
  for (const name of Object.keys(parameters)) {
    if (!PARAMETER_NAME.test(name)) {
      throw new AppError('invalid-input', `Script parameter name "${name}" is not a plain identifier.`);
    }
  }
  const payload = JSON.stringify({ script: scriptPath, params: parameters, marker });
  const encoded = Buffer.from(payload, 'utf8').toString('base64');
  return `Invoke-ExwizScript -Request '${encoded}'`;
}

/** The line the shell prints once the bootstrap is loaded. */
export const BOOTSTRAP_READY = 'EXWIZ-READY';
/** The line the shell prints instead when it does not run in FullLanguage mode, followed by the mode. */
export const BOOTSTRAP_LANGUAGE = 'EXWIZ-LANGUAGE:';

/**
 * The command that loads bootstrap.ps1 into a fresh shell: fixed text plus
 * base64, dot-sourced into the global scope, then the ready line. Under
 * AppLocker or WDAC the shell runs in ConstrainedLanguage mode, where the
 * loader's own .NET calls are refused: it says the mode instead (only
 * language CLM allows), so the engine can say why.
 */
export function buildBootstrapLoad(bootstrapText: string): string {
  const encoded = Buffer.from(bootstrapText, 'utf8').toString('base64');
  const load = `. ([ScriptBlock]::Create([System.Text.Encoding]::UTF8.GetString([System.Convert]::FromBase64String('${encoded}')))); [Console]::Out.WriteLine('${BOOTSTRAP_READY}')`;
  return `if ($ExecutionContext.SessionState.LanguageMode -ne 'FullLanguage') { '${BOOTSTRAP_LANGUAGE}' + $ExecutionContext.SessionState.LanguageMode } else { ${load} }`;
}

/**
 * Every command text the engine sends to PowerShell, made by the builders above
 * with sample values. The shells run Windows PowerShell 5.1 on Windows, so
 * scripts/ps51-check.mjs checks these exact texts; a new way of sending text
 * to a shell gets its builder here and its sample in this list.
 */
export function engineCommandSamples(): { name: string; text: string }[] {
  return [
    { name: 'buildInvocation', text: buildInvocation('C:\\Program Files\\Wizard\\resources\\powershell\\probes\\Invoke-ServerProbe.ps1', { Server: "ex01'; Remove-Item C:\\" }, newResultMarker()) },
    { name: 'buildBootstrapLoad', text: buildBootstrapLoad('function Invoke-ExwizScript { param([string]$Request) }') },
  ];
}

/** The shape of a PowerShell error record as bootstrap.ps1 reports it. */
export const PowerShellErrorRecord = z.object({
  message: z.string(),
  type: z.string().nullable().optional(),
  errorId: z.string().nullable().optional(),
  category: z.string().nullable().optional(),
  position: z.string().nullable().optional(),
});
export type PowerShellErrorRecord = z.infer<typeof PowerShellErrorRecord>;

const Envelope = z.union([
  z.object({
    ok: z.literal(true),
    value: z.unknown(),
    // PowerShell 5.1 serialises an empty array as {} or null in some cases.
    errors: z.union([z.array(PowerShellErrorRecord), PowerShellErrorRecord, z.null(), z.object({}).strict()]).optional(),
  }),
  z.object({ ok: z.literal(false), error: PowerShellErrorRecord }),
]);

/**
 * The result line's marker for one run: random, so nothing a server returns
 * (an event message, a registry value, a file name) can hold it and pass for
 * the result or cut it short.
 */
export function newResultMarker(): string {
  return `EXWIZ-RESULT-${randomBytes(12).toString('hex')}:`;
}

/** What a successful script run returns. */
export interface ScriptOutput {
  value: unknown;
  /** Non-terminating errors the script let through. */
  nonTerminatingErrors: PowerShellErrorRecord[];
}

/**
 * Reads the envelope bootstrap.ps1 prints, ignoring any other output (Write-Host
 * text from a script goes to the same stream).
 */
export function parseInvocationOutput(stdout: string, scriptPath: string, marker: string): ScriptOutput {
  // Look for the marker anywhere: pwsh may prefix lines with terminal escape codes.
  const at = stdout.indexOf(marker);
  const line = at < 0 ? undefined : stdout.slice(at).split(/\r?\n/, 1)[0];
  if (line === undefined) {
    throw new AppError('malformed-output', `PowerShell returned no result for ${scriptLabel(scriptPath)}.`, {
      detail: stdout.slice(0, 4000),
      fix: 'Run the script by hand in the same PowerShell to see what it prints.',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(line.slice(marker.length));
  } catch (err) {
    throw new AppError('malformed-output', `PowerShell printed a result for ${scriptLabel(scriptPath)} that is not valid JSON.`, {
      detail: `${String(err)}\n${line.slice(0, 4000)}`,
    });
  }
  const envelope = Envelope.safeParse(json);
  if (!envelope.success) {
    throw new AppError('malformed-output', `PowerShell returned an unexpected result shape for ${scriptLabel(scriptPath)}.`, {
      detail: envelope.error.message,
    });
  }
  if (!envelope.data.ok) {
    const record = envelope.data.error;
    throw new AppError('script-error', `${scriptLabel(scriptPath)} failed: ${record.message}`, {
      detail: [record.type, record.errorId, record.category, record.position].filter(Boolean).join('\n'),
    });
  }
  const errors = envelope.data.errors;
  const nonTerminatingErrors = Array.isArray(errors) ? errors : errors && 'message' in errors ? [errors as PowerShellErrorRecord] : [];
  return { value: envelope.data.value, nonTerminatingErrors };
}

function scriptLabel(scriptPath: string): string {
  const parts = scriptPath.split(/[\\/]/);
  return parts[parts.length - 1] || scriptPath;
}
