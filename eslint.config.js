// Lint for the TypeScript sources (type-aware, through tsconfig.json) and the public SDL in graphql/.
// `npm run lint` runs it; test/lint/eslint.test.ts runs the same config inside `npm test`.
import path from 'node:path';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import graphqlPlugin from '@graphql-eslint/eslint-plugin';

const root = import.meta.dirname;

export default defineConfig(
  {
    // Generated or produced by runs, never edited by hand.
    ignores: ['src/generated/**', 'dist/**', 'packages/*/dist/**', 'node_modules/**', 'coverage/**', 'test-output/**', '.demo-data/**'],
  },
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: root },
    },
    rules: {
      // A promise nobody awaits loses its rejection (an unhandled rejection ends the process).
      '@typescript-eslint/no-floating-promises': 'error',
      // An async callback where a void one is expected (event handlers, forEach, timers) drops its rejection.
      '@typescript-eslint/no-misused-promises': 'error',
      // Async methods that implement a promise-returning interface (backends, Apollo plugin hooks,
      // job drivers) are async without awaiting so that a throw becomes a rejection, as callers expect.
      '@typescript-eslint/require-await': 'off',
      // `const { secret: _s, ...rest } = row` is how a field is left out; tsc's noUnused* checks the rest.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // Rethrowing a caught value (or passing one on to an iterator's throw) keeps it as it was.
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingUnknown: true }],
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
    },
  },
  {
    // In src/, scripts/, web/ and the packages a condition must say what it tests when a value can be 0 or NaN (nullable
    // numbers and enums) or when it is `any`: `if (count)` hides the zero case. Nullable strings and
    // booleans stay allowed: `if (name)` treating '' like missing and `if (opt?.flag)` are the intent
    // throughout. Off in test/, where JSON responses are `any` and a wrong condition fails the test anyway.
    files: ['src/**/*.ts', 'scripts/**/*.ts', 'packages/*/src/**/*.ts', 'web/**/*.ts'],
    rules: {
      '@typescript-eslint/strict-boolean-expressions': ['error', {
        allowString: true, allowNumber: true, allowNullableObject: true,
        allowNullableBoolean: true, allowNullableString: true,
        allowNullableNumber: false, allowNullableEnum: false, allowAny: false,
      }],
    },
  },
  {
    // Tests and benchmarks read GraphQL answers as untyped JSON (`await res.json()`) and check them
    // with expect() or just time them; typing every response would add casts, not safety.
    files: ['test/**/*.ts', 'scripts/bench/**/*.ts', 'packages/*/test/**/*.ts', 'packages/*/bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  {
    // Plain JS/ESM files (this config, jest's config and global setup) run on Node outside tsconfig.json.
    files: ['**/*.{js,mjs,cjs}'],
    extends: [js.configs.recommended, tseslint.configs.disableTypeChecked],
    languageOptions: { globals: globals.node },
  },
  {
    // The public schema. sdl.ts concatenates every graphql/*.graphql file into one document, so each
    // file is linted against the schema built from all of them (types defined in another file resolve).
    files: ['graphql/*.graphql'],
    languageOptions: {
      parser: graphqlPlugin.parser,
      parserOptions: { graphQLConfig: { schema: path.join(root, 'graphql/*.graphql') } },
    },
    plugins: { '@graphql-eslint': graphqlPlugin },
    rules: {
      ...graphqlPlugin.configs['flat/schema-recommended'].rules,
      // One-line descriptions are "inline" and multi-line ones """block"""; the rule allows only one style.
      '@graphql-eslint/description-style': 'off',
      // Every root field (the documented entry points) must be described; types such as XConnection,
      // XEdge, XFilter and CreateXInput name themselves and are not required to. Root fields are selected
      // by their parent: the rule's own `rootField` option matches none when a schema has several root types.
      '@graphql-eslint/require-description': ['error', {
        FieldDefinition: true, DirectiveDefinition: true,
        ignoredSelectors: ['[parent.name.value!=/^(Query|Mutation|Subscription)$/]'],
      }],
      // Connections, edges, payloads, events and config objects are values without identity; giving them
      // an `id: ID!` would change the public API for clients.
      '@graphql-eslint/strict-id-in-types': 'off',
    },
  },
);
