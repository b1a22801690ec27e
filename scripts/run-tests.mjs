// Runs every test/**/*.test.ts file with node's test runner (Node 20 does not expand globs itself).
// Extra arguments are passed on, e.g. `npm test -- --test-name-pattern=import`.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? find(join(dir, e.name)) : e.name.endsWith('.test.ts') ? [join(dir, e.name)] : [],
  );
}

// The web portal is served from its build: build it first so that page tests see the current code.
const build = spawnSync(process.execPath, ['node_modules/@react-router/dev/bin.js', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
if (build.status !== 0) process.exit(build.status ?? 1);

const args = process.argv.slice(2);
const files = args.some((a) => a.endsWith('.ts')) ? [] : find('test').sort();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', ...args, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
