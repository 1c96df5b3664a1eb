import { EXIT, printError, printResult, type OutputOptions } from './output';

/** What every command gets from the program. */
export interface CliContext {
  version: string;
  /** Set by an action; main() exits with it. */
  exitCode: number;
}

/**
 * Runs a command's work, prints its result (JSON or text) and records the exit
 * code. Commands never call process.exit themselves, so tests can drive them.
 */
export async function runAction<T>(cli: CliContext, output: OutputOptions, work: () => Promise<T>, human?: (value: T) => string): Promise<void> {
  try {
    const value = await work();
    if (human) printResult(value, output, human);
    else if (output.json && value !== null) printResult(value, output, () => '');
    cli.exitCode = EXIT.ok;
  } catch (err) {
    cli.exitCode = printError(err, output);
  }
}
