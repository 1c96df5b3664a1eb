#!/usr/bin/env node
// Checks PowerShell for what Windows PowerShell 5.1 cannot run (the PowerShell on
// every Exchange server and jump box): PowerShell 7 syntax, automatic variables,
// cmdlets and parameters, .NET Core-only APIs. Prints FILE:LINE: what, one a line,
// and exits 1 when anything is found (2 when it cannot check at all).
//
//   node scripts/ps51-check.mjs              every shipped script and every string the TypeScript sends
//   node scripts/ps51-check.mjs FILE...      these .ps1/.psm1 files
//
// One pwsh process checks everything (starting it is a second; walking the syntax trees is
// most of the rest). What it found for an item is kept in node_modules/.cache/exwiz-ps51/,
// keyed by the item's text, the walker, the table and the pwsh version, so an unchanged
// script or string is not walked again; with nothing changed pwsh is not started at all.
// EXWIZ_PS51_CACHE=0 checks everything afresh.
//
// Real pwsh parses each script (scripts/ps51/Find-Ps51Problems.ps1 walks the syntax
// tree); the table of what 5.1 lacks, with its sources, is scripts/ps51/windows-powershell-51.json.
//
// The strings the TypeScript sends are found in three ways:
//   - what the engine itself runs in its shells: every such text is made by a builder in
//     electron/engine/powershell/invocation.ts, which lists them with sample values
//     (engineCommandSamples); the exact text is checked, not a guess at it. A `.invoke(`
//     with a literal anywhere else is reported, so a new way of sending text cannot bypass it;
//   - the offline collector, composed from several scripts (buildCollectorScript): checked
//     whole for parse errors (its parts are checked as files);
//   - the commands shown for the admin to run (ChecklistItem and plan-step `commands`):
//     the TypeScript's syntax tree gives every literal that reaches a `commands` array
//     (directly, through `commands.push`, or through a same-file constant or function),
//     `${...}` parts replaced by a bare word. Marking each string instead would mean
//     editing every checklist; the field is the convention every command already follows.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { findPwsh } from './lib/ensure-pwsh.mjs';
import { importTypeScript } from './lib/import-ts.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const TABLE = path.join(root, 'scripts', 'ps51', 'windows-powershell-51.json');
const WALKER = path.join(root, 'scripts', 'ps51', 'Find-Ps51Problems.ps1');
const CACHE = path.join(root, 'node_modules', '.cache', 'exwiz-ps51', 'results.json');
/** Folders whose scripts ship: the engine's, and the demo generator packaged beside them. */
const SCRIPT_FOLDERS = ['resources/powershell', 'lab/demo'];
/** Folders whose TypeScript sends or shows PowerShell. */
const SOURCE_FOLDERS = ['electron/engine', 'src-shared'];
// A subexpression: a value wherever the interpolation stands (argument, expression, "…", or before ':').
const PLACEHOLDER = '$($EXWIZVALUE)';

const relative = file => path.relative(root, file).split(path.sep).join('/');

function filesUnder(folder, test) {
  const out = [];
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) out.push(...filesUnder(full, test));
    else if (test(entry.name)) out.push(full);
  }
  return out.sort();
}

/** Every .ps1/.psm1 that ships. */
export function shippedScripts() {
  return SCRIPT_FOLDERS.flatMap(folder => filesUnder(path.join(root, folder), name => /\.(ps1|psm1)$/i.test(name)));
}

/** A string or template literal's text, `${...}` parts as a subexpression. */
function literalText(node) {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return node.head.text + node.templateSpans.map(span => PLACEHOLDER + span.literal.text).join('');
}

const isLiteral = node => ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node);

/**
 * The admin commands and engine `.invoke(` literals of one TypeScript file.
 * @returns {{ items: { label: string, line: number, text: string, fragment?: boolean }[], bypasses: string[] }}
 */
