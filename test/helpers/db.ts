import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { openDatabase } from '../../src/app/database.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { createDatabase, dropDatabase } from '../../src/platform/db/admin.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { importSources } from '../../src/app/modules.ts';
import { waitUntilReady } from './ready.ts';

/**
 * Tests run on PGlite (in memory) by default, and on the PostgreSQL server named by DATABASE_URL
 * when it is set: each test database is then a fresh database on that server, dropped at close.
 * `template` is a PGlite folder or a PostgreSQL database to start from.
 */
export async function openTestDatabase(template?: string): Promise<DbHandle> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    if (!template) return openDatabase({ pgliteDir: 'memory://' });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-db-'));
    fs.cpSync(template, dir, { recursive: true });
    const handle = await openDatabase({ pgliteDir: dir });
    return {
      ...handle,
      close: async () => {
        await handle.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `test_${crypto.randomBytes(6).toString('hex')}`;
  const handle = await openDatabase({ databaseUrl: await createDatabase(url, name, template) });
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await dropDatabase(url, name);
    },
  };
}

/** The bundle named by PASSERELLES_DATA_DIR; tests that need it skip without it, except in CI. */
export function bundleDir(): string | undefined {
  const dir = process.env.PASSERELLES_DATA_DIR;
  if (!dir) {
    if (process.env.CI) throw new Error('PASSERELLES_DATA_DIR doit désigner le lot de données en CI');
    announceSkip(
      'PASSERELLES_DATA_DIR n’est pas défini : les tests de ce fichier qui lisent le lot de données réel sont ignorés (ou faits sur le jeu d’exemple)',
    );
    return undefined;
  }
  return path.resolve(dir);
}

const announced = new Set<string>();

/**
 * Says loudly, on stderr, what this test file skips and why (once per reason and per process).
 * Lines start with « IGNORÉ » : scripts/test-reporter.mjs shows them as they come and again at
 * the end of `npm test`.
 */
export function announceSkip(reason: string): void {
  if (announced.has(reason)) return;
  announced.add(reason);
  const file = process.argv[1] ? path.relative(process.cwd(), process.argv[1]) : 'test';
  process.stderr.write(`IGNORÉ ${file} : ${reason}\n`);
}

/**
 * The bundle template built once for the whole `npm test` run by scripts/run-tests.mjs: a PGlite
 * folder, or a database of the DATABASE_URL server when that is set. Without it (a test file run
 * alone), the first openBundleDatabase() of the process imports the bundle itself.
 */
export const TEMPLATE_ENV = 'PASSERELLES_TEST_TEMPLATE';

let bundleTemplate: Promise<string> | undefined;

/**
 * A database holding the whole bundle, a copy of the run's template (or of one imported once per
 * test process): each caller gets its own copy, so tests may write to it.
 */
export async function openBundleDatabase(): Promise<DbHandle> {
  const dir = bundleDir();
  if (!dir) throw new Error('pas de lot de données (PASSERELLES_DATA_DIR)');
  bundleTemplate ??= runTemplate() ?? processTemplate(dir);
  return openTestDatabase(await bundleTemplate);
}

function runTemplate(): Promise<string> | undefined {
  const template = process.env[TEMPLATE_ENV];
  if (!template) return undefined;
  return waitUntilReady('PASSERELLES_TEST_TEMPLATE_READY').then(() => {
    if (!process.env.DATABASE_URL && !fs.existsSync(path.join(template, 'PG_VERSION'))) {
      throw new Error(`${TEMPLATE_ENV}=${template} : ce n’est pas un dossier PGlite (le modèle du lot a-t-il été supprimé ?)`);
    }
    return template;
  });
}

/** Imports the bundle once for this process, into a template removed when the process exits. */
async function processTemplate(dir: string): Promise<string> {
  process.stderr.write(`${TEMPLATE_ENV} absent : import du lot de données pour ce seul fichier de test\n`);
  const url = process.env.DATABASE_URL;
  const location = url ? `tpl_${crypto.randomBytes(6).toString('hex')}` : fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-bundle-'));
  if (!url) process.on('exit', () => fs.rmSync(location, { recursive: true, force: true }));
  else process.once('beforeExit', () => dropDatabase(url, location).catch(() => {}));
  await createBundleTemplate(dir, location);
  return location;
}

/**
 * Imports the bundle into a new template: `location` is a PGlite folder (created if needed), or,
 * when DATABASE_URL is set, the name of a database to create on that server.
 */
export async function createBundleTemplate(dir: string, location: string): Promise<void> {
  const url = process.env.DATABASE_URL;
  const h = url ? await openDatabase({ databaseUrl: await createDatabase(url, location) }) : await openDatabase({ pgliteDir: location });
  try {
    await runImport(h.db, dir, importSources);
  } finally {
    await h.close();
  }
}

/** A database for tests that run the CLI in a child process (see cliDatabase). */
export interface CliDatabase {
  /** Points a child process at it: PASSERELLES_DB (a PGlite folder) or DATABASE_URL. */
  env: Record<string, string>;
  /** Opens it in this process; on PGlite, close that handle before a child process runs. */
  open(): Promise<DbHandle>;
  drop(): Promise<void>;
}

/**
 * A database a child process can open: a PGlite folder, or a database of the DATABASE_URL server
 * when that is set; empty, or a copy of `template` (a PGlite folder or a database of that server).
 */
export async function cliDatabase(template?: string): Promise<CliDatabase> {
  const url = process.env.DATABASE_URL;
  if (url) {
    const name = `test_${crypto.randomBytes(6).toString('hex')}`;
    const databaseUrl = await createDatabase(url, name, template);
    return { env: { DATABASE_URL: databaseUrl }, open: () => openDatabase({ databaseUrl }), drop: () => dropDatabase(url, name) };
  }
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-cli-db-'));
  if (template) fs.cpSync(template, folder, { recursive: true });
  return {
    env: { PASSERELLES_DB: folder, DATABASE_URL: '' },
    open: () => openDatabase({ pgliteDir: folder }),
    drop: async () => fs.rmSync(folder, { recursive: true, force: true }),
  };
}

/** A copy of the whole bundle that a child process can open (see cliDatabase). */
export async function bundleCliDatabase(): Promise<CliDatabase> {
  const dir = bundleDir();
  if (!dir) throw new Error('pas de lot de données (PASSERELLES_DATA_DIR)');
  bundleTemplate ??= runTemplate() ?? processTemplate(dir);
  return cliDatabase(await bundleTemplate);
}

/** Removes a template made by createBundleTemplate (a PGlite folder or a database). */
export async function dropBundleTemplate(location: string): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (url) await dropDatabase(url, location);
  else fs.rmSync(location, { recursive: true, force: true });
}

// `node --import tsx test/helpers/db.ts template <location>`: what scripts/run-tests.mjs runs
// once before the tests (the bundle of PASSERELLES_DATA_DIR, the server of DATABASE_URL if set).
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href && process.argv[2] === 'template') {
  const dir = bundleDir();
  if (!dir) throw new Error('PASSERELLES_DATA_DIR doit désigner le lot de données');
  const location = process.argv[3];
  const started = Date.now();
  try {
    await createBundleTemplate(dir, location);
  } catch (error) {
    await dropBundleTemplate(location).catch(() => {});
    throw error;
  }
  process.stderr.write(`modèle du lot prêt en ${((Date.now() - started) / 1000).toFixed(0)} s : ${location}\n`);
}
