// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.cache/**', 'out/**', 'coverage/**'] },
  js.configs.recommended,
  {
    files: ['**/*.ts'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { project: ['./tsconfig.check.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // An unawaited promise in a Kafka handler commits an offset before the work is done.
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/consistent-type-assertions': [
        'error',
        { assertionStyle: 'as', objectLiteralTypeAssertions: 'never' },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    // Only the Kafka runtime talks to kafkajs; everything else goes through it.
    files: ['services/**/*.ts', 'shared/!(kafka)/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'kafkajs', message: 'use @kindly/kafka' }] },
      ],
    },
  },
  {
    // Domain logic is pure: no broker, database, provider or template engine, no adapters.
    files: ['services/*/src/domain/**/*.ts', 'shared/rules/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                'kafkajs',
                'mongodb',
                'twilio',
                'nodemailer',
                'handlebars',
                'pdfkit',
                'fastify',
              ],
              message: 'domain/ is pure: use a port.',
            },
            { group: ['@kindly/kafka', '@kindly/mongo'], message: 'domain/ is pure: use a port.' },
            {
              group: ['**/entry-points/**', '**/data-access/**', '**/channels/**'],
              message: 'domain/ must not depend on adapters.',
            },
          ],
        },
      ],
    },
  },
  {
    // Test doubles implement async interfaces without always awaiting anything.
    files: ['**/*.test.ts'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  {
    // The web console: a browser bundle with its own tsconfig (JSX, DOM), outside the root build.
    files: ['services/console/**/*.{ts,tsx}'],
    extends: [...tseslint.configs.recommendedTypeChecked],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: {
      globals: { ...globals.browser },
      parserOptions: {
        project: ['./services/console/tsconfig.json'],
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  prettier,
);