export function commandStringsOf(file, sourceText = readFileSync(file, 'utf8')) {
  const source = ts.createSourceFile(file, sourceText, ts.ScriptTarget.Latest, true);
  const declarations = new Map();
  const visitDeclarations = node => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) declarations.set(node.name.text, node.initializer);
    if (ts.isFunctionDeclaration(node) && node.name && node.body) declarations.set(node.name.text, node);
    ts.forEachChild(node, visitDeclarations);
  };
  visitDeclarations(source);

  const literals = new Set();
  const seen = new Set();
  const returnsOf = fn => {
    if (!ts.isBlock(fn.body)) return [fn.body];
    const found = [];
    const visit = node => {
      if (ts.isReturnStatement(node) && node.expression) found.push(node.expression);
      else if (!ts.isFunctionLike(node)) ts.forEachChild(node, visit);
    };
    ts.forEachChild(fn.body, visit);
    return found;
  };
  const collect = node => {
    if (!node || seen.has(node)) return;
    seen.add(node);
    if (isLiteral(node)) literals.add(node);
    else if (ts.isArrayLiteralExpression(node)) node.elements.forEach(collect);
    else if (ts.isSpreadElement(node) || ts.isParenthesizedExpression(node) || ts.isAsExpression(node)) collect(node.expression);
    else if (ts.isConditionalExpression(node)) [node.whenTrue, node.whenFalse].forEach(collect);
    else if (ts.isBinaryExpression(node)) [node.left, node.right].forEach(collect);
    else if (ts.isIdentifier(node)) collect(declarations.get(node.text));
    else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) collect(declarations.get(node.expression.text));
    else if (ts.isFunctionDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) returnsOf(node).forEach(collect);
  };

  const bypasses = [];
  const visit = node => {
    const named = n => n && (ts.isIdentifier(n) || ts.isStringLiteral(n)) && n.text === 'commands';
    if (ts.isPropertyAssignment(node) && named(node.name)) collect(node.initializer);
    else if (ts.isShorthandPropertyAssignment(node) && named(node.name)) collect(node.name);
    else if (ts.isVariableDeclaration(node) && named(node.name)) collect(node.initializer);
    else if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
      const { expression: target, name } = node.expression;
      if (name.text === 'push' && named(target)) node.arguments.forEach(collect);
      if (name.text === 'invoke' && node.arguments[0] && isLiteral(node.arguments[0])) {
        const line = source.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        bypasses.push(`${relative(file)}:${line}: command text sent to a shell without a builder in electron/engine/powershell/invocation.ts (the checker cannot see it)`);
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);

  const items = [...literals].map(node => ({
    label: relative(file),
    line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1,
    text: literalText(node),
    // One line of a block the admin pastes whole: a server guard opens a brace its block's last line closes.
    fragment: true,
  }));
  return { items, bypasses };
}

/** What the TypeScript sends or shows: engine command samples, the composed collector, admin commands. */
async function typeScriptStrings() {
  const invocation = path.join(root, 'electron/engine/powershell/invocation.ts');
  const { engineCommandSamples } = await importTypeScript(invocation);
  const items = engineCommandSamples().map(sample => ({ label: `${relative(invocation)} (${sample.name})`, line: 1, text: sample.text }));
  const collectorSource = path.join(root, 'electron/engine/collector/collector.ts');
  const { buildCollectorScript } = await importTypeScript(collectorSource, { define: { __dirname: JSON.stringify(path.join(root, 'electron', 'engine')) } });
  items.push({ label: `${relative(collectorSource)} (buildCollectorScript)`, line: 1, text: await buildCollectorScript(), parseOnly: true });
  const bypasses = [];
  for (const folder of SOURCE_FOLDERS) {
    for (const file of filesUnder(path.join(root, folder), name => name.endsWith('.ts') && !name.endsWith('.d.ts'))) {
      const found = commandStringsOf(file);
      items.push(...found.items);
      bypasses.push(...found.bypasses);
    }
  }
  return { items, bypasses };
}

/**
 * Runs the walker over the items with real pwsh.
 * @returns {{ checked: number, problems: { label: string, line: number, what: string }[] }}
 */
