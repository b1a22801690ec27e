/**
 * The embeddable widget (issue 14) over the real bundle (communes, EPCI, appellations) and a small
 * demonstration catalogue of trainings: the page lists the trainings of the embed's territory and
 * only them, the same as the training search for that territory; the apprenticeship offers of the
 * territory and not those elsewhere; a French message for a territory it cannot read; the theme's
 * hostile values ignored or escaped; no cookie, any site may frame it; widget.js and the page's
 * script well under 30 KB gzipped.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { importDemoCatalogue } from '../helpers/demo.ts';
import { account, startServer, type TestServer } from '../identity/helpers.ts';
import { createOffer } from '../../src/recruitment/offers.ts';
import { recruitmentDb } from '../../src/recruitment/db.ts';
import type { Principal } from '../../src/platform/http/access.ts';
import type { TrainingSearchResponse } from '../../src/trainings/contract.ts';
import { HEIGHT_SCRIPT } from '../../src/exchange/widget-page.ts';
import { buildServer } from '../../src/app/server.ts';

const skip = bundleDir() ? false : 'PASSERELLES_DATA_DIR absent';
let server: TestServer;
/** The département with the most demonstration offers, one commune of it with offers, its EPCI. */
let dep: { code: string; name: string };
let commune: { code: string; name: string; epci: string | null; epciName: string | null };
const far = { code: '2A004', departement: '2A' };

