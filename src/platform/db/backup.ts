import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { sql, type Kysely } from 'kysely';
import type { Config } from '../config.ts';
import { connect, type DbHandle } from './connection.ts';

/**
 * Backups and restore of the whole database (`passerelles backup` / `passerelles restore`).
 *
 * A backup is one file: a first line `PASSERELLES-SAUVEGARDE 1`, a line of JSON (the manifest:
 * kind, date, last migration, Passerelles version, size and SHA-256 of what follows), then the
 * payload: a `pg_dump --format=custom` archive on PostgreSQL, on PGlite a gzip'd tar of its data
 * folder in the format of PGlite's `dumpDataDir()`. Restore checks the manifest and the checksum before it touches
 * anything, so that a truncated or damaged file changes nothing.
 *
 * Consistency while the server runs:
 * - PostgreSQL: pg_dump reads everything in one repeatable-read transaction (a snapshot), whatever
 *   the server does meanwhile.
 * - PGlite: the folder belongs to the one process that opened it (PGlite writes `postmaster.pid`
 *   there; a second instance on a live folder would corrupt it), so a backup is never a copy of the
 *   folder. It is what `dumpDataDir()` does on the open instance, after a CHECKPOINT: the folder is
 *   read under PGlite's query lock (`runExclusive`), so no statement runs while it is read, and
 *   the tarball is what a crash at that instant would leave — data files and the WAL up to the
 *   last commit, which PostgreSQL's recovery replays when the restored folder is first opened (a
 *   transaction still open at that instant is rolled back, as after a crash). In the server process, pass its handle (`options.handle`); from another process (the
 *   CLI), the folder is opened only when no process holds it, and refused otherwise.
 * dumpDataDir() and loadDataDir() build the whole folder in memory (1.3 and 2.5 GB of peak memory
 * for the 436 MB bundle folder), so the tar is written and read here a file at a time.
 */

const MAGIC = 'PASSERELLES-SAUVEGARDE 1';
const HEADER_MAX = 64 * 1024;
const MIGRATION_TABLES = ['kysely_migration', 'kysely_migration_lock'];

export interface BackupManifest {
  kind: 'postgres' | 'pglite';
  /** When the backup was taken (ISO 8601). */
  createdAt: string;
  /** The last migration applied to the database backed up (null: none). */
  migration: string | null;
  /** Passerelles version (package.json) that took it. */
  version: string;
  /** Size and SHA-256 (hex) of the payload after the manifest. */
  bytes: number;
  sha256: string;
}

/** A backup or restore refused or failed; the message is French and says what to do. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

type DbConfig = Partial<Pick<Config, 'databaseUrl' | 'pgliteDir'>>;

export interface BackupOptions {
  /** An open handle on the same database (the server's): on PGlite, the backup is taken from it. */
  handle?: DbHandle;
}

/** Backs the configured database up into `outPath` (written aside, then renamed into place). */
export async function backup(config: DbConfig, outPath: string, options: BackupOptions = {}): Promise<BackupManifest> {
  const out = path.resolve(outPath);
  await fsp.mkdir(path.dirname(out), { recursive: true });
  const payload = `${out}.donnees-${process.pid}.tmp`;
  const partial = `${out}.${process.pid}.tmp`;
  try {
    let kind: BackupManifest['kind'];
    let migration: string | null;
    if (config.databaseUrl) {
      kind = 'postgres';
      migration = await withDb(config, options.handle, lastMigration);
      await run('pg_dump', ['--format=custom', '--no-owner', `--file=${payload}`], pgEnv(config.databaseUrl), 'pg_dump');
    } else {
      kind = 'pglite';
      const dump = async (handle: DbHandle) => {
        if (!handle.pglite) throw new BackupError('la base ouverte n’est pas une base PGlite');
        const pglite = handle.pglite;
        migration = await lastMigration(handle.db);
        const dir = pglite.dataDir;
        if (!dir || dir.startsWith('memory://')) {
          // In memory (tests): PGlite's own tarball, built in memory.
          const tarball = await pglite.dumpDataDir('gzip');
          await fsp.writeFile(payload, Buffer.from(await tarball.arrayBuffer()));
          return;
        }
        // What dumpDataDir() does (the folder read under PGlite's query lock), streamed from disk
        // instead of built in memory: PGlite's folder is Emscripten's NODEFS, written through.
        await pglite.exec('CHECKPOINT');
        await pglite.runExclusive(() => tarFolder(dir, payload));
      };
      migration = null;
      if (options.handle) await dump(options.handle);
      else {
        const dir = pgliteFolder(config);
        if (!fs.existsSync(path.join(dir, 'PG_VERSION'))) throw new BackupError(`aucune base PGlite dans ${dir}`);
        refuseLiveFolder(dir, 'sauvegarder');
        const handle = await connect({ pgliteDir: dir });
        try {
          await dump(handle);
        } finally {
          await handle.close();
        }
      }
    }
    const { bytes, sha256 } = await digest(payload, 0);
    const manifest: BackupManifest = { kind, createdAt: new Date().toISOString(), migration, version: passerellesVersion(), bytes, sha256 };
    await fsp.writeFile(partial, `${MAGIC}\n${JSON.stringify(manifest)}\n`);
    await pipeline(fs.createReadStream(payload), fs.createWriteStream(partial, { flags: 'a' }));
    await fsp.rename(partial, out);
    return manifest;
  } finally {
    await fsp.rm(payload, { force: true });
    await fsp.rm(partial, { force: true });
  }
}

