/**
 * Restore drill: a database with the built-in sample and an account is backed up while it is open,
 * changed, then restored; the restored database equals the backed-up one and the account signs in.
 * Damaged files, a backup of the other kind or of a newer Passerelles, and a restore over data
 * without --force are refused in French and leave the database as it was. Runs on PGlite, and on
 * PostgreSQL (pg_dump / pg_restore) when DATABASE_URL is set.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import { cliDatabase, type CliDatabase } from '../helpers/db.ts';
import { ensureData } from '../../src/app/data.ts';
import { openDatabase } from '../../src/app/database.ts';
import { migrations } from '../../src/app/modules.ts';
import { backup, BackupError, backupInto, pgEnv, readManifest, restore } from '../../src/platform/db/backup.ts';
import { identityDb } from '../../src/identity/db.ts';
import { acceptInvitation, createStructure, invite, signIn } from '../../src/identity/accounts.ts';

const CLI = fileURLToPath(new URL('../../bin/passerelles.js', import.meta.url));
const PASSWORD = 'cheval agrafe pile correcte';
const EMAIL = 'dominique.sauvegarde@exemple.fr';
const onPostgres = !!process.env.DATABASE_URL;
const knownMigrations = Object.keys(migrations);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-backup-'));
let database: CliDatabase;
let config: { databaseUrl?: string; pgliteDir?: string };
let backedUp: Snapshot;
let changed: Snapshot;
const file = path.join(work, 'passerelles.sauvegarde');

interface Snapshot {
  counts: Record<string, number>;
  accounts: unknown[];
  files: unknown[];
  occupations: unknown[];
}

/** Row counts of every table, and a few rows of the account, import and occupation tables. */
// biome-ignore lint/suspicious/noExplicitAny: every table of the schema
async function snapshot(db: Kysely<any>): Promise<Snapshot> {
  const { rows } = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely_migration%' ORDER BY table_name`.execute(
    db,
  );
  const counts: Record<string, number> = {};
  for (const { name } of rows) {
    const r = await sql<{ n: number }>`SELECT count(*)::int AS n FROM ${sql.table(name)}`.execute(db);
    counts[name] = r.rows[0].n;
  }
  return {
    counts,
    accounts: await db.selectFrom('account').select(['id', 'email', 'display_name', 'roles', 'password_hash']).orderBy('id').execute(),
    files: await db.selectFrom('import_file').select(['source', 'file', 'rows_read', 'inserted']).orderBy('file').execute(),
    occupations: (await sql`SELECT * FROM rome_fiche ORDER BY 1 LIMIT 3`.execute(db).catch(() => ({ rows: [] }))).rows,
  };
}

async function current(): Promise<Snapshot> {
  const h = await database.open();
  try {
    return await snapshot(h.db);
  } finally {
    await h.close();
  }
}

/**
 * A copy of the backup whose manifest is changed by `edit`; with `cut`, its payload is cut short
 * and the manifest's size and checksum made to match (a damage the checksum cannot see).
 */
async function withManifest(name: string, edit: (m: Record<string, unknown>) => void, cut?: number): Promise<string> {
  const { manifest, offset } = await readManifest(file);
  const m = { ...manifest } as Record<string, unknown>;
  let payload = fs.readFileSync(file).subarray(offset);
  if (cut) {
    payload = payload.subarray(0, payload.length - cut);
    m.bytes = payload.length;
    m.sha256 = crypto.createHash('sha256').update(payload).digest('hex');
  }
  edit(m);
  const out = path.join(work, name);
  fs.writeFileSync(out, Buffer.concat([Buffer.from(`PASSERELLES-SAUVEGARDE 1\n${JSON.stringify(m)}\n`), payload]));
  return out;
}

function cli(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...database.env, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
  child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr })));
}

before(async () => {
  database = await cliDatabase();
  config = database.env.DATABASE_URL ? { databaseUrl: database.env.DATABASE_URL } : { pgliteDir: database.env.PASSERELLES_DB };
  const h = await database.open();
  try {
    await ensureData(h.db, { dataDir: undefined }); // the built-in sample
    const db = identityDb(h.db);
    const structureId = await createStructure(db, { name: 'Mission locale de la sauvegarde', kind: 'mission_locale', code: 'MLSAUV' });
    const { link } = await invite(
      db,
      null,
      { email: EMAIL, name: 'Dominique Sauvegarde', roles: ['conseiller'], structureId },
      {
        publicUrl: 'http://passerelles.test',
      },
    );
    await acceptInvitation(db, new URL(link).searchParams.get('jeton') as string, PASSWORD);
    backedUp = await snapshot(h.db);
    // Taken while the database is open, as the server would have it (on PGlite, from its instance).
    const manifest = await backup(config, file, { handle: h });
    assert.equal(manifest.kind, onPostgres ? 'postgres' : 'pglite');
    assert.equal(manifest.migration, knownMigrations.sort().at(-1));

    // Then life goes on: rows deleted and added.
    await h.db.deleteFrom('import_file').where('source', '=', 'rome').execute();
    await sql`DELETE FROM rome_fiche WHERE code IN (SELECT code FROM rome_fiche ORDER BY code LIMIT 2)`.execute(h.db).catch(() => {});
    await invite(
      db,
      null,
      { email: 'nouvelle.personne@exemple.fr', name: 'Nouvelle Personne', roles: ['conseiller'], structureId },
      {
        publicUrl: 'http://passerelles.test',
      },
    );
    await db.updateTable('account').set({ display_name: 'Nom changé' }).where('email', '=', EMAIL).execute();
    changed = await snapshot(h.db);
  } finally {
    await h.close();
  }
  assert.notDeepEqual(changed, backedUp, 'les changements après la sauvegarde doivent se voir');
  assert.ok(backedUp.counts.import_file > 0 && backedUp.accounts.length === 1);
});

