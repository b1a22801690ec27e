/**
 * The database away (down, restarting, out of reach): requests are refused at once with a French
 * 503 and Retry-After, pages and API alike, and served again by themselves when it is back. And
 * the read replica (DATABASE_READ_URL): the public searches read from it.
 *
 * The server is built on a pool that can be switched, at run time, to a PostgreSQL address where
 * nothing listens (a real pg pool from connect(), with its timeouts): the same refusals as a
 * stopped server, on PGlite or PostgreSQL alike. bench/faults.ts restarts a real PostgreSQL.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import Fastify from 'fastify';
import { Kysely, PostgresDialect, sql } from 'kysely';
import type pg from 'pg';
import { buildServer } from '../../src/app/server.ts';
import { connect, databaseUnavailable, type DbHandle } from '../../src/platform/db/connection.ts';
import { errorHandler } from '../../src/platform/http/errors.ts';
import { importLheoFile } from '../../src/trainings/import.ts';
import { openTestDatabase } from '../helpers/db.ts';
import { buildPortal } from '../web/helpers/portal.ts';
import { CATALOGUE, catalogueText, tempFile } from '../trainings/lheo-helpers.ts';

/** A TCP port on this machine where nothing listens (connections are refused at once). */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Errors as pg and the operating system raise them. */
const failure = (message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), extra);

test('the errors of a database out of reach are told from the faults of a query', () => {
  const unavailable = [
    failure('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED', syscall: 'connect' }),
    failure('getaddrinfo ENOTFOUND db.invalid', { code: 'ENOTFOUND', syscall: 'getaddrinfo' }),
    failure('connect ENOENT /run/postgresql/.s.PGSQL.5432', { code: 'ENOENT', syscall: 'connect' }),
    failure('terminating connection due to administrator command', { code: '57P01', severity: 'FATAL' }),
    failure('the database system is starting up', { code: '57P03' }),
    failure('the database system is shutting down', { code: '57P03' }),
    failure('sorry, too many clients already', { code: '53300' }),
    failure('Connection terminated unexpectedly'),
    failure('timeout exceeded when trying to connect'),
    failure('Connection terminated due to connection timeout'),
    new AggregateError([failure('connect ECONNREFUSED ::1:5432', { code: 'ECONNREFUSED' })], 'connect failed'),
    failure('échec de la requête', { cause: failure('read ECONNRESET', { code: 'ECONNRESET' }) }),
  ];
  for (const error of unavailable) assert.equal(databaseUnavailable(error), true, error.message);
  const faults = [
    failure('syntax error at or near "SELEC"', { code: '42601' }),
    failure('duplicate key value violates unique constraint', { code: '23505' }),
    failure("ENOENT: no such file or directory, open '/tmp/x'", { code: 'ENOENT', syscall: 'open' }),
    failure('Cannot read properties of undefined'),
    'ECONNREFUSED',
    undefined,
  ];
  for (const error of faults) assert.equal(databaseUnavailable(error), false, String(error));
});

test('database away: the API answers a French 503 problem with Retry-After, pages a French 503 page, then serve again by themselves', {
  timeout: 600_000,
}, async (t) => {
  process.env.PASSERELLES_WEB_BUILD_DIR = await buildPortal();
  const real = await openTestDatabase();
  const dead = await connect({ databaseUrl: `postgres://passerelles@127.0.0.1:${await closedPort()}/passerelles` });
  let down = false;
  // Kysely asks its pool for a connection per query: this one asks the real pool or the dead one.
  const switching = {
    connect: () => ((down ? dead.pool : real.pool) as pg.Pool).connect(),
    end: async () => {},
  };
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: switching }) });
  const handle: DbHandle = { ...real, db, read: db };
  const { app } = await buildServer(handle, { logger: false, rateLimit: 100_000 });
  t.after(async () => {
    await app.close();
    await dead.close();
    await real.close();
  });

  const before = await app.inject('/api/v1/trainings?q=soudure');
  assert.equal(before.statusCode, 200);

  down = true;
  const api = await app.inject('/api/v1/trainings?q=soudure');
  assert.equal(api.statusCode, 503, api.body);
  assert.match(String(api.headers['content-type']), /^application\/problem\+json/);
  assert.match(String(api.headers['retry-after']), /^\d+$/);
  const body = api.json();
  assert.equal(body.status, 503);
  assert.equal(body.title, 'Service indisponible');
  assert.equal(body.code, 'base-indisponible');
  assert.match(body.detail, /base de données ne répond pas.*Réessayez/);

  // A person at a browser: the portal's page in French, with the same reason.
  const page = await app.inject('/metiers/D1102');
  assert.equal(page.statusCode, 503);
  assert.match(String(page.headers['content-type']), /^text\/html/);
  assert.match(page.body, /<html lang="fr"/);
  assert.match(page.body, /base de données ne répond pas/);

  // The readiness probe says so too; the liveness probe does not (restarting the process would not help).
  assert.equal((await app.inject('/api/v1/health/ready')).statusCode, 503);
  assert.equal((await app.inject('/api/v1/health/live')).statusCode, 200);

  down = false;
  assert.equal((await app.inject('/api/v1/trainings?q=soudure')).statusCode, 200);
  assert.equal((await app.inject('/api/v1/health/ready')).statusCode, 200);
  assert.notEqual((await app.inject('/metiers/D1102')).statusCode, 503);
});