/** A file of `backupInto`'s series: its name says when it was taken (UTC). */
const SERIES_FILE = /^passerelles-\d{8}-\d{6}\.passerelles$/;

/**
 * The running server's regular backup (PASSERELLES_BACKUP_DIR): a new file named by its date in
 * `dir`, taken from the server's own handle (on PGlite, the one process that may read its
 * folder), then the oldest of the series removed beyond `keep`. Returns the file written.
 */
export async function backupInto(config: DbConfig, handle: DbHandle, dir: string, keep: number): Promise<string> {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const file = path.join(dir, `passerelles-${stamp}.passerelles`);
  await backup(config, file, { handle });
  const series = (await fsp.readdir(dir)).filter((name) => SERIES_FILE.test(name)).sort();
  for (const old of series.slice(0, Math.max(0, series.length - keep))) await fsp.rm(path.join(dir, old), { force: true });
  return file;
}

export interface RestoreOptions {
  /** Replace a database that already holds data. */
  force?: boolean;
  /** The migrations this code knows (src/app): a backup at a later level is refused. */
  knownMigrations: readonly string[];
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** What the database held before, when it held something (replaced under --force). */
  replaced?: string;
}

/**
 * Restores `inPath` into the configured database, whole or not at all: PostgreSQL in one
 * transaction (pg_restore --single-transaction), PGlite into a new folder swapped in at the end.
 */
