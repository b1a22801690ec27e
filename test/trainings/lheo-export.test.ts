/**
 * LHEO 2.3 export: valid against the official XSD (xmllint, Debian package libxml2-utils, with the
 * bundle's lheo-2.3.xsd), import → export → import gives the same database state (own fixtures,
 * and the two real samples of the bundle), streamed over HTTP, hostile text escaped.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { buildServer } from '../../src/app/server.ts';
import { importLheoFile } from '../../src/trainings/import.ts';
import { exportOffers, loadOffers } from '../../src/trainings/store.ts';
import { EmptyExportError, escapeAttribute, escapeText, writeLheo } from '../../src/trainings/lheo/write.ts';
import { readLheo } from '../../src/trainings/lheo/read.ts';
import { safeJson } from '../../src/trainings/json.ts';
import type { LheoOffer } from '../../src/trainings/lheo/model.ts';
import { openTestDatabase } from '../helpers/db.ts';
import { snapshot, IMPORT_LOG } from '../helpers/tables.ts';
import { CATALOGUE, HOSTILE, LATIN1, bundleSamples, tempDir, xsdCheck } from './lheo-helpers.ts';

const EXPORTED_AT = new Date('2026-11-26T10:00:00Z');

/** Exports the whole database to `file`. */
async function exportTo(h: DbHandle, file: string): Promise<number> {
  const out = fs.createWriteStream(file);
  const { offers: n } = await writeLheo(exportOffers(h.db), out, { exportedAt: EXPORTED_AT });
  out.end();
  await finished(out);
  return n;
}

/**
 * import → export → import into a fresh database, the export written under the original file name
 * so that the source (named after the file) is the same. Compares every table but the import log
 * and the source row (its LHEO version is 2.3 after the export), then exports again: the two
 * exports are identical byte for byte.
 */
async function roundTrip(file: string): Promise<{ exported: string }> {
  const name = path.basename(file);
  const a = await openTestDatabase();
  const b = await openTestDatabase();
  try {
    const first = await importLheoFile(a.db, file);
    assert.equal(first.reports[0].rejects.length, 0, JSON.stringify(first.reports[0].rejects));
    const exported = path.join(tempDir(), name);
    const n = await exportTo(a, exported);
    assert.equal(n, first.reports[0].read);
    const second = await importLheoFile(b.db, exported);
    assert.equal(second.reports[0].rejects.length, 0, JSON.stringify(second.reports[0].rejects));
    // Two databases, two moments: the change feed records when each offer arrived in each.
    const skip = [...IMPORT_LOG, 'training_source', 'exchange_change'];
    assert.deepEqual(await snapshot(b.db, skip), await snapshot(a.db, skip), `${name} : même état après aller-retour`);
    const sources = async (h: DbHandle) => await h.db.selectFrom('training_source').select(['name', 'kind', 'file']).execute();
    assert.deepEqual(await sources(b), await sources(a));
    const again = path.join(tempDir(), name);
    await exportTo(b, again);
    assert.equal(fs.readFileSync(again, 'utf8'), fs.readFileSync(exported, 'utf8'));
    return { exported };
  } finally {
    await a.close();
    await b.close();
  }
}

const xsd = xsdCheck();

test('import → export → import gives the same database state (own fixtures)', async () => {
  for (const file of [CATALOGUE, LATIN1, HOSTILE]) {
    const { exported } = await roundTrip(file);
    const text = fs.readFileSync(exported, 'utf8');
    assert.match(
      text,
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<lheo xmlns="http:\/\/lheo.gouv.fr\/2.3" horodatage-export="2026-11-26T10:00:00.000Z">/,
    );
    if (xsd) {
      const r = xsd(exported);
      assert.ok(r.ok, r.output);
    }
  }
});

test('both real LHEO samples of the bundle import, export (valid LHEO 2.3) and re-import identically', {
  skip: bundleSamples().length ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)',
}, async () => {
  for (const file of bundleSamples()) {
    const { exported } = await roundTrip(file);
    const items = [];
    for await (const i of readLheo(exported, { label: 'x' })) items.push(i);
    assert.ok(items.some((i) => i.type === 'offer'));
    if (xsd) {
      const r = xsd(exported);
      assert.ok(r.ok, r.output);
    }
  }
});

test('the export is valid against lheo-2.3.xsd', {
  skip: xsd ? false : 'xmllint (libxml2-utils) ou lheo-2.3.xsd du lot absent',
}, async () => {
  const h = await openTestDatabase();
  try {
    for (const f of [CATALOGUE, LATIN1, HOSTILE]) await importLheoFile(h.db, f);
    const file = path.join(tempDir(), 'tout.xml');
    assert.equal(await exportTo(h, file), 5);
    const r = xsd!(file);
    assert.ok(r.ok, r.output);
  } finally {
    await h.close();
  }
});

test('escaping: text and attributes cannot become markup', () => {
  assert.equal(escapeText('<script>a && b</script>\r'), '&lt;script&gt;a &amp;&amp; b&lt;/script&gt;&#13;');
  assert.equal(escapeAttribute('"x" <y>\n'), '&quot;x&quot; &lt;y&gt;&#10;');
  // Characters XML 1.0 cannot carry are dropped rather than written.
  assert.equal(escapeText('a\u0000b\u0007c\ud800d'), 'abcd');
  assert.equal(escapeText('😀 é'), '😀 é');
});