before(
  async () => {
    if (skip) return;
    server = await startServer(await openBundleDatabase());
    await importDemoCatalogue(server.handle, { size: 600, seed: 'widget', today: '2026-12-01', source: 'demo-widget' });
    const all: TrainingSearchResponse = (await get('/api/v1/trainings?pageSize=1')).json();
    const top = [...all.facets.departement].sort((a, b) => b.count - a.count)[0];
    assert.ok(top && top.count > 10, 'le catalogue de démonstration a des offres dans un département');
    dep = { code: top.value, name: '' };
    const d = await sql<{ name: string }>`SELECT name FROM departement WHERE code = ${dep.code}`.execute(server.handle.db);
    dep.name = d.rows[0].name;
    const inDep: TrainingSearchResponse = (await get(`/api/v1/trainings?departements=${dep.code}&pageSize=100`)).json();
    const counts = new Map<string, number>();
    for (const hit of inDep.results) if (hit.lieu?.commune) counts.set(hit.lieu.commune, (counts.get(hit.lieu.commune) ?? 0) + 1);
    const code = [...counts].sort((a, b) => b[1] - a[1])[0][0];
    const c = await sql<{ code: string; name: string; epci: string | null; epci_name: string | null }>`
      SELECT c.code, c.name, c.epci, e.name AS epci_name FROM commune c LEFT JOIN epci e ON e.siren = c.epci WHERE c.code = ${code}`.execute(
      server.handle.db,
    );
    commune = { code: c.rows[0].code, name: c.rows[0].name, epci: c.rows[0].epci, epciName: c.rows[0].epci_name };

    // Two apprenticeship offers: one in that commune, one in Corse-du-Sud.
    const { rows } = await sql<{ code_ogr: string }>`SELECT code_ogr FROM rome_appellation ORDER BY code_ogr LIMIT 1`.execute(
      server.handle.db,
    );
    const cfa = await account(server, ['cfa']);
    const me: Principal = { accountId: cfa.id, structureId: cfa.structureId, roles: ['cfa'], sessionKey: '' };
    const input = {
      appellation: rows[0].code_ogr,
      company: 'Atelier du Centre',
      description: 'Accueil en atelier avec un maître d’apprentissage, fabrication et relation aux clients.',
      startDate: '2099-09-01',
      diploma: 'CAP Métiers de la mode',
      level: 3,
      rhythm: '2 semaines en entreprise, 1 semaine au CFA',
      places: 1,
    };
    await createOffer(recruitmentDb(server.handle.db), me, {
      ...input,
      title: 'Apprenti couturier près de chez vous',
      commune: commune.code,
    });
    await createOffer(recruitmentDb(server.handle.db), me, { ...input, title: 'Apprenti couturier en Corse', commune: far.code });
  },
  { timeout: 900_000 },
);
after(async () => server?.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  server.app.inject({ method: 'GET', url, headers, remoteAddress: '203.0.113.50' });

/** The trainings a widget page links to, in its order: `source/formation`. */
const trainingLinks = (body: string) =>
  [...body.matchAll(/<a href="\/formations\/([^/"]+)\/([^"]+)" target="_blank" rel="noopener">/g)].map(
    (m) => `${decodeURIComponent(m[1])}/${decodeURIComponent(m[2])}`,
  );
const ids = (r: TrainingSearchResponse) => r.results.map((h) => `${h.source}/${h.formation}`);

test('the page lists the trainings of the département and only them, as the training search does', { skip }, async () => {
  const page = await get(`/widget/formations?departement=${dep.code}`);
  assert.equal(page.statusCode, 200, page.body);
  assert.match(page.headers['content-type'] as string, /^text\/html/);
  const api: TrainingSearchResponse = (await get(`/api/v1/trainings?departements=${dep.code}&pageSize=10`)).json();
  assert.ok(api.total > 10);
  assert.deepEqual(trainingLinks(page.body), ids(api), 'les mêmes formations, dans le même ordre');
  assert.ok(api.results.every((h) => h.lieu?.departement === dep.code));
  assert.match(page.body, new RegExp(`Formations dans le département ${dep.name} \\(${dep.code}\\)`));
  assert.match(page.body, new RegExp(`${api.total.toLocaleString('fr-FR')} formations trouvées`));
  assert.match(page.body, /\(nouvel onglet\)<\/span><\/a><\/h3>/, 'le lien dit qu’il ouvre un nouvel onglet');
  // Page 2 without JavaScript: a link that keeps the territory.
  const next = /<a href="([^"]+)">Page suivante<\/a>/.exec(page.body)?.[1];
  assert.ok(next, 'un lien vers la page suivante');
  const page2 = await get(next.replaceAll('&amp;', '&'));
  const api2: TrainingSearchResponse = (await get(`/api/v1/trainings?departements=${dep.code}&pageSize=10&page=2`)).json();
  assert.deepEqual(trainingLinks(page2.body), ids(api2));
  // A visitor's search (the GET form): keyword and apprenticeship only.
  const word = api.results[0].intitule.split(/\s+/).find((w) => w.length > 5) ?? api.results[0].intitule;
  const searched = await get(`/widget/formations?departement=${dep.code}&q=${encodeURIComponent(word)}&apprentissage=1`);
  const apiSearched: TrainingSearchResponse = (
    await get(`/api/v1/trainings?departements=${dep.code}&q=${encodeURIComponent(word)}&alternance=true&pageSize=10`)
  ).json();
  assert.deepEqual(trainingLinks(searched.body), ids(apiSearched));
  assert.match(searched.body, /<input type="checkbox" id="w-app" name="apprentissage" value="1" checked>/);
  assert.match(searched.body, /<input type="hidden" name="departement" value="[^"]+">/, 'le formulaire garde le territoire');
});

test('a commune with its radius, and an EPCI, read as the training search reads places', { skip }, async () => {
  const page = await get(`/widget/formations?commune=${commune.code}&rayon=20`);
  assert.equal(page.statusCode, 200, page.body);
  const api: TrainingSearchResponse = (await get(`/api/v1/trainings?near=${commune.code}&radiusKm=20&pageSize=10`)).json();
  assert.ok(api.total > 0);
  assert.deepEqual(trainingLinks(page.body), ids(api));
  assert.ok(api.results.every((h) => (h.lieu?.distanceKm ?? 999) <= 20));
  assert.match(page.body, new RegExp(`Formations à moins de 20 km d(e |’)${commune.name}`));

  // Its intercommunality: trainings in the circle that holds it, its own offers exactly.
  assert.ok(commune.epci && commune.epciName, `${commune.code} appartient à un EPCI`);
  const epci = await get(`/widget/formations?epci=${commune.epci}&offres=oui`);
  assert.equal(epci.statusCode, 200, epci.body);
  assert.match(epci.body, /Formations à moins de \d+ km d(e |’)[^<]+, pour l’intercommunalité /);
  assert.ok(epci.body.includes(`dans l’intercommunalité ${commune.epciName}`));
  assert.ok(trainingLinks(epci.body).length > 0);
  assert.match(epci.body, /Apprenti couturier près de chez vous/);
  assert.doesNotMatch(epci.body, /Apprenti couturier en Corse/);
});