export async function restore(config: DbConfig, inPath: string, options: RestoreOptions): Promise<RestoreResult> {
  const file = path.resolve(inPath);
  const { manifest, offset } = await readManifest(file);
  const target: BackupManifest['kind'] = config.databaseUrl ? 'postgres' : 'pglite';
  if (manifest.kind !== target) {
    throw new BackupError(
      `${file} est une sauvegarde d’une base ${label(manifest.kind)}, la base configurée est ${label(target)} : ` +
        'une sauvegarde se restaure dans une base du même type',
    );
  }
  if (manifest.migration !== null && !options.knownMigrations.includes(manifest.migration)) {
    const known = [...options.knownMigrations].sort().at(-1) ?? 'aucune';
    throw new BackupError(
      `${file} vient d’une version plus récente de Passerelles (${manifest.version}, migration ${manifest.migration} ; ` +
        `ce code s’arrête à ${known}) : installez une version au moins aussi récente avant de restaurer`,
    );
  }
  const { bytes, sha256 } = await digest(file, offset);
  if (bytes !== manifest.bytes) {
    throw new BackupError(
      `${file} est incomplet : ${bytes} octets de données au lieu de ${manifest.bytes} annoncés (fichier tronqué ?) ; la base n’a pas été modifiée`,
    );
  }
  if (sha256 !== manifest.sha256) {
    throw new BackupError(
      `${file} est abîmé : son empreinte SHA-256 ne correspond pas à celle de son en-tête ; la base n’a pas été modifiée`,
    );
  }

  if (target === 'postgres') {
    const url = config.databaseUrl as string;
    const state = await withDb(config, undefined, describe);
    const replaced = checkTarget(state, manifest, file, options.force);
    try {
      await run(
        'pg_restore',
        ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--exit-on-error', `--dbname=${pgEnv(url).PGDATABASE}`],
        pgEnv(url),
        'pg_restore',
        fs.createReadStream(file, { start: offset }),
      );
    } catch (error) {
      if (error instanceof BackupError) throw new BackupError(`${error.message} ; la base n’a pas été modifiée (une seule transaction)`);
      throw error;
    }
    return { manifest, replaced };
  }

  const dir = pgliteFolder(config);
  refuseLiveFolder(dir, 'restaurer');
  let replaced: string | undefined;
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) {
    const handle = await connect({ pgliteDir: dir });
    try {
      replaced = checkTarget(await describe(handle.db), manifest, file, options.force);
    } finally {
      await handle.close();
    }
  } else if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new BackupError(`${dir} n’est pas vide et ne contient pas de base PGlite : choisissez un autre dossier (PASSERELLES_DB)`);
  }
  // Loaded into a new folder beside the target, checked, then swapped in: until the rename, the
  // target is as it was.
  const fresh = `${dir}.restauration-${process.pid}`;
  const old = `${dir}.ancienne-${process.pid}`;
  await fsp.rm(fresh, { recursive: true, force: true });
  try {
    let handle: DbHandle;
    try {
      // Unpacked as it streams (PGlite's loadDataDir would hold the whole folder in memory, several
      // times), then opened: PostgreSQL's recovery replays the WAL as after a crash.
      await untar(fs.createReadStream(file, { start: offset }).pipe(zlib.createGunzip()), fresh);
      handle = await connect({ pgliteDir: fresh });
    } catch (error) {
      throw new BackupError(`${file} : la sauvegarde PGlite n’a pas pu être chargée (${reason(error)}) ; la base n’a pas été modifiée`);
    }
    try {
      if ((await lastMigration(handle.db)) !== manifest.migration) {
        throw new BackupError(`${file} : la base chargée ne correspond pas à son en-tête ; la base n’a pas été modifiée`);
      }
    } finally {
      await handle.close();
    }
    if (fs.existsSync(dir)) await fsp.rename(dir, old);
    await fsp.rename(fresh, dir);
    await fsp.rm(old, { recursive: true, force: true });
    return { manifest, replaced };
  } finally {
    await fsp.rm(fresh, { recursive: true, force: true });
  }
}