after(async () => {
  await database?.drop();
  fs.rmSync(work, { recursive: true, force: true });
});

test('restaurer sur une base qui contient des données sans --force est refusé et dit ce qui serait remplacé', async () => {
  await assert.rejects(restore(config, file, { knownMigrations }), (error: Error) => {
    assert.ok(error instanceof BackupError);
    assert.match(error.message, /la base visée n’est pas vide : \d+ table\(s\) non vide\(s\)/);
    assert.match(error.message, /account/);
    assert.match(error.message, /--force/);
    return true;
  });
  assert.deepEqual(await current(), changed);
});

test('la commande restore sans --force est refusée en français (code 1), la base inchangée', async () => {
  const { status, stderr } = await cli(['restore', file]);
  assert.equal(status, 1, stderr);
  assert.match(stderr, /passerelles : la base visée n’est pas vide/);
  assert.match(stderr, /relancez avec --force pour confirmer/);
  assert.deepEqual(await current(), changed);
});

test('un fichier tronqué, abîmé ou étranger est refusé en français et la base reste telle quelle', async () => {
  const bytes = fs.readFileSync(file);
  const truncated = path.join(work, 'tronquee');
  fs.writeFileSync(truncated, bytes.subarray(0, bytes.length - 1000));
  const damaged = path.join(work, 'abimee');
  const flipped = Buffer.from(bytes);
  flipped[flipped.length - 500] ^= 0xff;
  fs.writeFileSync(damaged, flipped);
  const foreign = path.join(work, 'etranger.sql');
  fs.writeFileSync(foreign, 'SELECT 1;\n');
  const cases: [string, RegExp][] = [
    [truncated, /est incomplet : \d+ octets de données au lieu de \d+ annoncés \(fichier tronqué \?\) ; la base n’a pas été modifiée/],
    [damaged, /est abîmé : son empreinte SHA-256 ne correspond pas/],
    [foreign, /n’est pas une sauvegarde Passerelles/],
    [path.join(work, 'absent'), /impossible de lire le fichier/],
  ];
  for (const [f, message] of cases) {
    await assert.rejects(restore(config, f, { knownMigrations, force: true }), message);
  }
  assert.deepEqual(await current(), changed);
});

test('une sauvegarde à l’en-tête juste mais aux données coupées échoue en français, la base inchangée', async () => {
  const cut = await withManifest('coupee', () => {}, 4000);
  await assert.rejects(
    restore(config, cut, { knownMigrations, force: true }),
    onPostgres
      ? /pg_restore a échoué \(code \d+\) : .+ ; la base n’a pas été modifiée \(une seule transaction\)/
      : /la sauvegarde PGlite n’a pas pu être chargée \(.+\) ; la base n’a pas été modifiée/,
  );
  assert.deepEqual(await current(), changed);
});

test('sur PGlite, une base ouverte par un autre processus n’est ni sauvegardée ni restaurée depuis celui-ci', {
  skip: onPostgres,
}, async () => {
  const h = await database.open(); // as the server would hold it
  try {
    await assert.rejects(
      backup(config, path.join(work, 'vivante')),
      /est ouverte par un autre processus \(le serveur Passerelles \?\) : impossible de la sauvegarder/,
    );
    await assert.rejects(restore(config, file, { knownMigrations, force: true }), /impossible de la restaurer depuis ce processus/);
  } finally {
    await h.close();
  }
  assert.deepEqual(await current(), changed);
});

