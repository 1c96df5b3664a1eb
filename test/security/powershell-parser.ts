import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runPwsh } from '../helpers/pwsh';

/** A command built with the value under test where its benign twin (by index) has the sentinel. */
export interface HostileCommand {
  id: string;
  /** Index of the benign twin. */
  index: number;
  hostile: string;
  value: string;
}

export interface ParserRequest {
  sentinel: string;
  benign: string[];
  cases: HostileCommand[];
}

export interface ParserFailure {
  id: string;
  reason: string;
}

/**
 * Parses every command with PowerShell's own parser in one pwsh run and tells
 * whether the value only ever became a string constant (same AST as the
 * sentinel version); returns the commands where it did not. One run for all keeps the property test fast.
 */
export function compareWithPowerShellParser(request: ParserRequest): ParserFailure[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'exwiz-ast-'));
  try {
    const file = path.join(dir, 'pairs.json');
    writeFileSync(file, JSON.stringify(request), 'utf8');
    const run = runPwsh(['-File', path.join(__dirname, 'compare-ast.ps1'), '-Path', file]);
    if (run.code !== 0) throw new Error(`compare-ast.ps1 failed (exit ${run.code}): ${run.stderr}`);
    return JSON.parse(run.stdout.trim()) as ParserFailure[];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
