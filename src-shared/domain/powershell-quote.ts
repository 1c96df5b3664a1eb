/**
 * Quoting for the PowerShell text the wizard shows an admin to copy.
 *
 * PowerShell's tokenizer treats five characters as a single quote: the ASCII
 * apostrophe and the typographic ‘ ’ ‚ ‛ (U+2018-U+201B). Any of them ends a
 * single-quoted string, so escaping only the apostrophe lets a name such as
 * `x’; Remove-Item C:\ -Recurse; ’` become code. Inside a single-quoted
 * literal nothing else is special ($, backtick and ; are plain text), and a
 * quote character followed by any quote character stands for one quote, so
 * doubling each of the five keeps every value a single string constant.
 */

/** The characters PowerShell accepts as a single quote (SpecialCharacters.IsSingleQuote). */
export const POWERSHELL_SINGLE_QUOTES: readonly string[] = ["'", '\u2018', '\u2019', '\u201A', '\u201B'];

const SINGLE_QUOTE = /['\u2018\u2019\u201A\u201B]/g;

/** A value as a PowerShell single-quoted literal, so it can never become code. */
export function psQuote(value: string): string {
  return `'${value.replace(SINGLE_QUOTE, q => q + q)}'`;
}