test('une sauvegarde de l’autre type de base, ou d’une version plus récente, est refusée', async () => {
  const other = await withManifest('autre-type', (m) => {
    m.kind = onPostgres ? 'pglite' : 'postgres';
  });
  await assert.rejects(restore(config, other, { knownMigrations, force: true }), /une sauvegarde se restaure dans une base du même type/);
  const newer = await withManifest('plus-recente', (m) => {
    m.migration = '9999_future';
    m.version = '9.0.0';
  });
  await assert.rejects(
    restore(config, newer, { knownMigrations, force: true }),
    /vient d’une version plus récente de Passerelles \(9\.0\.0, migration 9999_future ; ce code s’arrête à .+\) : installez/,
  );
  assert.deepEqual(await current(), changed);
});

test('restaurer avec --force rend exactement la base sauvegardée, et le compte se connecte', async () => {
  const result = await restore(config, file, { knownMigrations, force: true });
  assert.match(result.replaced ?? '', /table\(s\) non vide\(s\)/);
  const h = await database.open();
  try {
    const restored = await snapshot(h.db);
    assert.deepEqual(restored.counts, backedUp.counts);
    assert.deepEqual(restored.accounts, backedUp.accounts);
    assert.deepEqual(restored.files, backedUp.files);
    assert.deepEqual(restored.occupations, backedUp.occupations);
    const session = await signIn(identityDb(h.db), { email: EMAIL, password: PASSWORD }, { ip: '192.0.2.9', userAgent: 'test' });
    assert.equal(session.name, 'Dominique Sauvegarde');
    await assert.rejects(
      signIn(identityDb(h.db), { email: 'nouvelle.personne@exemple.fr', password: PASSWORD }, { ip: '192.0.2.9', userAgent: 'test' }),
    );
  } finally {
    await h.close();
  }
});

test('la commande backup écrit une sauvegarde que restore relit (base fermée)', async () => {
  const out = path.join(work, 'cli.sauvegarde');
  const before = await current(); // the sign-in above opened a session
  const { status, stdout, stderr } = await cli(['backup', '--out', out, '--json']);
  assert.equal(status, 0, stderr);
  const manifest = JSON.parse(stdout);
  assert.equal(manifest.kind, onPostgres ? 'postgres' : 'pglite');
  assert.deepEqual((await readManifest(out)).manifest, manifest);
  await restore(config, out, { knownMigrations, force: true });
  assert.deepEqual(await current(), before);
});

test('l’adresse PostgreSQL passe à pg_dump par l’environnement, mot de passe décodé', () => {
  assert.deepEqual(pgEnv('postgresql://ana%40srefop:p%C3%A0ss%3Aw@db.exemple.fr:6543/passerelles?sslmode=require'), {
    PGHOST: 'db.exemple.fr',
    PGPORT: '6543',
    PGDATABASE: 'passerelles',
    PGUSER: 'ana@srefop',
    PGPASSWORD: 'pàss:w',
    PGSSLMODE: 'require',
  });
  assert.deepEqual(pgEnv('postgres://postgres@127.0.0.1/'), { PGHOST: '127.0.0.1', PGUSER: 'postgres', PGDATABASE: 'postgres' });
});

test('sur PGlite, une base en mémoire se sauvegarde (archive de dumpDataDir) et se restaure dans un dossier vide', {
  skip: onPostgres,
}, async () => {
  const memory = await openDatabase({ pgliteDir: 'memory://' });
  const out = path.join(work, 'memoire.sauvegarde');
  try {
    await ensureData(memory.db, { dataDir: undefined });
    await backup({ pgliteDir: 'memory://' }, out, { handle: memory });
  } finally {
    await memory.close();
  }
  const folder = path.join(work, 'depuis-la-memoire');
  const result = await restore({ pgliteDir: folder }, out, { knownMigrations });
  assert.equal(result.replaced, undefined);
  const h = await openDatabase({ pgliteDir: folder });
  try {
    assert.deepEqual((await snapshot(h.db)).files, backedUp.files);
  } finally {
    await h.close();
  }
});

test('le serveur en marche sauvegarde dans PASSERELLES_BACKUP_DIR : un fichier daté, seuls les plus récents gardés', async () => {
  const dir = path.join(work, 'reguliere');
  fs.mkdirSync(dir);
  const old = [
    'passerelles-20261201-020000.passerelles',
    'passerelles-20261202-020000.passerelles',
    'passerelles-20261203-020000.passerelles',
  ];
  for (const name of old) fs.writeFileSync(path.join(dir, name), 'ancienne');
  fs.writeFileSync(path.join(dir, 'a-garder.txt'), 'pas une sauvegarde de la série');
  const h = await database.open();
  let written: string;
  try {
    // From the open handle, as the server's job takes it (on PGlite, the folder is the server's).
    written = await backupInto(config, h, dir, 2);
  } finally {
    await h.close();
  }
  assert.match(path.basename(written), /^passerelles-\d{8}-\d{6}\.passerelles$/);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['a-garder.txt', old[2], path.basename(written)].sort());
  const { manifest } = await readManifest(written);
  assert.equal(manifest.kind, onPostgres ? 'postgres' : 'pglite');
});