test('a page request whose own handling meets the database away gets a small French page', async () => {
  // No portal page reads the database itself today (they go through the API): this is the net under any that would.
  const app = Fastify({ logger: false });
  app.setErrorHandler(errorHandler);
  app.get('/page', async () => {
    throw failure('connect ECONNREFUSED 127.0.0.1:5432', { code: 'ECONNREFUSED', syscall: 'connect' });
  });
  const res = await app.inject('/page');
  assert.equal(res.statusCode, 503);
  assert.match(String(res.headers['content-type']), /^text\/html/);
  assert.match(String(res.headers['retry-after']), /^\d+$/);
  assert.match(res.body, /<html lang="fr">.*Service momentanément indisponible/s);
  await app.close();
});

test('with a read replica, the training search answers from it', { timeout: 300_000 }, async (t) => {
  const primary = await openTestDatabase();
  const replica = await openTestDatabase();
  t.after(async () => {
    await primary.close();
    await replica.close();
  });
  // The replica lags: it has not yet seen PDL-0002 (as if withdrawn from the primary after).
  await importLheoFile(primary.db, CATALOGUE, { source: 'catalogue' });
  const text = catalogueText();
  const from = text.indexOf('<lheo:formation numero="PDL-0002"');
  const to = text.indexOf('</lheo:formation>', from) + '</lheo:formation>'.length;
  assert.ok(from > 0 && to > from);
  await importLheoFile(replica.db, tempFile('catalogue.xml', text.slice(0, from) + text.slice(to)), { source: 'catalogue' });

  const offers = async (handle: DbHandle) => {
    const { app } = await buildServer(handle, { logger: false, rateLimit: 100_000 });
    try {
      const res = await app.inject('/api/v1/trainings?pageSize=50');
      assert.equal(res.statusCode, 200, res.body);
      return (res.json().results as { formation: string }[]).map((r) => r.formation).sort();
    } finally {
      await app.close();
    }
  };
  const all = await offers(primary);
  assert.ok(all.includes('PDL-0002'));
  const fromReplica = await offers({ ...primary, read: replica.db });
  assert.deepEqual(
    fromReplica,
    all.filter((f) => f !== 'PDL-0002'),
  );
});

test('a read-only replica that has not caught up with an import: the search refreshes on the primary and still answers', {
  skip: process.env.DATABASE_URL ? false : 'sur PostgreSQL seulement (DATABASE_URL) : PGlite n’a pas de connexion en lecture seule',
  timeout: 300_000,
}, async (t) => {
  const primary = await openTestDatabase();
  // The same database through connections that refuse every write, as a hot standby does.
  const url = new URL(process.env.DATABASE_URL!);
  const { rows } = await sql<{ name: string }>`SELECT current_database() AS name`.execute(primary.db);
  url.pathname = `/${rows[0].name}`;
  url.searchParams.set('options', '-c default_transaction_read_only=on');
  const readOnly = await connect({ databaseUrl: url.toString() });
  t.after(async () => {
    await readOnly.close();
    await primary.close();
  });
  await importLheoFile(primary.db, CATALOGUE, { source: 'catalogue' });
  // A run of another source: the search's derived tables are now behind.
  await sql`INSERT INTO import_run (started_at, finished_at, data_dir) VALUES (now(), now(), 'essai')`.execute(primary.db);
  await assert.rejects(sql`CREATE TEMP TABLE essai (n int)`.execute(readOnly.db), /read-only/);

  const { app } = await buildServer({ ...primary, read: readOnly.db }, { logger: false, rateLimit: 100_000 });
  t.after(() => app.close());
  const res = await app.inject('/api/v1/trainings?q=pâtissier');
  assert.equal(res.statusCode, 200, res.body);
  assert.ok(res.json().results.some((r: { formation: string }) => r.formation === 'PDL-0002'));
});

test('a connection lent out between two queries, cut by the server (57P01): the process lives on, the pool replaces it', {
  skip: process.env.DATABASE_URL ? false : 'sur PostgreSQL seulement (DATABASE_URL)',
  timeout: 120_000,
}, async (t) => {
  const handle = await openTestDatabase();
  t.after(() => handle.close());
  const pool = handle.pool as pg.Pool;
  // As getFiche or a transaction holds one: taken, used, not yet given back.
  const client = await pool.connect();
  const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
  await sql`SELECT pg_terminate_backend(${rows[0].pid})`.execute(handle.db);
  // pg marks the client unusable when the server's FATAL arrives; without a listener of ours, that
  // 'error' event would have ended this process.
  const deadline = Date.now() + 60_000;
  while ((client as unknown as { _queryable: boolean })._queryable && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  await assert.rejects(client.query('SELECT 1'), (e: unknown) => databaseUnavailable(e));
  client.release();
  const { rows: again } = await sql<{ one: number }>`SELECT 1 AS one`.execute(handle.db);
  assert.equal(again[0].one, 1);
});
