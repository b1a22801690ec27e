import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { importDemoCatalogue } from '../helpers/demo.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { TrainingSearchResponse } from '../../src/trainings/contract.ts';

/**
 * Issue 18: the offers that lead to an occupation only sideways (the CAP agricole « services aux
 * personnes et vente en espace rural » for boulanger, a certification citing five occupations) are
 * not lost: asked with seeAlso, the search gives them after the strong ones, and /formations
 * folds them under « Voir aussi ».
 */
const BUNDLE = bundleDir();
const SAPVER = /espace rural/i;
let handle: DbHandle;
let app: App;

before(async () => {
  if (!BUNDLE) return;
  handle = await openBundleDatabase();
  await importDemoCatalogue(handle, { size: 3000, seed: 'portail', today: '2026-12-01', source: 'demo-voir-aussi' });
  ({ app } = await buildServer(handle, { logger: false, rateLimit: 10_000 }));
});

after(async () => {
  await app?.close();
  await handle?.close();
});

async function trainings(query: string): Promise<TrainingSearchResponse> {
  const res = await app.inject(`/api/v1/trainings?${query}`);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

const key = (h: { source: string; formation: string }) => `${h.source}/${h.formation}`;

test('boulanger: the weakly linked offers come apart, under seeAlso, on the last page only', { skip: !BUNDLE }, async () => {
  const all = await trainings('rome=D1102&pageSize=100&seeAlso=true');
  assert.ok(all.total > 0 && all.pages === 1);
  for (const hit of all.results) assert.doesNotMatch(JSON.stringify(hit), SAPVER, 'the list itself holds strong ways only');
  assert.ok(all.seeAlso, 'the demonstration catalogue has offers of the broad CAP agricole');
  assert.ok(all.seeAlso.results.some((h) => SAPVER.test(h.certification?.label ?? h.intitule)));
  assert.ok(all.seeAlso.total >= all.seeAlso.results.length && all.seeAlso.results.length <= 10);
  const strong = new Set(all.results.map(key));
  for (const hit of all.seeAlso.results) assert.ok(!strong.has(key(hit)), `${hit.intitule} is in both lists`);

  // Not asked for, or before the last page: nothing more (the API's other callers pay nothing).
  assert.equal((await trainings('rome=D1102&pageSize=100')).seeAlso, undefined);
  if (all.total > 1) assert.equal((await trainings('rome=D1102&pageSize=1&seeAlso=true')).seeAlso, undefined);
  // Without an occupation there is no weak link.
  assert.equal((await trainings('q=boulanger&seeAlso=true')).seeAlso, undefined);
});

test('/formations folds the weakly linked offers under « Voir aussi », after the list', { skip: !BUNDLE }, async () => {
  const res = await app.inject('/formations?rome=D1102&commune=44109&rayon=200');
  assert.equal(res.statusCode, 200);
  const html = res.body;
  const list = html.indexOf('id="liste-formations"');
  const details = html.indexOf('<details class="see-also">');
  assert.ok(list > 0 && details > list, 'the strong offers first, then « Voir aussi »');
  assert.match(html.slice(details), /^<details class="see-also"><summary>Voir aussi : /);
  const sapver = html.search(SAPVER);
  assert.ok(sapver > details && html.indexOf('</details>', details) > sapver, 'the SAPVER only inside the disclosure');
});
