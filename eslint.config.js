// Lint runs inside `npm test` (npm run lint), so CI fails on a violation.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX } from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['node_modules/', '.output/', '.output-e2e/', '.wxt/', '.e2e-tmp/', '.demo-profile/', '.server-data/', 'e2e/fixtures/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,js,mjs}'],
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    plugins: { 'import-x': importX, 'react-hooks': reactHooks },
    settings: {
      'import-x/resolver-next': [createTypeScriptImportResolver({ alwaysTryTypes: true })],
      'import-x/extensions': ['.ts', '.tsx', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
    },
    rules: {
      ...reactHooks.configs.recommended.rules,
      // A cycle makes "where does X live?" unanswerable and breaks module init order.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    // zod's length checks throw on some values JSON carries: input from elsewhere is parsed by safeParseOf, which
    // refuses them by their field.
    files: ['**/*.{ts,tsx}'],
    ignores: ['lib/core/parse.ts', 'test/**/*.ts', '**/*.test.{ts,tsx}', '**/*.e2e.ts', 'scripts/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "CallExpression[callee.property.name='safeParse']", message: 'Parse with safeParseOf (lib/core/parse.ts), which never throws.' },
      ],
    },
  },
  {
    // Test helpers read HTTP bodies of any shape on purpose: that is what they test.
    files: ['test/**/*.ts', '**/*.test.ts', '**/*.e2e.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
