import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { importDemoCatalogue } from '../helpers/demo.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import { linkStrength, splitLinks } from '../../src/referentials/certifications/ranking.ts';

/**
 * Issue 18: a broad certification that merely lists an occupation among five (the CAP agricole
 * "services aux personnes et vente en espace rural" for boulanger) is not offered as a way in.
 */
const BUNDLE = bundleDir();
const TODAY = '2026-12-01';
const SAPVER = /espace rural/i;
let handle: DbHandle;
let app: App;

before(async () => {
  if (!BUNDLE) return;
  handle = await openBundleDatabase();
  await importDemoCatalogue(handle, { size: 3000, seed: 'saint-nazaire', today: TODAY, source: 'demo-liens' });
  ({ app } = await buildServer(handle, { logger: false, rateLimit: 10_000 }));
});

after(async () => {
  await app?.close();
  await handle?.close();
});

test('the rule: first code of a focused list is strong; a list of five is weak', () => {
  assert.equal(linkStrength(1, 1), 'fort');
  assert.equal(linkStrength(2, 2), 'fort');
  assert.equal(linkStrength(2, 3), 'faible');
  assert.equal(linkStrength(1, 5), 'faible');
  const only = [{ lien: 'faible' as const }];
  assert.deepEqual(splitLinks(only), { main: only, seeAlso: [] }, 'an occupation with weak links only still shows them');
});

test('boulanger near Nantes: CAP boulanger first, the CAP agricole SAPVER only under "Voir aussi"', { skip: !BUNDLE }, async () => {
  const res = await app.inject('/api/v1/occupations/D1102/territory/commune/44109');
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as {
    insertion: { items: { certification: { label: string }; lien: string }[] };
    formationsProches: { items: { intitule: string; certification: { intitule?: string | null } | null }[] };
  };
  const strong = body.insertion.items.filter((i) => i.lien === 'fort').map((i) => i.certification.label);
  assert.ok(!strong.some((l) => SAPVER.test(l)), strong.join(' | '));
  for (const hit of body.formationsProches.items) assert.doesNotMatch(JSON.stringify(hit), SAPVER);

  const page = await app.inject('/metiers/D1102?commune=44109');
  assert.equal(page.statusCode, 200);
  const html = page.body;
  const cap = html.search(/CAP boulanger/i);
  assert.ok(cap > 0, 'the CAP boulanger is on the fiche');
  const before = html.slice(0, cap);
  assert.doesNotMatch(before, /(CAP|Bac|BP|MC|CQP|BTS|Certificat)[^<]{0,80}(pâtiss|boulang|vente)/i, 'no other certification before it');
  const sapver = html.search(SAPVER);
  if (sapver >= 0) {
    const details = html.lastIndexOf('<details', sapver);
    assert.ok(details >= 0 && html.indexOf('</details>', details) > sapver, 'the SAPVER appears only inside a disclosure');
    assert.match(html.slice(details, sapver), /Voir aussi/);
  }
});

test('the training search for boulanger offers no SAPVER; the pathway simulator builds none on it', { skip: !BUNDLE }, async () => {
  const search = await app.inject(`/api/v1/trainings?rome=D1102&pageSize=100`);
  assert.equal(search.statusCode, 200, search.body);
  const found = search.json() as { total: number; results: unknown[] };
  assert.ok(found.total > 0);
  for (const hit of found.results) assert.doesNotMatch(JSON.stringify(hit), SAPVER);

  const res = await app.inject({
    method: 'POST',
    url: '/api/v1/pathways',
    payload: { from: 'D1106', to: 'D1102', commune: '44109', radius: 50, today: TODAY, status: 'demandeur' },
  });
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json() as { targets: { pathways: unknown[] }[] };
  assert.ok(
    body.targets.some((t) => t.pathways.length > 0),
    'pathways are built',
  );
  assert.doesNotMatch(res.body, SAPVER);
});