/** Reads a backup's manifest (first two lines) and where its payload starts. */
export async function readManifest(file: string): Promise<{ manifest: BackupManifest; offset: number }> {
  let head: Buffer;
  try {
    const fh = await fsp.open(file, 'r');
    try {
      const buf = Buffer.alloc(HEADER_MAX);
      const { bytesRead } = await fh.read(buf, 0, HEADER_MAX, 0);
      head = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (error) {
    throw new BackupError(`${file} : impossible de lire le fichier (${reason(error)})`);
  }
  const first = head.indexOf(10);
  const second = first < 0 ? -1 : head.indexOf(10, first + 1);
  if (first < 0 || head.subarray(0, first).toString('utf8') !== MAGIC || second < 0) {
    throw new BackupError(`${file} n’est pas une sauvegarde Passerelles (en-tête « ${MAGIC} » absent ou incomplet)`);
  }
  let manifest: BackupManifest;
  try {
    manifest = JSON.parse(head.subarray(first + 1, second).toString('utf8'));
  } catch {
    throw new BackupError(`${file} : l’en-tête de la sauvegarde est illisible (JSON invalide)`);
  }
  if (
    (manifest?.kind !== 'postgres' && manifest?.kind !== 'pglite') ||
    typeof manifest.bytes !== 'number' ||
    typeof manifest.sha256 !== 'string' ||
    (manifest.migration !== null && typeof manifest.migration !== 'string')
  ) {
    throw new BackupError(`${file} : l’en-tête de la sauvegarde est incomplet (type, taille, empreinte ou migration manquants)`);
  }
  return { manifest, offset: second + 1 };
}

// ——— the database being replaced ———

interface DbState {
  migration: string | null;
  /** Tables (migration bookkeeping aside) that hold at least one row. */
  filled: string[];
  tables: number;
}

// biome-ignore lint/suspicious/noExplicitAny: any schema; only the catalogue is read
async function describe(db: Kysely<any>): Promise<DbState> {
  const { rows } = await sql<{ name: string }>`SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`.execute(db);
  const filled: string[] = [];
  const tables = rows.filter((r) => !MIGRATION_TABLES.includes(r.name));
  for (const { name } of tables) {
    const hit = await sql<{ one: number }>`SELECT 1 AS one FROM ${sql.table(name)} LIMIT 1`.execute(db);
    if (hit.rows.length) filled.push(name);
  }
  return { migration: await lastMigration(db), filled, tables: tables.length };
}

/** Refuses to replace data without --force, and a database the backup would not fully replace. */
function checkTarget(state: DbState, manifest: BackupManifest, file: string, force = false): string | undefined {
  if (!state.filled.length) return undefined;
  const shown = state.filled.slice(0, 8).join(', ') + (state.filled.length > 8 ? `, … (${state.filled.length} en tout)` : '');
  const replaced = `${state.filled.length} table(s) non vide(s) sur ${state.tables} (${shown}), migration ${state.migration ?? 'aucune'}`;
  if (manifest.migration !== null && state.migration !== null && state.migration > manifest.migration) {
    throw new BackupError(
      `la base visée est à la migration ${state.migration}, plus récente que celle de la sauvegarde (${manifest.migration}) : ` +
        'ses tables plus récentes ne seraient pas remplacées ; restaurez dans une base vide',
    );
  }
  if (!force) {
    throw new BackupError(
      `la base visée n’est pas vide : ${replaced}. Restaurer ${path.basename(file)} (sauvegarde du ${manifest.createdAt}, ` +
        `migration ${manifest.migration ?? 'aucune'}) remplacera tout son contenu ; relancez avec --force pour confirmer`,
    );
  }
  return replaced;
}

// biome-ignore lint/suspicious/noExplicitAny: any schema; only the migrations table is read
async function lastMigration(db: Kysely<any>): Promise<string | null> {
  const { rows: found } = await sql<{ found: boolean }>`SELECT to_regclass('public.kysely_migration') IS NOT NULL AS found`.execute(db);
  if (!found[0]?.found) return null; // never migrated
  const { rows } = await sql<{ name: string | null }>`SELECT max(name) AS name FROM kysely_migration`.execute(db);
  return rows[0]?.name ?? null;
}

// biome-ignore lint/suspicious/noExplicitAny: any schema (the ground's handle type)
async function withDb<T>(config: DbConfig, handle: DbHandle | undefined, fn: (db: Kysely<any>) => Promise<T>): Promise<T> {
  if (handle) return fn(handle.db);
  const own = await connect(config);
  try {
    return await fn(own.db);
  } catch (error) {
    if (error instanceof BackupError) throw error;
    throw new BackupError(`lecture de la base impossible (${reason(error)}) : vérifiez DATABASE_URL et que le serveur répond`);
  } finally {
    await own.close();
  }
}

// ——— PGlite folders ———

function pgliteFolder(config: DbConfig): string {
  const dir = config.pgliteDir ?? '';
  if (!dir || dir.startsWith('memory://')) {
    throw new BackupError(
      'la base PGlite est en mémoire (PASSERELLES_DB=memory://) : elle ne se sauvegarde ni ne se restaure par un fichier',
    );
  }
  return path.resolve(dir);
}

/** PGlite leaves `postmaster.pid` in a folder while an instance has it open (removed at close). */
function refuseLiveFolder(dir: string, verb: string): void {
  if (!fs.existsSync(path.join(dir, 'postmaster.pid'))) return;
  throw new BackupError(
    `la base PGlite ${dir} est ouverte par un autre processus (le serveur Passerelles ?) : impossible de la ${verb} depuis ` +
      'ce processus sans risquer de l’abîmer. Arrêtez le serveur puis relancez la commande ; si aucun processus ne l’utilise ' +
      '(arrêt brutal), démarrez puis arrêtez le serveur une fois, ce qui referme proprement la base',
  );
}

// ——— PostgreSQL tools ———

/** libpq's variables for a connection URL: the password never appears on a command line. */
export function pgEnv(databaseUrl: string): Record<string, string> {
  const url = new URL(databaseUrl);
  const env: Record<string, string> = {};
  if (url.protocol === 'socket:') {
    env.PGHOST = decodeURIComponent(url.pathname);
    const db = url.searchParams.get('db');
    if (db) env.PGDATABASE = db;
  } else {
    if (url.hostname) env.PGHOST = decodeURIComponent(url.hostname.replace(/^\[|\]$/g, ''));
    if (url.port) env.PGPORT = url.port;
    const db = decodeURIComponent(url.pathname.replace(/^\//, ''));
    if (db) env.PGDATABASE = db;
  }
  if (url.username) env.PGUSER = decodeURIComponent(url.username);
  if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
  const params: Record<string, string> = { host: 'PGHOST', port: 'PGPORT', sslmode: 'PGSSLMODE', user: 'PGUSER', dbname: 'PGDATABASE' };
  for (const [param, variable] of Object.entries(params)) {
    const v = url.searchParams.get(param);
    if (v) env[variable] = v;
  }
  if (!env.PGDATABASE) env.PGDATABASE = env.PGUSER ?? 'postgres';
  return env;
}

/** A PostgreSQL client program: on the PATH, else the newest /usr/lib/postgresql/<version>/bin (Debian). */
function findTool(name: string): string {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs
        .readdirSync(root)
        .filter((v) => fs.existsSync(path.join(root, v, 'bin', name)))
        .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    : [];
  if (!versions.length) {
    throw new BackupError(
      `${name} introuvable (ni dans le PATH ni dans /usr/lib/postgresql) : installez le client PostgreSQL (paquet postgresql-client)`,
    );
  }
  return path.join(root, versions[0], 'bin', name);
}

async function run(name: string, args: string[], env: Record<string, string>, what: string, stdin?: fs.ReadStream): Promise<void> {
  const tool = findTool(name);
  // The URL's parts over the environment; what the URL leaves out comes from PG* variables, as with node-postgres.
  const child = spawn(tool, args, { env: { ...process.env, ...env }, stdio: [stdin ? 'pipe' : 'ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    if (stderr.length < 8000) stderr += chunk;
  });
  const done = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  if (stdin && child.stdin) {
    // pg_restore may stop reading early (an error): a broken pipe is then its exit code's business.
    child.stdin.on('error', () => {});
    stdin.pipe(child.stdin);
  }
  const code = await done;
  if (code === 0) return;
  const message = stderr.trim().split('\n').slice(0, 6).join(' / ');
  const hint = /version mismatch|server version/i.test(stderr)
    ? ` : le serveur PostgreSQL est plus récent que ${name} (${tool}) ; installez le client PostgreSQL de la version du serveur`
    : '';
  throw new BackupError(`${what} a échoué (code ${code})${hint} : ${message || 'aucun message'}`);
}

// ——— files ———

async function digest(file: string, start: number): Promise<{ bytes: number; sha256: string }> {
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  for await (const chunk of fs.createReadStream(file, { start })) {
    hash.update(chunk as Buffer);
    bytes += (chunk as Buffer).length;
  }
  return { bytes, sha256: hash.digest('hex') };
}

// ——— tar (ustar), the format of PGlite's dumpDataDir(): entries named `/base/1/112`… ———

const BLOCK = 512;
/** Left out of a backup: the lock of the instance that had the folder open. */
const SKIPPED = new Set(['postmaster.pid']);

/** Writes `dir` as a gzip'd tar into `out`, a file at a time (flat memory). */
async function tarFolder(dir: string, out: string): Promise<void> {
  const gzip = zlib.createGzip();
  const done = pipeline(gzip, fs.createWriteStream(out));
  const write = async (chunk: Buffer) => {
    if (!gzip.write(chunk)) await new Promise((resolve) => gzip.once('drain', resolve));
  };
  try {
    const entries = fs.readdirSync(dir, { recursive: true, withFileTypes: true });
    entries.sort((a, b) => path.join(a.parentPath, a.name).localeCompare(path.join(b.parentPath, b.name)));
    for (const entry of entries) {
      const full = path.join(entry.parentPath, entry.name);
      const name = `/${path.relative(dir, full).split(path.sep).join('/')}`;
      if (SKIPPED.has(name.slice(1))) continue;
      if (entry.isDirectory()) await write(tarHeader(name, 0, '5'));
      else if (entry.isFile()) {
        const fh = await fsp.open(full, 'r');
        try {
          const { size } = await fh.stat();
          await write(tarHeader(name, size, '0'));
          let left = size;
          while (left > 0) {
            const buf = Buffer.alloc(Math.min(left, 1 << 20));
            const { bytesRead } = await fh.read(buf, 0, buf.length, size - left);
            if (bytesRead === 0) throw new Error(`${full} a raccourci pendant la sauvegarde`);
            await write(buf.subarray(0, bytesRead));
            left -= bytesRead;
          }
          if (size % BLOCK) await write(Buffer.alloc(BLOCK - (size % BLOCK)));
        } finally {
          await fh.close();
        }
      }
    }
    await write(Buffer.alloc(2 * BLOCK));
  } finally {
    gzip.end();
  }
  await done;
}

function tarHeader(name: string, size: number, type: '0' | '5'): Buffer {
  if (Buffer.byteLength(name) > 100) throw new Error(`nom trop long pour l’archive : ${name}`);
  const h = Buffer.alloc(BLOCK);
  h.write(name, 0, 'utf8');
  h.write(type === '5' ? '0000755\0' : '0000644\0', 100, 'ascii');
  h.write('0000000\0', 108, 'ascii');
  h.write('0000000\0', 116, 'ascii');
  h.write(`${size.toString(8).padStart(11, '0')}\0`, 124, 'ascii');
  h.write(
    `${Math.floor(Date.now() / 1000)
      .toString(8)
      .padStart(11, '0')}\0`,
    136,
    'ascii',
  );
  h.write('        ', 148, 'ascii');
  h.write(type, 156, 'ascii');
  h.write('ustar\0', 257, 'ascii');
  h.write('00', 263, 'ascii');
  let sum = 0;
  for (const byte of h) sum += byte;
  h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'ascii');
  return h;
}

/** Unpacks a tar stream into `dir` (created), refusing names that leave it. */
async function untar(source: NodeJS.ReadableStream, dir: string): Promise<void> {
  await fsp.mkdir(dir, { recursive: true });
  let buf: Buffer = Buffer.alloc(0);
  let file: { fh: fsp.FileHandle; left: number; padding: number } | undefined;
  let skip = 0;
  let ended = false;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      let pos = 0;
      while (!ended) {
        if (skip > 0) {
          const n = Math.min(skip, buf.length - pos);
          pos += n;
          skip -= n;
          if (skip > 0) break;
        }
        if (file) {
          const n = Math.min(file.left, buf.length - pos);
          if (n > 0) await file.fh.write(buf.subarray(pos, pos + n));
          pos += n;
          file.left -= n;
          if (file.left > 0) break;
          await file.fh.close();
          skip = file.padding;
          file = undefined;
          continue;
        }
        if (buf.length - pos < BLOCK) break;
        const h = buf.subarray(pos, pos + BLOCK);
        pos += BLOCK;
        if (h.every((b) => b === 0)) {
          ended = true;
          break;
        }
        const text = (from: number, length: number) =>
          h
            .subarray(from, from + length)
            .toString('utf8')
            .replace(/\0.*$/s, '');
        const prefix = text(257, 6) === 'ustar' ? text(345, 155) : '';
        const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
        const size = Number.parseInt(text(124, 12).trim() || '0', 8);
        if (!Number.isSafeInteger(size) || size < 0) throw new Error(`archive illisible (taille de ${name})`);
        const type = String.fromCharCode(h[156]);
        const padding = size % BLOCK ? BLOCK - (size % BLOCK) : 0;
        const target = path.resolve(dir, `.${path.posix.normalize(`/${name}`)}`);
        if (target !== dir && !target.startsWith(dir + path.sep)) throw new Error(`chemin hors de la base dans l’archive : ${name}`);
        if (type === '5') {
          await fsp.mkdir(target, { recursive: true });
          skip = size + padding;
        } else if ((type === '0' || type === '\0') && !SKIPPED.has(path.relative(dir, target))) {
          await fsp.mkdir(path.dirname(target), { recursive: true });
          const fh = await fsp.open(target, 'w');
          if (size === 0) await fh.close();
          else file = { fh, left: size, padding }; // its padding is skipped once its content is written
        } else skip = size + padding;
      }
      buf = Buffer.from(buf.subarray(pos));
    }
  } finally {
    await file?.fh.close();
  }
  if (!ended || file) throw new Error('archive incomplète');
}

function passerellesVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version ?? 'inconnue';
  } catch {
    return 'inconnue';
  }
}

function label(kind: BackupManifest['kind']): string {
  return kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : 'PGlite (PASSERELLES_DB)';
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
