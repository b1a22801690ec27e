import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { importDemoCatalogue } from '../helpers/demo.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { TrainingSearchResponse } from '../../src/trainings/contract.ts';

/**
 * Issue 18, no dead ends: an empty radius proposes the nearest offers beyond it and a wider radius;
 * a place typed near Nantes is looked for in the région first (not Boulange, Moselle, for "boulanger").
 */
const BUNDLE = bundleDir();
const TODAY = '2026-12-01';
const PAYS_DE_LA_LOIRE = ['44', '49', '53', '72', '85'];
const RAYONS = [5, 10, 20, 30, 50, 100, 200];
let handle: DbHandle;
let app: App;

before(async () => {
  if (!BUNDLE) return;
  handle = await openBundleDatabase();
  await importDemoCatalogue(handle, { size: 3000, seed: 'saint-nazaire', today: TODAY, source: 'demo-impasses' });
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

// Communes of the région, on its edges: the first with no baker training within 5 km is the case.
const PLACES = ['44184', '85163', '53062', '72181', '49099', '85191', '53130', '44109'];

test('baker trainings: an empty radius offers the nearest ones beyond it', { skip: !BUNDLE }, async () => {
  let place = '';
  let wide: TrainingSearchResponse | undefined;
  for (const commune of PLACES) {
    wide = await trainings(`rome=D1102&near=${commune}&radiusKm=200&sort=distance&pageSize=1`);
    place = commune;
    if ((wide.results[0]?.lieu?.distanceKm ?? 0) >= 6) break;
  }
  assert.ok(wide && wide.total > 0, 'the demonstration catalogue has baker trainings in the région');
  const first = wide.results[0].lieu!.distanceKm!;
  assert.ok(first >= 6, `the nearest is ${first} km away: the test needs an empty radius below it`);
  const radius = Math.floor(first) - 1;

  const empty = await trainings(`rome=D1102&near=${place}&radiusKm=${radius}`);
  assert.equal(empty.total, 0);
  assert.ok(empty.nearest, 'the nearest offers beyond the radius are proposed');
  assert.equal(empty.nearest.results[0].lieu!.distanceKm, first);
  assert.ok(empty.nearest.radiusKm >= Math.max(...empty.nearest.results.map((h) => h.lieu!.distanceKm!)));
  assert.ok(empty.nearest.radiusKm > radius);

  // A radius with results proposes nothing more.
  assert.equal((await trainings(`rome=D1102&near=${place}&radiusKm=200`)).nearest, undefined);

  // The portal: below the nearest offer, the page lists it and links to a radius that holds it.
  const rayon = [...RAYONS].reverse().find((r) => r < first);
  assert.ok(rayon, `a radius of the form below ${first} km`);
  const page = await app.inject(`/formations?rome=D1102&commune=${place}&rayon=${rayon}`);
  assert.equal(page.statusCode, 200);
  const html = page.body.replace(/<!-- -->/g, '');
  assert.match(html, /Aucune offre à moins de \d+ km de [^.]+\. Voici (?:les plus proches|la plus proche), jusqu’à \d+ km\./);
  assert.match(html, /<a href="[^"]*rayon=(\d+)[^"]*">Chercher à moins de \1 km<\/a>/);
  assert.match(html, /id="liste-formations"/, 'the nearest offers are listed');
});

test('the fiche near Noirmoutier (no baker training within 30 km) lists the nearest ones', { skip: !BUNDLE }, async () => {
  const api = await app.inject('/api/v1/occupations/D1102/territory/commune/85163');
  assert.equal(api.statusCode, 200, api.body);
  const local = api.json() as { formationsProches: { total: number; nearest?: { radiusKm: number; items: unknown[] } } };
  assert.equal(local.formationsProches.total, 0, 'this demonstration catalogue has none within 30 km');
  assert.ok(local.formationsProches.nearest && local.formationsProches.nearest.items.length > 0);
  const html = (await app.inject('/metiers/D1102?commune=85163')).body.replace(/<!-- -->/g, '');
  assert.match(html, /Aucune offre à moins de 30 km de Noirmoutier[^.]*\. Voici les plus proches, jusqu’à \d+ km\./);
  assert.match(html, /<a href="\/formations\?rome=D1102&amp;commune=85163&amp;rayon=\d+">Voir les formations plus loin/);
});

test('a place typed "boulanger" is looked for in the région first', { skip: !BUNDLE }, async () => {
  const res = await app.inject('/api/v1/territories/communes?q=boulanger&limit=5&region=52');
  assert.equal(res.statusCode, 200, res.body);
  const hits = res.json() as { name: string; departement: string }[];
  assert.ok(!hits.some((h) => h.name === 'Boulange'), JSON.stringify(hits));
  for (const h of hits) assert.ok(PAYS_DE_LA_LOIRE.includes(h.departement), `${h.name} (${h.departement})`);

  // Communes of the région lead, others follow: "Saint-Herblain" and a common prefix.
  const saint = (await (await app.inject('/api/v1/territories/communes?q=saint&limit=5&region=52')).json()) as { departement: string }[];
  assert.ok(saint.length === 5 && saint.every((h) => PAYS_DE_LA_LOIRE.includes(h.departement)));
  // Without a région, the national order is unchanged.
  const national = (await (await app.inject('/api/v1/territories/communes?q=boulange&limit=1')).json()) as { name: string }[];
  assert.equal(national[0]?.name, 'Boulange');

  // The fiche's place box: "boulanger" typed as a place finds no commune of the région instead of Moselle.
  const page = await app.inject('/metiers/D1102?lieu=boulanger');
  if (page.statusCode === 302) assert.match(String(page.headers.location), /commune=(44|49|53|72|85)/);
  else assert.doesNotMatch(page.body, /Boulange\b/);
});
