import { parseLogLine } from './lines';
import type { SetupLogProgress } from './types';

const STEP = [/Processing component '(.+?)'(?: \((.+?)\))?/, /Beginning processing (\S+)/, /Setup is (?:stopping|choosing|preparing|copying|validating|running)[^.]*/];

function seconds(time: string): number {
  return Date.parse(`${time}Z`) / 1000;
}

/**
 * The progress of the run that starts at `startLine` (the last `Starting Microsoft Exchange
 * Server … Setup` line, null when not found) from the log's last lines (oldest first).
 */
export function setupLogProgress(startLine: string | null, tail: readonly string[]): SetupLogProgress {
  const startedAt = startLine === null ? null : (parseLogLine(startLine)?.time ?? null);
  let lastLineAt: string | null = null;
  let currentStep: string | null = null;
  let lastMessage: string | null = null;
  let ended: SetupLogProgress['ended'] = null;
  for (const line of tail) {
    const parsed = parseLogLine(line);
    if (!parsed) continue;
    lastLineAt = parsed.time;
    if (parsed.message.trim() !== '') lastMessage = parsed.message.trim();
    if (parsed.message.includes('Starting Microsoft Exchange Server')) {
      currentStep = null;
      ended = null;
    }
    if (parsed.message.includes('The Exchange Server setup operation completed successfully.')) ended = 'succeeded';
    else if (parsed.message.includes("The Exchange Server setup operation didn't complete")) ended = 'failed';
    for (const pattern of STEP) {
      const m = pattern.exec(parsed.message);
      if (m) {
        currentStep = m[2] ? `${m[1]} (${m[2]})` : (m[1] ?? m[0]);
        break;
      }
    }
  }
  const elapsedSeconds = startedAt !== null && lastLineAt !== null ? Math.max(0, Math.round(seconds(lastLineAt) - seconds(startedAt))) : null;
  return { startedAt, lastLineAt, elapsedSeconds, currentStep: currentStep ?? lastMessage, ended, lastLines: [...tail] };
}
