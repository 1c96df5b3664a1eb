import type { Command } from 'commander';
import type { CliContext } from '../run';
import { registerServe } from './serve';
import { registerBuild } from './build';
import { registerPlan } from './plan';
import { registerCatalog } from './catalog';
import { registerDownload } from './download';
import { registerImport } from './import';
import { registerStage } from './stage';
import { registerReport } from './report';
import { registerScan } from './scan';
import { registerChecklist } from './checklist';
import { registerSetupLog } from './setup-log';

/**
 * Every exwiz subcommand. Each lives in its own module and registers itself
 * here; add new commands to this list.
 */
export function registerCommands(program: Command, cli: CliContext): void {
  registerServe(program, cli);
  registerBuild(program, cli);
  registerPlan(program, cli);
  registerCatalog(program, cli);
  registerDownload(program, cli);
  registerImport(program, cli);
  registerStage(program, cli);
  registerReport(program, cli);
  registerScan(program, cli);
  registerChecklist(program, cli);
  registerSetupLog(program, cli);
}
