// The linter holds the architecture (docs/ARCHITECTURE.md "Processes and folders"), as GitHub Desktop's
// .eslintrc.yml does with no-restricted-imports: which folder may import what.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ELECTRON_ONLY_IN_GLUE = {
  name: 'electron',
  message: 'Only main/electron/ and preload/ may import electron: the core and the renderer run without it (tests, browser mode).',
};
const NODE_BUILTINS = { group: ['node:*'], message: 'This code runs in the renderer (or every process): no Node built-ins.' };
const DOM_GLOBALS = ['window', 'document', 'navigator', 'localStorage', 'sessionStorage', 'location', 'MediaRecorder', 'HTMLElement'].map((name) => ({
  name,
  message: 'main/core and common/ run in Node (and common/ everywhere): no DOM. Pass what is needed in.',
}));

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'test-output/', 'bench/results/', 'tests/e2e/page-scripts/', 'bench/*-page.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      'no-restricted-imports': ['error', { paths: [ELECTRON_ONLY_IN_GLUE] }],
    },
  },
  {
    // The Electron glue: electron, but raw ipcMain only in the one module that registers the contract.
    files: ['main/electron/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              importNames: ['ipcMain'],
              message: 'ipcMain only in main/electron/register-ipc.ts: it registers exactly the contract’s channels.',
            },
          ],
        },
      ],
    },
  },
  { files: ['main/electron/register-ipc.ts'], rules: { 'no-restricted-imports': 'off' } },
  {
    // The preload: electron, but raw ipcRenderer reaches only build-api.ts, as a parameter.
    files: ['preload/**/*.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['main/core/**/*.ts', 'main/browser-mode/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...DOM_GLOBALS],
      'no-restricted-imports': [
        'error',
        {
          paths: [ELECTRON_ONLY_IN_GLUE],
          patterns: [
            {
              group: ['**/renderer/**', '**/preload/**', '**/electron/**'],
              message: 'The core never reaches into the renderer, the preload or the Electron glue.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['common/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...DOM_GLOBALS],
      'no-restricted-imports': [
        'error',
        {
          paths: [ELECTRON_ONLY_IN_GLUE],
          patterns: [
            NODE_BUILTINS,
            { group: ['**/main/**', '**/renderer/**', '**/preload/**'], message: 'common/ is shared by every process: it imports none of them.' },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [ELECTRON_ONLY_IN_GLUE],
          patterns: [
            NODE_BUILTINS,
            { group: ['**/main/**', '**/preload/**'], message: 'The renderer reaches main only through the contract (renderer/main-api.ts).' },
          ],
        },
      ],
    },
  },
  {
    files: ['tests/**/*.ts', 'bench/**/*.ts', 'scripts/**/*.mjs', 'tests/**/*.mjs'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      // The stand-in electron module is what the tests of the glue import.
      'no-restricted-imports': 'off',
      // Benchmarks set figures before a try and read them after it, on purpose.
      'no-useless-assignment': 'off',
    },
  },
);