test('hostile text comes back escaped in the XML export and in JSON', async () => {
  const h = await openTestDatabase();
  try {
    await importLheoFile(h.db, HOSTILE);
    const file = path.join(tempDir(), 'hostile.xml');
    await exportTo(h, file);
    const xml = fs.readFileSync(file, 'utf8');
    assert.doesNotMatch(xml, /<script|<img|<b |<svg|<iframe|<a href/);
    assert.match(xml, /<intitule-formation>&lt;script&gt;alert\("xss"\)&lt;\/script&gt; Formation &amp; co<\/intitule-formation>/);
    assert.match(xml, /<formation numero="H-1&quot;'&lt;b&gt;">/);
    assert.match(xml, /<extras info="&lt;script&gt;">/);
    // JSON (API and CLI): no raw < > &, and the exact text once parsed.
    const [stored] = await collect(loadOffers(h.db));
    const json = safeJson(stored);
    assert.doesNotMatch(json, /[<>&]/);
    assert.deepEqual(JSON.parse(json), JSON.parse(JSON.stringify(stored)));
    assert.equal((JSON.parse(json) as { offer: LheoOffer }).offer.intitule, '<script>alert("xss")</script> Formation & co');
  } finally {
    await h.close();
  }
});

test('HTTP: GET /api/v1/trainings/export.lheo streams LHEO 2.3; an offer is served as JSON', async () => {
  const h = await openTestDatabase();
  const { app } = await buildServer(h, { logger: false });
  try {
    const empty = await app.inject('/api/v1/trainings/export.lheo');
    assert.equal(empty.statusCode, 404);
    assert.match(empty.json().error, /Aucune offre de formation à exporter/);

    await importLheoFile(h.db, CATALOGUE);
    await importLheoFile(h.db, HOSTILE);
    const res = await app.inject('/api/v1/trainings/export.lheo');
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /^application\/xml/);
    const file = path.join(tempDir(), 'http.xml');
    fs.writeFileSync(file, res.rawPayload);
    const numeros = (await collect(readLheo(file, { label: 'http.xml' }))).flatMap((i) => (i.type === 'offer' ? [i.offer.numero] : []));
    assert.deepEqual(numeros, ['H-1"\'<b>', 'PDL-0001', 'PDL-0002', 'PDL-0003']);
    if (xsd) assert.ok(xsd(file).ok, xsd(file).output);

    const noDemo = await app.inject('/api/v1/trainings/export.lheo?demo=false&source=offres-pays-de-la-loire-2.3');
    assert.equal((noDemo.body.match(/<formation /g) ?? []).length, 2);

    const one = await app.inject(`/api/v1/trainings/offers/texte-hostile/${encodeURIComponent('H-1"\'<b>')}`);
    assert.equal(one.statusCode, 200);
    assert.match(String(one.headers['content-type']), /^application\/json/);
    assert.doesNotMatch(one.body, /[<>]/);
    assert.equal(one.json().offer.intitule, '<script>alert("xss")</script> Formation & co');
    const missing = await app.inject('/api/v1/trainings/offers/texte-hostile/rien');
    assert.equal(missing.statusCode, 404);
  } finally {
    await app.close();
    await h.close();
  }
});

test('nothing to export is an error before any byte is written', async () => {
  const out = new PassThrough();
  let written = 0;
  out.on('data', (c: Buffer) => (written += c.length));
  await assert.rejects(writeLheo([], out), EmptyExportError);
  assert.equal(written, 0);
});

test('the writer streams and respects backpressure', async () => {
  const h = await openTestDatabase();
  try {
    await importLheoFile(h.db, CATALOGUE);
    const [stored] = await collect(loadOffers(h.db, { formations: ['PDL-0001'] }));
    // 3,000 copies through a slow consumer with a tiny buffer.
    const offers = (function* () {
      for (let i = 0; i < 3000; i++) yield { ...stored.offer, numero: `C-${i}` };
    })();
    const out = new PassThrough({ highWaterMark: 1024 });
    let bytes = 0;
    out.on('data', (c: Buffer) => {
      bytes += c.length;
      out.pause();
      setImmediate(() => out.resume());
    });
    const { offers: n } = await writeLheo(offers, out, { indent: false });
    assert.equal(n, 3000);
    out.end();
    await new Promise((r) => out.on('end', r));
    assert.ok(bytes > 3000 * 3000, `${bytes} octets`);
  } finally {
    await h.close();
  }
});

test('several sources sharing identifiers: the export keeps every offer, one identifier each', async () => {
  const h = await openTestDatabase();
  try {
    await importLheoFile(h.db, CATALOGUE, { source: 'a' });
    await importLheoFile(h.db, CATALOGUE, { source: 'b' });
    const all = await collect(exportOffers(h.db));
    assert.deepEqual(
      all.map((o) => o.numero),
      ['PDL-0001', 'PDL-0001@b', 'PDL-0002', 'PDL-0002@b', 'PDL-0003', 'PDL-0003@b'],
    );
    const file = path.join(tempDir(), 'deux-sources.xml');
    await exportTo(h, file);
    const items = await collect(readLheo(file, { label: 'deux-sources.xml' }));
    assert.equal(items.filter((i) => i.type === 'offer').length, 6);
    assert.equal(items.filter((i) => i.type === 'invalid').length, 0);
  } finally {
    await h.close();
  }
});

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}
