import { validateHostName } from '../domain/host-names';

/** A typed server name that was not added, and why, in words for the field's message. */
export interface NameProblem {
  name: string;
  kind: 'invalid' | 'not-in-dns';
  message: string;
}

/**
 * Splits what the admin typed into server names and checks each. Only commas, semicolons and
 * line breaks separate names: "bad name!" is one (invalid) name, never "bad" plus "name!", so a
 * typo is refused as typed instead of silently adding half of it.
 */
export function typedNameProblems(text: string): { names: string[]; problems: NameProblem[] } {
  const names: string[] = [];
  const problems: NameProblem[] = [];
  for (const entry of text
    .split(/[,;\r\n]+/)
    .map(s => s.trim())
    .filter(s => s !== '')) {
    const check = validateHostName(entry);
    if (check.valid && check.normalized !== null) {
      if (!names.includes(check.normalized)) names.push(check.normalized);
    } else {
      problems.push({ name: entry, kind: 'invalid', message: `"${entry}" is not a valid server name: ${check.error ?? 'unknown reason'}` });
    }
  }
  return { names, problems };
}