export function checkItems(items, pwsh = findPwsh()) {
  if (!pwsh) throw new Error('PowerShell 7 (pwsh) was not found: run "npm run ensure-pwsh" or set EXWIZ_PWSH.');
  const work = mkdtempSync(path.join(tmpdir(), 'exwiz-ps51-'));
  try {
    const request = path.join(work, 'request.json');
    writeFileSync(request, JSON.stringify({ table: TABLE, items }), 'utf8');
    const run = spawnSync(pwsh.path, ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', WALKER, '-RequestPath', request], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, TERM: 'dumb', POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off' },
    });
    const line = run.stdout.split(/\r?\n/).find(l => l.startsWith('{"checked"'));
    if (run.status !== 0 || !line) throw new Error(`The checker's PowerShell failed (exit ${run.status}):\n${run.stderr}${run.stdout}`);
    return JSON.parse(line);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * checkItems, skipping the items whose result is in the cache (same text, walker, table and
 * pwsh); the results of the items it walked are added to it.
 */
export function checkItemsCached(items, cacheFile = CACHE) {
  const pwsh = findPwsh();
  if (!pwsh) throw new Error('PowerShell 7 (pwsh) was not found: run "npm run ensure-pwsh" or set EXWIZ_PWSH.');
  const checker = createHash('sha256').update(readFileSync(WALKER)).update(readFileSync(TABLE)).update(pwsh.version).digest('hex');
  const keyOf = item => {
    const { label: _label, path: file, ...rest } = item;
    return createHash('sha256')
      .update(checker)
      .update(JSON.stringify(rest))
      .update(file ? readFileSync(file) : '')
      .digest('hex');
  };
  let cache = {};
  try {
    cache = JSON.parse(readFileSync(cacheFile, 'utf8'));
  } catch {
    // No cache yet (a clean clone) or an unreadable one: everything is walked.
  }
  const keys = items.map(keyOf);
  // Walked under its index (several strings of one TypeScript file share a label): each problem goes back to its item.
  const todo = items.flatMap((item, i) => (Object.hasOwn(cache, keys[i]) ? [] : [{ ...item, label: String(i) }]));
  const fresh = todo.length > 0 ? checkItems(todo, pwsh) : { checked: 0, problems: [] };
  // A label is the item's name in the report, not part of what was checked: results are kept per item without it.
  const next = {};
  const problems = [];
  items.forEach((item, i) => {
    const found = Object.hasOwn(cache, keys[i]) ? cache[keys[i]] : fresh.problems.filter(p => p.label === String(i)).map(({ line, what }) => ({ line, what }));
    next[keys[i]] = found;
    problems.push(...found.map(p => ({ label: item.label, ...p })));
  });
  // Kept beside what other runs (other files) left, until it grows past a few checkouts' worth.
  const kept = Object.keys(cache).length < 5000 ? { ...cache, ...next } : next;
  mkdirSync(path.dirname(cacheFile), { recursive: true });
  const temporary = `${cacheFile}.${process.pid}`;
  writeFileSync(temporary, JSON.stringify(kept), 'utf8');
  renameSync(temporary, cacheFile);
  return { checked: items.length, walked: fresh.checked, problems };
}

async function main(args) {
  let items;
  let bypasses = [];
  let summary;
  if (args.length > 0) {
    items = args.map(arg => {
      const file = path.resolve(arg);
      if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new Error(`There is no file at ${arg}.`);
      return { label: path.relative(process.cwd(), file) || file, path: file, line: 1 };
    });
  } else {
    const scripts = shippedScripts().map(file => ({ label: relative(file), path: file, line: 1 }));
    const strings = await typeScriptStrings();
    items = [...scripts, ...strings.items];
    bypasses = strings.bypasses;
    summary = `${scripts.length} scripts and ${strings.items.length} PowerShell strings from the TypeScript`;
  }
  const { checked, problems } = process.env.EXWIZ_PS51_CACHE === '0' ? checkItems(items) : checkItemsCached(items);
  const lines = [...problems.map(p => `${p.label}:${p.line}: ${p.what}`), ...bypasses];
  for (const line of lines) process.stdout.write(`${line}\n`);
  if (lines.length > 0) {
    process.stdout.write(`${lines.length} thing(s) Windows PowerShell 5.1 cannot run (checked ${checked}).\n`);
    return 1;
  }
  process.stdout.write(`Windows PowerShell 5.1: nothing found in ${summary ?? `${checked} file(s)`}.\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    code => process.exit(code),
    err => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exit(2);
    },
  );
}
