import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import Fastify from 'fastify';
import type pg from 'pg';
import { openTestDatabase } from '../helpers/db.ts';
import { webBuildReady } from '../helpers/ready.ts';
import { ensureData } from '../../src/app/data.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { ConfigError, readConfig } from '../../src/platform/config.ts';
import { createLog } from '../../src/platform/log.ts';
import { registerHealthProbes, SAFE_REQUEST_ID } from '../../src/platform/http/metrics.ts';

// What an operator would set: one monitoring network, and a token for a scraper elsewhere.
const TOKEN = 'jeton-de-collecte-0123456789';
process.env.PASSERELLES_METRICS_TOKEN = TOKEN;
process.env.PASSERELLES_METRICS_ALLOW = '198.51.100.0/24, 2001:db8::7';

let handle: DbHandle;
let app: App;
const logLines: string[] = [];

before(async () => {
  handle = await openTestDatabase();
  // The built-in sample: an import run with files from several sources.
  await ensureData(handle.db, { dataDir: undefined });
  // The portal's pages (one is measured) are served from the run's build.
  await webBuildReady();
  ({ app } = await buildServer(handle, { logger: createLog({ write: (line: string) => logLines.push(line) }, 'info') }));
});
after(async () => {
  await app.close();
  await handle.close();
});

