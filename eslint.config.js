// Lint is "error" or "off", never "warn". Module boundaries (docs/architecture.md) are enforced
// here with no-restricted-imports, so a wrong import fails `npm test`.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const DOMAINS = 'articles|authors|sections|topics|pages|settings|content-keys|content-api|rich-text|site|cli|demo|media|users|audit|mail|admin-api|feeds|page-cache|interchange|related|trending|collections|search|reactions|comments|readers|imports|archive|cluster';
const otherDomainInternals = {
  regex: `^\\.\\./(${DOMAINS})/(?!index\\.js$)`,
  message: 'Import another module through its index.ts only.',
};
const storageLibraries = {
  group: ['kysely', 'better-sqlite3', 'pg'],
  message: 'SQL belongs in *-store.ts files and platform/db.',
};

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'coverage/', 'bench/.out/', 'admin/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      'no-console': 'off',
      eqeqeq: ['error', 'always'],
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    ignores: ['src/platform/db/migrations/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: `(^|/)(${DOMAINS})/`, message: 'platform/ knows nothing about news: it must not import domain modules.' }, { regex: '(^|/)app(-services)?\\.js$', message: 'platform/ must not import the composition root.' }] }],
    },
  },
  {
    files: ['src/platform/db/migrations/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-imports': ['error', { patterns: [{ regex: '^\\.', message: 'Migrations are frozen in time: import only kysely, never app code.' }] }],
    },
  },
  {
    files: ['src/{articles,authors,sections,topics,pages,settings,content-keys,rich-text,media,users,audit,mail,related,trending,collections,search,reactions,comments,readers}/**/*.ts'],
    ignores: ['src/**/*-store.ts', 'src/**/*.test.ts', 'src/**/*-routes.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [otherDomainInternals, storageLibraries, { group: ['fastify', '@fastify/*'], message: 'Domain services and rules do not know about HTTP.' }] }],
    },
  },
  {
    files: ['src/**/*-store.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '-store\\.js$', message: 'A store must not use another store.' }, otherDomainInternals] }],
    },
  },
  {
    files: ['src/**/*-routes.ts', 'src/content-api/**/*.ts', 'src/feeds/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '-store\\.js$', message: 'Routes call services, never stores.' }, storageLibraries, otherDomainInternals] }],
    },
  },
  {
    files: ['src/site/**/*.ts'],
    ignores: ['src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '-store\\.js$', message: 'The reader site reads through services.' }, storageLibraries, otherDomainInternals] }],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'src/demo/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '-routes\\.js$', message: 'The CLI uses services, not routes.' }, otherDomainInternals] }],
    },
  },
  {
    // Migrations see the schema as it was then, not as tables.ts says now.
    files: ['src/platform/db/migrate.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
