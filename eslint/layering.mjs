// The layering rule: which folder may import which. A folder is a layer; each
// layer lists the layers it may import (it may always import itself), so an
// upward import, e.g. src-shared/domain importing src-shared/knowledge or the
// engine importing the CLI, is a lint error. Modelled on VS Code's
// code-layering rule. Only relative imports are layers; packages are not.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const DOMAIN = 'src-shared/domain';
const KNOWLEDGE = 'src-shared/knowledge';
const ANALYSIS = 'src-shared/analysis';
const ASSESSMENT = 'src-shared/assessment';
const WIZARD = 'src-shared/wizard';
const REPORT = 'src-shared/report';
const IPC = 'src-shared/ipc';
/** Every layer of src-shared, lowest first: each may import only those before it. */
const SHARED = [DOMAIN, KNOWLEDGE, ANALYSIS, ASSESSMENT, WIZARD, REPORT, IPC];

/** Layer → the layers it may import besides itself. The longest matching folder decides a file's layer. */
export const LAYERS = {
  ...Object.fromEntries(SHARED.map((layer, i) => [layer, SHARED.slice(0, i)])),
  // The engine serves every transport; it never imports one of them.
  'electron/engine': SHARED,
  'electron/bridge': [...SHARED, 'electron/engine'],
  'electron/main': [...SHARED, 'electron/engine', 'electron/bridge'],
  'electron/cli': [...SHARED, 'electron/engine', 'electron/bridge'],
  // The sandboxed preload is one small bundle: the channel names and nothing else.
  'electron/preload': [IPC],
  // The renderer reaches the engine only through the API object, never by importing it.
  'renderer/src/api': SHARED,
  'renderer/src/store': [...SHARED, 'renderer/src/api'],
  'renderer/src/components': [...SHARED, 'renderer/src/api', 'renderer/src/store'],
  'renderer/src/steps': [...SHARED, 'renderer/src/api', 'renderer/src/store', 'renderer/src/components', 'renderer/src/verification'],
  // App.tsx, main.tsx and verification.ts: the top, which puts the steps together.
  'renderer/src': [...SHARED, 'renderer/src/api', 'renderer/src/store', 'renderer/src/components', 'renderer/src/steps'],
};

const ordered = Object.keys(LAYERS).sort((a, b) => b.length - a.length);

/** The layer a repository-relative path belongs to, or null for files outside every layer. */
export function layerOf(relative) {
  const p = relative.split(path.sep).join('/');
  return ordered.find(layer => p === layer || p.startsWith(`${layer}/`) || p.startsWith(`${layer}.`)) ?? null;
}

/** Whether a file of layer `from` may import the file at `resolved` (layer `target`); an entry may name a single file. */
function allowed(from, target, resolved) {
  if (from === target) return true;
  return LAYERS[from].some(entry => target === entry || resolved === entry || resolved.startsWith(`${entry}.`));
}

/** @type {import('eslint').Rule.RuleModule} */
const allowedImports = {
  meta: {
    type: 'problem',
    docs: { description: 'A layer imports only the layers below it (eslint/layering.mjs).' },
    messages: { upward: '{{from}} may not import {{target}}: it may import {{allowed}}. Move the shared code down a layer.' },
    schema: [],
  },
  create(context) {
    const file = path.relative(ROOT, context.filename);
    const from = layerOf(file);
    if (from === null) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const resolved = path
        .relative(ROOT, path.resolve(path.dirname(context.filename), source))
        .split(path.sep)
        .join('/');
      const target = layerOf(resolved);
      if (target === null || allowed(from, target, resolved)) return;
      context.report({ node, messageId: 'upward', data: { from, target, allowed: LAYERS[from].length ? LAYERS[from].join(', ') : 'nothing but itself' } });
    };
    return {
      ImportDeclaration: node => check(node.source, node.source.value),
      ExportNamedDeclaration: node => node.source && check(node.source, node.source.value),
      ExportAllDeclaration: node => check(node.source, node.source.value),
      ImportExpression: node => node.source.type === 'Literal' && check(node.source, node.source.value),
      TSImportType: node => {
        const literal = node.argument?.literal ?? node.argument;
        if (literal?.type === 'Literal') check(literal, literal.value);
      },
    };
  },
};

export const layering = { rules: { 'allowed-imports': allowedImports } };
