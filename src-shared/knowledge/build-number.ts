import { AppError } from '../domain/errors';

/**
 * Exchange build numbers in every form they reach the wizard.
 *
 * Accepted forms (surrounding whitespace ignored):
 * - `15.2.986.5` and the zero-padded file-version form `15.02.0986.005` (ExSetup.exe FileVersion /
 *   ProductVersion, also with a trailing parenthesised comment as Windows file versions have);
 * - `Version 15.2 (Build 986.5)`, Get-ExchangeServer's AdminDisplayVersion. It shows the CU only,
 *   never an installed SU, so it is parsed with precision "cu";
 * - an `X-OWA-Version` value, alone or as the header line `X-OWA-Version: 15.2.922.13`;
 * - a 3-part `15.2.986`, alone or inside an OWA/ECP resource path such as `/owa/auth/15.2.986/themes/…`.
 *   Those paths carry the CU level only. The revision is unknown and normalised to 0 (precision "cu"),
 *   so a 3-part build always sorts below every build of its CU and resolves to the CU's own build:
 *   the oldest, worst case for that CU.
 */

/** A parsed build: the four numbers, the normalised text and how much of it the input showed. */
export interface ParsedBuild {
  parts: readonly [number, number, number, number];
  /** Normalised `a.b.c.d` without leading zeros. */
  text: string;
  /** "exact": the input names the full build; "cu": only the CU level is known. */
  precision: 'exact' | 'cu';
  form: 'build' | 'admin-display-version' | 'owa-path' | 'header' | 'cu-build';
}

const MAX_INPUT = 512;
const MAX_PART = 65535;
const PART = '(\\d{1,5})';
const FULL = new RegExp(`^v?${PART}\\.${PART}\\.${PART}\\.${PART}(?:\\s*\\([^()]*\\))?$`, 'i');
const THREE = new RegExp(`^${PART}\\.${PART}\\.${PART}$`);
const ADMIN_DISPLAY = new RegExp(`^Version\\s+${PART}\\.${PART}\\s*\\(Build\\s+${PART}\\.${PART}\\)$`, 'i');
const HEADER = /^X-OWA-Version\s*:\s*(.*)$/i;
const OWA_PATH = new RegExp(`/(?:owa|ecp)/(?:auth/)?${PART}\\.${PART}\\.${PART}(?:\\.${PART})?/`, 'i');

/**
 * Parses any accepted form; throws `AppError('invalid-input')` with the reason otherwise.
 */
export function parseBuildDetailed(input: string): ParsedBuild {
  if (typeof input !== 'string') throw invalid(String(input), 'a build number must be text');
  const trimmed = input.trim();
  if (trimmed.length === 0) throw invalid(input, 'it is empty');
  if (trimmed.length > MAX_INPUT) throw invalid(trimmed.slice(0, 40) + '…', `it is longer than ${MAX_INPUT} characters`);

  const header = HEADER.exec(trimmed);
  if (header) {
    const value = (header[1] ?? '').trim();
    const full = FULL.exec(value);
    if (full) return make(input, full.slice(1, 5), 'exact', 'header');
    throw invalid(input, 'the X-OWA-Version header does not hold a 4-part build number');
  }
  let m = FULL.exec(trimmed);
  if (m) return make(input, m.slice(1, 5), 'exact', 'build');
  m = ADMIN_DISPLAY.exec(trimmed);
  if (m) return make(input, m.slice(1, 5), 'cu', 'admin-display-version');
  m = THREE.exec(trimmed);
  if (m) return make(input, [...m.slice(1, 4), '0'], 'cu', 'cu-build');
  m = OWA_PATH.exec(trimmed);
  if (m) {
    return m[4] === undefined ? make(input, [...m.slice(1, 4), '0'], 'cu', 'owa-path') : make(input, m.slice(1, 5), 'exact', 'owa-path');
  }
  throw invalid(input, 'it is not in a form Exchange uses (e.g. 15.2.986.5, 15.02.0986.005 or "Version 15.2 (Build 986.5)")');
}

/** Normalised `a.b.c.d` of any accepted form (see the module comment for 3-part builds). */
export function parseBuild(input: string): string {
  return parseBuildDetailed(input).text;
}

/** Compares two normalised builds part by part: negative, 0 or positive. */
export function compareBuilds(a: string, b: string): number {
  const pa = splitBuild(a);
  const pb = splitBuild(b);
  for (let i = 0; i < 4; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** The four numbers of a normalised build (no validation: for catalog data already checked). */
export function splitBuild(build: string): number[] {
  return build.split('.').map(Number);
}

/** "15.2.986" of "15.2.986.42": the CU line a build belongs to. */
export function buildLine(build: string): string {
  return build.slice(0, build.lastIndexOf('.'));
}

/** "15.2" of "15.2.986.42": the product version. */
export function buildVersion(build: string): string {
  const parts = build.split('.');
  return `${parts[0]}.${parts[1]}`;
}

function make(input: string, raw: (string | undefined)[], precision: ParsedBuild['precision'], form: ParsedBuild['form']): ParsedBuild {
  const nums = raw.map(p => Number(p ?? '0'));
  if (nums.some(n => !Number.isInteger(n) || n > MAX_PART)) throw invalid(input, `each part of a build number is at most ${MAX_PART}`);
  const parts = [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0, nums[3] ?? 0] as const;
  return { parts, text: parts.join('.'), precision, form };
}

function invalid(input: string, why: string): AppError {
  const shown = input.length > 60 ? `${input.slice(0, 60)}…` : input;
  return new AppError('invalid-input', `"${shown}" is not an Exchange build number: ${why}.`, {
    fix: 'Give the build as ExSetup.exe shows it (for example 15.2.1748.39 or 15.02.1748.039), as AdminDisplayVersion ("Version 15.2 (Build 1748.10)") or as an X-OWA-Version value.',
  });
}
