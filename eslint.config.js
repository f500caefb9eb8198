import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  {
    ignores: [
      'dist/',
      'node_modules/',
      'watchfloor-data/',
      'coverage/',
      'data/',
      'bench/results/',
      'eval/results/',
      'eval/results.json',
      'models/',
      'tmp/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'off',
    },
  },
  {
    // The analyzer looks words of untrusted text up in dictionaries: `word in OBJECT` and `OBJECT[word]` are
    // true for "constructor", "toString" or "__proto__" (issue 15). Dictionaries are Maps and Sets, or
    // Object.create(null) read with Object.hasOwn.
    files: ['src/understand/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "BinaryExpression[operator='in']",
          message:
            'No `in` in the analyzer: it sees Object.prototype ("constructor" in {} is true). Use a Map or Set, or Object.hasOwn.',
        },
      ],
    },
  },
  {
    // The web app runs in the browser.
    files: ['src/web/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'warn',
    },
  },
);
