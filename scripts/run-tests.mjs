// Runs every test/**/*.test.ts file with node's test runner (Node 20 does not expand globs itself).
// Extra arguments are passed on, e.g. `npm test -- --test-name-pattern=import`, or test files:
// `npm test -- test/platform/http.test.ts`.
//
// What every test file would otherwise do again is done once, side by side:
// - the portal's build, into a folder of the run (PASSERELLES_WEB_BUILD_DIR) that another build
//   of the tree (`npm start`, another test run) cannot replace under the tests' feet;
// - with PASSERELLES_DATA_DIR, the bundle's import into a template (PASSERELLES_TEST_TEMPLATE): a
//   PGlite folder, or a database of the DATABASE_URL server, that each test file copies
//   (test/helpers/db.ts openBundleDatabase), waiting for it if it is still being imported: the
//   other files run meanwhile. Only when the whole suite runs: a few named files import the
//   bundle themselves, if they need it.
// Both are removed at the end of the run.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';

const ROOT = path.resolve(import.meta.dirname, '..');
process.chdir(ROOT);

function find(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? find(path.join(dir, e.name)) : e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []));
}

const args = process.argv.slice(2);
// PASSERELLES_BROWSER_TESTS=0 leaves out the portal's browser tests (test/web/): CI runs them in
// its PostgreSQL phase only, as they test pages, not the database under them (docs/decisions/0006).
const browserTests = process.env.PASSERELLES_BROWSER_TESTS !== '0';
const files = args.some((a) => a.endsWith('.ts'))
  ? []
  : find('test')
      .filter((f) => browserTests || !f.startsWith('test/web/'))
      .sort();

const started = Date.now();
const seconds = (since) => `${((Date.now() - since) / 1000).toFixed(0)} s`;
const say = (line) => process.stderr.write(`${line}\n`);

const children = new Set();
const cleanups = [];
async function cleanUp() {
  for (const step of cleanups.splice(0).reverse()) {
    try {
      await step();
    } catch (error) {
      say(`nettoyage incomplet : ${error.message}`);
    }
  }
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    for (const child of children) child.kill(signal);
    await cleanUp();
    process.exit(130);
  });
}

/** Runs a command to its end; resolves with its exit code. */
function run(command, argv, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, argv, options);
    children.add(child);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      children.delete(child);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

