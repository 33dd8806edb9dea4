// @ts-check
const ts = require('typescript');
const { createCjsPreset } = require('jest-preset-angular/presets');

/**
 * The path aliases of tsconfig.json (`@plantar/protocol`, the server's shared close codes) as
 * Jest module mappings, read from the one place they are declared.
 * @returns {Record<string, string>}
 */
function aliasesFromTsconfig() {
  const { config, error } = ts.readConfigFile(`${__dirname}/tsconfig.json`, ts.sys.readFile);
  if (error) throw new Error(ts.flattenDiagnosticMessageText(error.messageText, '\n'));
  /** @type {Record<string, string[]>} */
  const paths = config.compilerOptions.paths ?? {};
  const escape = (/** @type {string} */ s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return Object.fromEntries(
    Object.entries(paths).map(([alias, [target]]) => [`^${escape(alias)}$`, `<rootDir>/${target}`]),
  );
}

/** @type {import('jest').Config} */
module.exports = {
  ...createCjsPreset({ tsconfig: '<rootDir>/tsconfig.spec.json' }),
  displayName: 'client',
  rootDir: __dirname,
  roots: ['<rootDir>/src'],
  moduleNameMapper: aliasesFromTsconfig(),
  setupFilesAfterEnv: ['<rootDir>/src/setup-jest.ts'],
  // ECharts and zrender ship ESM only: let ts-jest transform them.
  transformIgnorePatterns: ['node_modules/(?!.*\\.mjs$|echarts|zrender|ngx-echarts|tslib)'],
  testMatch: ['<rootDir>/src/**/*.spec.ts'],
  collectCoverageFrom: ['src/app/**/*.ts', '!src/app/graphql/generated.ts'],
};
