import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { openDatabase, type DbHandle } from '../../src/platform/db/connection.ts';
import { createDatabase, dropDatabase } from '../../src/platform/db/admin.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { importSources } from '../../src/platform/import/sources.ts';

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
    return undefined;
  }
  return path.resolve(dir);
}

let bundleTemplate: Promise<string> | undefined;

/**
 * A database holding the whole bundle. The import runs once per test process; each caller gets
 * its own copy, so tests may write to it.
 */
export async function openBundleDatabase(): Promise<DbHandle> {
  const dir = bundleDir();
  if (!dir) throw new Error('pas de lot de données (PASSERELLES_DATA_DIR)');
  bundleTemplate ??= buildTemplate(dir);
  return openTestDatabase(await bundleTemplate);
}

async function buildTemplate(dir: string): Promise<string> {
  const url = process.env.DATABASE_URL;
  if (!url) {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-bundle-'));
    const h = await openDatabase({ pgliteDir: folder });
    await runImport(h.db, dir, importSources);
    await h.close();
    process.on('exit', () => fs.rmSync(folder, { recursive: true, force: true }));
    return folder;
  }
  const name = `tpl_${crypto.randomBytes(6).toString('hex')}`;
  const h = await openDatabase({ databaseUrl: await createDatabase(url, name) });
  await runImport(h.db, dir, importSources);
  await h.close();
  return name;
}
