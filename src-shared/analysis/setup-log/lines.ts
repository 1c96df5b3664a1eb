/**
 * ExchangeSetup.log as lines. Setup writes `[MM/dd/yyyy HH:mm:ss.ffff] [level] message`; an
 * exception or a command can run on over lines without that prefix, and those lines count too:
 * evidence line numbers are physical lines of the file, as an editor shows them.
 */

/** `[12/23/2020 02:28:58.0861] [2] message`: time, nesting level, message. */
const LINE_PREFIX = /^\[(\d{1,2})\/(\d{1,2})\/(\d{4}) (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,7}))?\] \[(\d+)\] ?(.*)$/;

/** A line's parts, when it has Setup's prefix. */
export interface LogLine {
  /** The time as Setup wrote it (local time of the server, no zone): `2020-12-23T02:28:58.086`. */
  time: string;
  level: number;
  message: string;
}

/**
 * The file's lines, split where .NET's ReadLine splits (CRLF, LF or a lone CR) so the numbers
 * agree with Select-String and Notepad. A byte-order mark decoded as U+FEFF is not text.
 */
export function splitLogLines(text: string): string[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split(/\r\n|\n|\r/);
  // A final line end does not start another line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}

/** The parts of a line with Setup's prefix, else null (a continuation line). */
export function parseLogLine(line: string): LogLine | null {
  const m = LINE_PREFIX.exec(line);
  if (!m) return null;
  const [, month, day, year, hour, minute, second, fraction, level, message] = m;
  const pad = (s: string | undefined) => (s ?? '0').padStart(2, '0');
  const millis = (fraction ?? '0').padEnd(3, '0').slice(0, 3);
  return {
    time: `${year}-${pad(month)}-${pad(day)}T${pad(hour)}:${minute}:${second}.${millis}`,
    level: Number(level),
    message: message ?? '',
  };
}