async function main() {
  const env = { ...process.env };
  // Every JSON answer of an /api route is checked against its declared schema (response-check.ts).
  env.PASSERELLES_CHECK_RESPONSES ??= '1';

  // Say first what will not be tested here.
  if (!env.PASSERELLES_DATA_DIR) {
    say(
      'IGNORÉ : PASSERELLES_DATA_DIR n’est pas défini : les tests sur le lot de données réel (imports, portail dans un navigateur, métiers proches, parcours…) seront ignorés',
    );
  }
  const chromium = env.PASSERELLES_CHROMIUM || '/usr/bin/chromium';
  if (!browserTests) say('IGNORÉ : PASSERELLES_BROWSER_TESTS=0 : les tests du portail dans un navigateur (test/web/) ne sont pas lancés');
  else if (!fs.existsSync(chromium)) say(`IGNORÉ : Chromium absent (${chromium}) : les tests du portail dans un navigateur seront ignorés`);

  // The portal build.
  fs.mkdirSync('build', { recursive: true });
  const webDir = fs.mkdtempSync(path.join(ROOT, 'build', 'test-web-'));
  cleanups.push(() => fs.rmSync(webDir, { recursive: true, force: true }));
  env.PASSERELLES_WEB_BUILD_DIR = webDir;
  // Where the preparations say they are done (see settle).
  const markers = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-ready-'));
  cleanups.push(() => fs.rmSync(markers, { recursive: true, force: true }));
  const buildStart = Date.now();
  const build = settle(
    'PASSERELLES_WEB_BUILD_READY',
    'build-ready',
    run(process.execPath, ['node_modules/@react-router/dev/bin.js', 'build'], { env, stdio: ['ignore', 'ignore', 'inherit'] }).then(
      (code) => {
        if (code !== 0) throw new Error(`react-router build a échoué (code ${code})`);
        say(`portail construit en ${seconds(buildStart)}`);
      },
    ),
  );

  // The bundle template. The tests start at once: the files that request pages or read the
  // template wait for them (test/helpers/ready.ts) and come last, so that both cores work meanwhile.
  let template = Promise.resolve(null);
  if (env.PASSERELLES_DATA_DIR && files.length && !env.PASSERELLES_TEST_TEMPLATE) {
    const url = env.DATABASE_URL;
    const location = url
      ? `tpl_run_${crypto.randomBytes(6).toString('hex')}`
      : fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-template-'));
    cleanups.push(() => (url ? dropDatabase(url, location) : fs.rmSync(location, { recursive: true, force: true })));
    env.PASSERELLES_TEST_TEMPLATE = location;
    say(`import du lot ${env.PASSERELLES_DATA_DIR} dans un modèle pour tous les fichiers de test (${url ? 'PostgreSQL' : 'PGlite'})`);
    template = settle(
      'PASSERELLES_TEST_TEMPLATE_READY',
      'template-ready',
      run(process.execPath, ['--import', 'tsx', 'test/helpers/db.ts', 'template', location], {
        env,
        stdio: ['ignore', 'ignore', 'inherit'],
      }).then((code) => {
        if (code !== 0) throw new Error(`import du lot dans le modèle impossible (code ${code})`);
      }),
    );
  }

  /**
   * Writes a preparation's outcome where the waiting test files read it (`ok`, or why it failed),
   * named by `variable`; resolves with its error, or null.
   */
  function settle(variable, name, work) {
    const marker = path.join(markers, name);
    env[variable] = marker;
    return work
      .then(
        () => null,
        (error) => error,
      )
      .then((error) => {
        fs.writeFileSync(`${marker}.tmp`, error ? error.message : 'ok');
        fs.renameSync(`${marker}.tmp`, marker);
        return error;
      });
  }

  // Two cores here and in CI: node's default (cores - 1) would run the files one at a time, while
  // many of them wait on PostgreSQL, Chromium or the disk.
  const options = [];
  if (!args.some((a) => a.startsWith('--test-concurrency'))) options.push(`--test-concurrency=${env.PASSERELLES_TEST_CONCURRENCY || 2}`);
  if (!args.some((a) => a.startsWith('--test-reporter'))) {
    options.push(
      `--test-reporter=${process.stdout.isTTY ? 'spec' : 'tap'}`,
      '--test-reporter-destination=stdout',
      `--test-reporter=${pathToFileURL(path.join(ROOT, 'scripts/test-reporter.mjs')).href}`,
      '--test-reporter-destination=stderr',
    );
  }
  const testsStart = Date.now();
  const code = await run(process.execPath, ['--import', 'tsx', '--test', ...options, ...args, ...ordered(files)], {
    env,
    stdio: 'inherit',
  });
  for (const error of await Promise.all([build, template])) if (error) throw error;
  say(`tests : ${seconds(testsStart)} ; npm test en tout : ${seconds(started)}`);
  return code;
}

/**
 * The files that wait for nothing first (they run while the portal is built and the template
 * imported), then the ones that request pages, then the ones that read the template, the browser
 * tests (the longest) first among them.
 */
function ordered(list) {
  const text = new Map(list.map((f) => [f, fs.readFileSync(f, 'utf8')]));
  const template = list.filter((f) => /openBundleDatabase|bundleCliDatabase|startPortal\(/.test(text.get(f)));
  const pages = list.filter((f) => !template.includes(f) && /webBuildReady|startBarePortal\(/.test(text.get(f)));
  const web = template.filter((f) => f.startsWith('test/web/'));
  const first = list.filter((f) => !template.includes(f) && !pages.includes(f));
  return [...first, ...pages, ...web, ...template.filter((f) => !web.includes(f))];
}

async function dropDatabase(url, name) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}

let status = 1;
try {
  status = await main();
} catch (error) {
  say(error.message);
} finally {
  for (const child of children) child.kill();
  await cleanUp();
}
process.exit(status);
