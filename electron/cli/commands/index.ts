import type { Command } from 'commander';
import type { CliContext } from '../run';
import { registerServe } from './serve';

/**
 * Every exwiz subcommand. Each lives in its own module and registers itself
 * here; add new commands to this list.
 */
export function registerCommands(program: Command, cli: CliContext): void {
  registerServe(program, cli);
}
