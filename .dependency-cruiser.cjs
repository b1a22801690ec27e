/**
 * The floors of the house (docs/architecture.md), checked by `npm run lint:deps` in CI.
 * Capabilities stand in one order and import only lower ones; `src/platform` (the ground) and
 * `src/common` (pure code the portal shares) import no capability; `src/app` alone names them all;
 * the portal reads contracts as types and `src/common`, nothing else of `src/`.
 */
const ORDER = ['identity', 'territories', 'referentials', 'labour-market', 'trainings', 'views', 'guidance', 'apprenticeship', 'agenda', 'recruitment', 'counselling', 'steering', 'exchange'];
const CAPABILITY = `(${ORDER.join('|')})`;

/** Each capability may not import the ones above it. */
const orderRules = ORDER.slice(0, -1).map((name, i) => ({
  name: `order-${name}`,
  comment: `${name} stands below ${ORDER.slice(i + 1).join(', ')}: it may not import them`,
  severity: 'error',
  from: { path: `^src/${name}/` },
  to: { path: `^src/(${ORDER.slice(i + 1).join('|')})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'An import cycle ties two modules into one: break it by moving the shared part down.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'ground-imports-no-capability',
      comment: 'src/platform is the ground: config, log, errors, db, the import kit, http helpers.',
      severity: 'error',
      from: { path: '^src/platform/' },
      to: { path: `^src/(${CAPABILITY.slice(1, -1)}|app)/` },
    },
    {
      name: 'common-is-pure',
      comment: 'src/common is shared with the portal: no capability, no platform, no Node built-in.',
      severity: 'error',
      from: { path: '^src/common/' },
      to: { pathNot: '^src/common/' },
    },
    {
      name: 'only-app-names-all',
      comment: 'src/app is the composition root: nothing in src/ imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/app/' },
      to: { path: '^src/app/' },
    },
    ...orderRules,
    {
      name: 'portal-reads-contracts-only',
      comment: 'The portal imports from src/ only the contracts (as types; a capability made of parts may have one per part, <part>-contract.ts) and src/common.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: ['^src/common/', '^src/[^/]+/contract\\.ts$', '^src/[^/]+/[a-z]+-contract\\.ts$'] },
    },
    {
      name: 'portal-contracts-as-types',
      comment: 'A contract reaches the portal as types only: no server code in the page bundles.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: ['^src/[^/]+/contract\\.ts$', '^src/[^/]+/[a-z]+-contract\\.ts$'], dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