test('the apprenticeship offers of the territory when the embed asks for them, and not those elsewhere', { skip }, async () => {
  const without = await get(`/widget/formations?departement=${dep.code}`);
  assert.doesNotMatch(without.body, /Offres de contrat d’apprentissage/);
  const page = await get(`/widget/formations?departement=${dep.code}&offres=1`);
  assert.match(page.body, /<h2 id="w-offres">Offres de contrat d’apprentissage dans le département/);
  assert.match(page.body, /1 offre publiée/);
  assert.match(page.body, /<a href="\/apprentissage\/offres\/\d+" target="_blank" rel="noopener">Apprenti couturier près de chez vous/);
  assert.doesNotMatch(page.body, /Apprenti couturier en Corse/);
  const corse = await get(`/widget/formations?departement=${far.departement}&offres=1`);
  assert.match(corse.body, /Apprenti couturier en Corse/);
  assert.doesNotMatch(corse.body, /près de chez vous/);
  const near = await get(`/widget/formations?commune=${commune.code}&rayon=5&offres=1&q=couturier`);
  assert.match(near.body, /Apprenti couturier près de chez vous/);
  const other = await get(`/widget/formations?commune=${commune.code}&rayon=5&offres=1&q=astronaute`);
  assert.match(other.body, /Aucune offre d’apprentissage publiée ne répond/);
});

test('a territory the widget cannot read: a French message in the frame', { skip }, async () => {
  const cases: [string, RegExp][] = [
    ['departement=999', /Département inconnu : « 999 »/],
    ['commune=00000', /Commune inconnue : « 00000 »/],
    ['epci=123456789', /Intercommunalité inconnue : « 123456789 »/],
    ['commune=49007&departement=49', /Un seul territoire à la fois/],
    ['commune=49007&rayon=900', /Rayon invalide/],
  ];
  for (const [query, message] of cases) {
    const res = await get(`/widget/formations?${query}`);
    assert.equal(res.statusCode, 400, query);
    assert.match(res.headers['content-type'] as string, /^text\/html/);
    assert.match(res.body, /<html lang="fr">/);
    assert.match(res.body, /role="alert"/);
    assert.match(res.body, message, query);
    assert.match(res.body, /Ce module de recherche est mal configuré/);
  }
  // No territory: the whole of France.
  const all = await get('/widget/formations');
  assert.equal(all.statusCode, 200);
  assert.match(all.body, /Formations dans toute la France/);
});

