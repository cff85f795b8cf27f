// Shared Jest settings. The tier (unit | int | e2e) picks the files by suffix:
// *.spec.ts (unit, no I/O), *.int.spec.ts (real services), *.e2e.spec.ts (whole suite).
const path = require('node:path');

const tiers = {
  unit: { match: ['**/*.spec.ts'], ignore: ['\\.int\\.spec\\.ts$', '\\.e2e\\.spec\\.ts$'], timeout: 5_000 },
  int: { match: ['**/*.int.spec.ts'], ignore: [], timeout: 60_000 },
  e2e: { match: ['**/*.e2e.spec.ts'], ignore: [], timeout: 120_000 },
};

module.exports = function preset(projectDir) {
  const tier = tiers[process.env.GATEHOUSE_TEST_TIER || 'unit'];
  if (!tier) throw new Error(`GATEHOUSE_TEST_TIER must be one of ${Object.keys(tiers).join(', ')}`);
  const root = __dirname;
  return {
    rootDir: projectDir,
    displayName: path.relative(root, projectDir),
    testEnvironment: 'node',
    testMatch: tier.match,
    testPathIgnorePatterns: ['/node_modules/', '/dist/', ...tier.ignore],
    testTimeout: tier.timeout,
    transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: path.join(root, 'tsconfig.spec.json') }] },
    moduleFileExtensions: ['ts', 'js', 'json'],
    moduleNameMapper: { '^@gatehouse/([a-z-]+)$': path.join(root, 'libs/$1/src/index.ts') },
    setupFiles: ['reflect-metadata'],
  };
};
