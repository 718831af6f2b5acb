// ESLint (flat config): typescript-eslint's recommended rules for the whole
// monorepo, with formatting left to Prettier (eslint-config-prettier).
// Run with `npm run lint`; `.ci/run` runs it before the tests.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/node_modules/**', 'dist/**', 'coverage/**', '.jest-cache/**', '.harbour/**', 'apps/web/src/gql/**', 'apps/web/dist/**', '**/*.d.ts'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // GraphQL results and JSON from the wire are typed loosely in tests and at boundaries.
      '@typescript-eslint/no-explicit-any': 'off',
      // CommonJS scripts (scripts/*.js, jest config) use require by design.
      '@typescript-eslint/no-require-imports': 'off',
    },
  },
  {
    files: ['apps/web/src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
  },
  {
    files: ['apps/web/public/sw.js'],
    languageOptions: { globals: { ...globals.serviceworker } },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