test('the theme: a valid colour, title and font used; hostile ones ignored or escaped', { skip }, async () => {
  const good = await get(
    `/widget/formations?departement=${dep.code}&couleur=%23c60&titre=${encodeURIComponent('Se former en Anjou')}&police=Marianne`,
  );
  assert.match(good.body, /border-bottom:4px solid #cc6600/);
  assert.match(good.body, /<h1>Se former en Anjou<\/h1>/);
  assert.match(good.body, /<title>Se former en Anjou — Passerelles<\/title>/);
  assert.match(good.body, /font-family:"Marianne", system-ui/);

  const hostile = {
    couleur: 'red;}</style><script>alert(1)</script>',
    titre: '<img src=x onerror=alert(2)>"\'',
    police: 'x";}body{display:none',
    q: '"><script>alert(3)</script>',
  };
  const query = new URLSearchParams({
    departement: dep.code,
    couleur: hostile.couleur,
    titre: hostile.titre,
    police: hostile.police,
    q: hostile.q,
  });
  const res = await get(`/widget/formations?${query}`);
  assert.equal(res.statusCode, 200, res.body);
  assert.doesNotMatch(res.body, /<script>alert|<img src=x|display:none|red;\}/);
  assert.match(res.body, /border-bottom:4px solid #000091/, 'la couleur invalide est ignorée');
  assert.match(res.body, /font-family:system-ui/, 'la police invalide est ignorée');
  assert.match(res.body, /<h1>&lt;img src=x onerror=alert\(2\)&gt;&quot;&#39;<\/h1>/);
  assert.match(res.body, /value="&quot;&gt;&lt;script&gt;alert\(3\)&lt;\/script&gt;"/);
  // The only script of the page is its own (and the CSP lets no other run).
  assert.equal([...res.body.matchAll(/<script/g)].length, 1);
  const csp = res.headers['content-security-policy'] as string;
  assert.match(csp, /script-src 'sha256-[^']+'/);
  const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src'));
  assert.ok(scriptSrc && !scriptSrc.includes('unsafe'), csp);
});

test('no cookie, embeddable by any site, cached briefly by anyone', { skip }, async () => {
  for (const url of ['/widget.js', `/widget/formations?departement=${dep.code}`, '/widget/formations?departement=999']) {
    // Even for a visitor who carries the platform's cookies.
    const res = await get(url, { cookie: 'passerelles_session=abc; passerelles_visiteur=def' });
    assert.equal(res.headers['set-cookie'], undefined, url);
    assert.match(String(res.headers['cache-control']), /^public, max-age=\d+$/, url);
    assert.equal(res.headers['x-frame-options'], undefined, url);
  }
  const page = await get(`/widget/formations?departement=${dep.code}`);
  assert.match(page.headers['content-security-policy'] as string, /(^|; )frame-ancestors \*($|;)/);
  // Unlike the portal's pages, whose answers do not invite framing.
  const portal = await get('/api/v1/health');
  assert.doesNotMatch(String(portal.headers['content-security-policy'] ?? ''), /frame-ancestors \*/);
});

test('widget.js: a small script that inserts the titled frame and listens to its origin only', { skip }, async () => {
  const res = await get('/widget.js');
  assert.equal(res.statusCode, 200);
  assert.match(res.headers['content-type'] as string, /^text\/javascript/);
  const gzipped = gzipSync(res.body).length + gzipSync(HEIGHT_SCRIPT).length;
  assert.ok(gzipped < 30 * 1024, `widget.js et le script de la page : ${gzipped} octets compressés`);
  assert.ok(gzipped < 3 * 1024, `bien moins de 30 Ko : ${gzipped} octets`);
  assert.match(res.body, /document\.currentScript/);
  assert.match(res.body, /Recherche de formations — Passerelles/);
  assert.match(res.body, /event\.origin !== origin \|\| event\.source !== frame\.contentWindow/);
  assert.doesNotMatch(res.body, /cookie|localStorage|fetch\(|XMLHttpRequest/);
});

test('the widget is counted by the rate limit as a page is: past it, the French page, still no cookie', { skip }, async () => {
  const { app } = await buildServer(server.handle, { logger: false, rateLimit: 2 });
  try {
    const hit = () => app.inject({ method: 'GET', url: '/widget/formations?departement=999', remoteAddress: '198.51.100.99' });
    assert.equal((await hit()).statusCode, 400);
    assert.equal((await app.inject({ method: 'GET', url: '/widget.js', remoteAddress: '198.51.100.99' })).statusCode, 200);
    const refused = await hit();
    assert.equal(refused.statusCode, 429);
    assert.match(refused.headers['content-type'] as string, /^text\/html/);
    assert.match(refused.body, /Trop de requêtes/);
    assert.equal(refused.headers['set-cookie'], undefined);
  } finally {
    await app.close();
  }
});
