/** Jest runs the TypeScript sources as ESM through ts-jest (see docs/prisma-offline notes). */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/packages/engine/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // The engine package from its sources, as tsconfig.json's `paths` (its exports point at dist/).
    '^@mmg/engine$': '<rootDir>/packages/engine/src/index.ts',
    '^@mmg/engine/io$': '<rootDir>/packages/engine/src/io/index.ts',
  },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: { warnOnly: false } }],
  },
  globalSetup: '<rootDir>/test/support/global-setup.mjs',
  globalTeardown: '<rootDir>/test/support/global-teardown.mjs',
  testTimeout: 30000,
};
