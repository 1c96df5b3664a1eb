// Lint rules that hold the architecture in place, not just style:
// - src-shared/ stays pure (no electron, no Node built-ins);
// - the renderer never imports electron or Node;
// - only electron/main/ipc-main.ts and the preload touch ipcMain/ipcRenderer;
// - every folder imports only the layers below it (eslint/layering.mjs).
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import { layering } from './eslint/layering.mjs';

// Bare names are matched exactly (paths); "node:*" as a pattern. Patterns with
// bare names would also match local files such as ./checks/os.
const nodeBuiltinNames = ['fs', 'fs/promises', 'path', 'os', 'child_process', 'http', 'https', 'net', 'crypto', 'stream', 'url', 'util', 'events', 'buffer', 'zlib'];
const builtinPaths = message => nodeBuiltinNames.map(name => ({ name, message }));

export default tseslint.config(
  { ignores: ['out/**', 'release/**', 'node_modules/**', '.tools/**', 'test-results/**', 'e2e/artifacts/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', importNames: ['ipcMain', 'ipcRenderer'], message: 'Only electron/main/ipc-main.ts and the preload talk to IPC directly.' }],
        },
      ],
    },
  },
  {
    files: ['src-shared/**/*.ts', 'electron/**/*.ts', 'renderer/**/*.{ts,tsx}'],
    plugins: { layering },
    rules: { 'layering/allowed-imports': 'error' },
  },
  {
    files: ['electron/main/ipc-main.ts', 'electron/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src-shared/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'src-shared is pure: no electron.' }, ...builtinPaths('src-shared is pure: no Node built-ins.')],
          patterns: [{ group: ['node:*'], message: 'src-shared is pure: no Node built-ins.' }],
        },
      ],
    },
  },
  {
    files: ['renderer/**'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer talks to the engine only through window.exwiz (src-shared/ipc/contract.ts).' }, ...builtinPaths('The renderer has no Node.')],
          patterns: [{ group: ['node:*'], message: 'The renderer has no Node.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