/** The samples of one metric in a Prometheus text exposition, with their labels. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  const found: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const l of (m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)) labels[l[1]] = l[2];
    found.push({ labels, value: Number(m[3]) });
  }
  return found;
}

function one(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  return samples(text, name).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}

async function scrape(): Promise<string> {
  const res = await app.inject('/metrics');
  assert.equal(res.statusCode, 200, res.body);
  return res.body;
}

test('request durations are counted by route pattern and status class, never by raw URL', async () => {
  const before = await scrape();
  const pattern = { method: 'GET', route: '/api/v1/occupations/:code' };
  const ok0 = one(before, 'passerelles_http_request_duration_seconds_count', { ...pattern, status_class: '2xx' }) ?? 0;
  const missing0 = one(before, 'passerelles_http_request_duration_seconds_count', { ...pattern, status_class: '4xx' }) ?? 0;

  assert.equal((await app.inject('/api/v1/occupations/D1102')).statusCode, 200);
  assert.equal((await app.inject('/api/v1/occupations/A1203')).statusCode, 200);
  assert.equal((await app.inject('/api/v1/occupations/N9999')).statusCode, 404);
  await app.inject('/api/v1/inexistant/42');
  await app.inject('/une-page/du-portail?q=x');

  const res = await app.inject('/metrics');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
  const text = res.body;
  assert.equal(one(text, 'passerelles_http_request_duration_seconds_count', { ...pattern, status_class: '2xx' }), ok0 + 2);
  assert.equal(one(text, 'passerelles_http_request_duration_seconds_count', { ...pattern, status_class: '4xx' }), missing0 + 1);
  assert.ok((one(text, 'passerelles_http_request_duration_seconds_bucket', { ...pattern, status_class: '2xx', le: '+Inf' }) ?? 0) >= 2);
  // The raw addresses never become labels: an unknown API address and a page have fixed names.
  assert.doesNotMatch(text, /D1102|A1203|N9999|inexistant|une-page/);
  assert.ok(one(text, 'passerelles_http_request_duration_seconds_count', { route: 'unmatched', status_class: '4xx' }));
  assert.ok(one(text, 'passerelles_http_request_duration_seconds_count', { route: 'page' }));
});

test('the scrape tells the import runs, the last import by source, the pool and the process', async () => {
  const text = await scrape();
  assert.equal(one(text, 'passerelles_database_up'), 1);
  assert.ok((one(text, 'passerelles_import_runs') ?? 0) >= 1);
  const last = one(text, 'passerelles_import_last_finished_timestamp_seconds') ?? 0;
  assert.ok(last > Date.parse('2020-01-01') / 1000 && last <= Date.now() / 1000 + 60, `dernier import : ${last}`);
  const bySource = samples(text, 'passerelles_import_rows_read');
  assert.ok(bySource.length >= 2, 'plusieurs sources importées');
  assert.ok(bySource.every((s) => s.labels.source && s.value >= 0));
  assert.ok(bySource.some((s) => s.value > 0));
  assert.equal(samples(text, 'passerelles_import_rows_rejected').length, bySource.length);
  // The pool of this database (PostgreSQL's, or the one in front of PGlite).
  assert.ok((one(text, 'passerelles_db_pool_connections', { state: 'total' }) ?? 0) >= 1);
  assert.ok(one(text, 'passerelles_db_pool_connections', { state: 'idle' }) !== undefined);
  assert.equal(one(text, 'passerelles_db_pool_waiting_clients'), 0);
  assert.ok((one(text, 'passerelles_db_pool_max_connections') ?? 0) >= 1);
  assert.ok(one(text, 'process_cpu_user_seconds_total') !== undefined);
  assert.ok(one(text, 'nodejs_heap_size_used_bytes') !== undefined);
});

test('/metrics is a plain 404 for the world; open to loopback, the allowed addresses and the token', async () => {
  const stranger = '203.0.113.7';
  const refused = [
    await app.inject({ url: '/metrics', remoteAddress: stranger }),
    await app.inject({ url: '/metrics', remoteAddress: stranger, headers: { authorization: 'Bearer mauvais-jeton-0123456789' } }),
    await app.inject({ url: '/metrics', remoteAddress: stranger, headers: { authorization: TOKEN } }),
    // A forged X-Forwarded-For from afar is not believed…
    await app.inject({ url: '/metrics', remoteAddress: stranger, headers: { 'x-forwarded-for': '127.0.0.1' } }),
    // …and behind a proxy on this machine, the client it names is the one that counts.
    await app.inject({ url: '/metrics', remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': stranger } }),
    await app.inject({ url: '/metrics', remoteAddress: '198.51.101.1' }),
  ];
  for (const res of refused) {
    assert.equal(res.statusCode, 404);
    assert.doesNotMatch(res.body, /passerelles_|process_/);
  }
  const allowed = [
    await app.inject({ url: '/metrics', remoteAddress: stranger, headers: { authorization: `Bearer ${TOKEN}` } }),
    await app.inject({ url: '/metrics', remoteAddress: '198.51.100.23' }),
    await app.inject({ url: '/metrics', remoteAddress: '::ffff:198.51.100.24' }),
    await app.inject({ url: '/metrics', remoteAddress: '2001:db8::7' }),
    await app.inject({ url: '/metrics', remoteAddress: '::1' }),
  ];
  for (const res of allowed) {
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /passerelles_http_request_duration_seconds_count/);
  }
});

test('a safe X-Request-Id is kept and echoed, a hostile one replaced; the log lines carry it', async () => {
  const kept = await app.inject({ url: '/api/v1/health', headers: { 'x-request-id': 'lb-7f3a.42_x' } });
  assert.equal(kept.headers['x-request-id'], 'lb-7f3a.42_x');
  const logged = logLines.map((l) => JSON.parse(l) as { reqId?: string; msg?: string }).filter((l) => l.reqId === 'lb-7f3a.42_x');
  assert.ok(
    logged.some((l) => l.msg === 'request completed'),
    'la ligne du journal porte l’identifiant',
  );

  for (const hostile of ['x'.repeat(65), 'a b', '"><script>', 'id\u00e9', '../../etc']) {
    const res = await app.inject({ url: '/api/v1/health', headers: { 'x-request-id': hostile } });
    const id = String(res.headers['x-request-id']);
    assert.notEqual(id, hostile);
    assert.match(id, SAFE_REQUEST_ID);
  }
  // Without one, each request gets its own, on refusals too.
  const a = await app.inject('/api/v1/health');
  const b = await app.inject('/api/v1/occupations/N9999');
  assert.match(String(a.headers['x-request-id']), SAFE_REQUEST_ID);
  assert.match(String(b.headers['x-request-id']), SAFE_REQUEST_ID);
  assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id']);
});

test('live and ready answer 200 while the database answers', async () => {
  const live = await app.inject('/api/v1/health/live');
  assert.equal(live.statusCode, 200);
  assert.equal(live.json().status, 'ok');
  assert.equal(live.headers['cache-control'], 'no-store');
  const ready = await app.inject('/api/v1/health/ready');
  assert.equal(ready.statusCode, 200, ready.body);
  assert.equal(ready.json().status, 'ok');
  assert.equal(ready.json().database, handle.kind);
});

test('with its pool exhausted then its database closed, ready is a French 503, live stays 200, /metrics says why', async () => {
  const own = await openTestDatabase();
  const server = await buildServer(own, { logger: false });
  try {
    assert.equal((await server.app.inject('/api/v1/health/ready')).statusCode, 200);

    // Every connection of the pool held elsewhere: the SELECT 1 waits past the 2 s limit.
    const pool = own.pool as pg.Pool;
    const held = await Promise.all(Array.from({ length: pool.options.max ?? 10 }, () => pool.connect()));
    try {
      const stuck = await server.app.inject('/api/v1/health/ready');
      assert.equal(stuck.statusCode, 503);
      assert.equal(stuck.json().detail, 'La base de données ne répond pas dans le délai de 2 s.');
      const metrics = await server.app.inject('/metrics');
      assert.equal(metrics.statusCode, 200);
      assert.equal(one(metrics.body, 'passerelles_database_up'), 0);
      assert.ok((one(metrics.body, 'passerelles_db_pool_waiting_clients') ?? 0) >= 1);
      assert.equal(one(metrics.body, 'passerelles_db_pool_connections', { state: 'idle' }), 0);
    } finally {
      for (const client of held) client.release();
    }
    assert.equal((await server.app.inject('/api/v1/health/ready')).statusCode, 200);

    await own.close();
    const ready = await server.app.inject('/api/v1/health/ready');
    assert.equal(ready.statusCode, 503);
    assert.match(String(ready.headers['content-type']), /^application\/problem\+json/);
    assert.equal(ready.json().status, 503);
    assert.match(ready.json().detail, /^La base de données ne répond pas/);
    assert.equal((await server.app.inject('/api/v1/health/live')).statusCode, 200);
    const metrics = await server.app.inject('/metrics');
    assert.equal(metrics.statusCode, 200);
    assert.equal(one(metrics.body, 'passerelles_database_up'), 0);
  } finally {
    await server.app.close();
  }
});

test('ready is a 503 until the in-memory indexes are built', async () => {
  const bare = Fastify({ logger: false });
  const probes = registerHealthProbes(bare as unknown as App, handle);
  try {
    const early = await bare.inject('/api/v1/health/ready');
    assert.equal(early.statusCode, 503);
    assert.match(early.json().detail, /index en mémoire ne sont pas encore construits/);
    probes.indexesBuilt();
    assert.equal((await bare.inject('/api/v1/health/ready')).statusCode, 200);
  } finally {
    await bare.close();
  }
});

test('the two settings are checked in French; the token is never repeated', () => {
  const config = readConfig({ PASSERELLES_METRICS_ALLOW: '10.0.0.5, 192.168.0.0/16,fd00::/8', PASSERELLES_METRICS_TOKEN: TOKEN });
  assert.deepEqual(config.metricsAllow, ['10.0.0.5', '192.168.0.0/16', 'fd00::/8']);
  assert.equal(config.metricsToken, TOKEN);
  assert.deepEqual(readConfig({}).metricsAllow, []);
  assert.equal(readConfig({}).metricsToken, undefined);
  const fails = (env: Record<string, string>, message: RegExp) =>
    assert.throws(
      () => readConfig(env),
      (e: unknown) => e instanceof ConfigError && message.test(e.message),
    );
  fails(
    { PASSERELLES_METRICS_ALLOW: '10.0.0.0/33' },
    /^PASSERELLES_METRICS_ALLOW invalide : « 10\.0\.0\.0\/33 » ; attendu : des adresses IP/,
  );
  fails({ PASSERELLES_METRICS_ALLOW: '10.0.0.1,localhost' }, /^PASSERELLES_METRICS_ALLOW invalide : « localhost »/);
  assert.throws(
    () => readConfig({ PASSERELLES_METRICS_TOKEN: 'court-secret' }),
    (e: unknown) =>
      e instanceof ConfigError &&
      /^PASSERELLES_METRICS_TOKEN invalide : un jeton d’au moins 16 caractères/.test(e.message) &&
      !e.message.includes('court-secret'),
  );
});
