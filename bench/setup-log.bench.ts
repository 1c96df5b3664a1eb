import { performance } from 'node:perf_hooks';
import { analyseSetupLog } from '../src-shared/analysis/setup-log/index';
import { decodeLogBytes } from '../electron/engine/setup-log/decode-log';
import { SetupLogBuilder } from '../test/analysis/setup-log/log-builder';

/**
 * Diagnosing ExchangeSetup.log files: the target is 37 logs of up to 3 MB in under 60 s
 * together. Builds 37 logs of about 3 MB (several runs each, the last one failing late so every
 * rule reads the whole run), half UTF-16LE, and times decoding plus analysis of all of them.
 */
const LOGS = 37;
const TARGET_BYTES = 3 * 1024 * 1024;

function bigLog(i: number): Buffer {
  const log = new SetupLogBuilder();
  for (let run = 0; run < 3; run++) {
    log.start().readiness().progress(40).filler(2500);
    if (run < 2) log.succeeded();
  }
  while (log.text().length < TARGET_BYTES / (i % 2 === 0 ? 2 : 1) - 40_000) log.filler(1000);
  log.componentFailure('AllRolesCommon___deadbeef', ['Something nobody has seen before.']);
  return log.bytes(i % 2 === 0 ? 'utf16le' : 'utf8-bom');
}

const files = Array.from({ length: LOGS }, (_, i) => bigLog(i));
const totalBytes = files.reduce((n, f) => n + f.length, 0);
const rounds: number[] = [];
for (let r = 0; r < 3; r++) {
  const started = performance.now();
  for (const bytes of files) analyseSetupLog(decodeLogBytes(bytes));
  rounds.push(performance.now() - started);
}
const best = Math.min(...rounds);
process.stdout.write(
  [
    `${LOGS} logs, ${(totalBytes / 1048576).toFixed(1)} MB together (largest ${(Math.max(...files.map(f => f.length)) / 1048576).toFixed(2)} MB; half UTF-16LE)`,
    `decode + analyse all: best of 3 ${(best / 1000).toFixed(2)} s (rounds: ${rounds.map(ms => (ms / 1000).toFixed(2)).join(', ')} s; target < 60 s)`,
    `per MB: ${(best / (totalBytes / 1048576)).toFixed(1)} ms`,
  ].join('\n') + '\n',
);
