import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';

export default [
  { ignores: ['**/dist/**', '**/node_modules/**', '**/*.js', '**/*.mjs', 'reports/**', '.nx/**', '.data/**', '.run/**', '.cache/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'error',
      // Apps never import each other; everything may import the contracts; only tests may use libs/testing.
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'type:contracts', onlyDependOnLibsWithTags: ['type:contracts'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:testing'] },
            { sourceTag: 'type:testing', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:testing'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:testing'] },
            { sourceTag: 'type:e2e', onlyDependOnLibsWithTags: ['type:contracts', 'type:infra', 'type:testing'] },
          ],
        },
      ],
    },
  },
  {
    // tests read loosely-typed JSON answers
    files: ['**/*.spec.ts', '**/test/**/*.ts', 'e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts', '**/test/**', 'e2e/**', 'libs/testing/**'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@gatehouse/testing'], message: 'libs/testing is for tests only.' }] },
      ],
    },
  },
  {
    // Deciders and evolvers are pure (time and ids are passed in, events and state come out): no I/O. Types from
    // the store or a repository may be named (`import type`), nothing that runs.
    files: ['**/*.decide.ts', '**/*.state.ts', '**/*.evolve.ts', 'libs/eventsourcing/src/decider/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@gatehouse/testing'], message: 'libs/testing is for tests only.' },
            {
              group: ['pg', 'pg-*', '@nestjs/*', 'typeorm', 'kafkajs', 'bullmq', 'ioredis', 'nodemailer', 'fastify', '@gatehouse/messaging', '@gatehouse/platform', 'node:*', 'fs', 'net', 'http', 'https', 'child_process'],
              message: 'deciders and evolvers are pure: no I/O (pass time and ids in; let the handler and the writer do the rest).',
            },
            {
              group: ['@gatehouse/eventsourcing', '**/*.repository', '**/*.writer', '**/*.service', '**/*.handler', '**/persistence/*'],
              allowTypeImports: true,
              message: 'deciders and evolvers are pure: only types (import type) from the store, repositories, writers, services or handlers.',
            },
          ],
        },
      ],
    },
  },
];
