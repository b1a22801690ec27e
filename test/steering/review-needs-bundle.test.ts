/**
 * The training-map review and the needs per sector and territory over the real bundle (Pays de la
 * Loire): the InserJeunes averages of each voie, a formation far under its voie's average listed
 * with its reason, a formation listed for its Affelnet pressure, the vintages compared; the BMO
 * bassins, the first « offre de formation à construire » (Nantes) and the rule with the région's
 * ratio; the public API and the CLI (`passerelles steering review --json`, `steering needs`).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { bundleCliDatabase, bundleDir, openBundleDatabase, type CliDatabase } from '../helpers/db.ts';
import { startServer, type TestServer } from '../identity/helpers.ts';
import type { Review } from '../../src/steering/review-contract.ts';
import type { Needs } from '../../src/steering/needs-contract.ts';

const skip = bundleDir() ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/passerelles.js');

let server: TestServer;
let review: Review;
let needs: Needs;
let database: CliDatabase | undefined;

before(
  async () => {
    if (skip) return;
    server = await startServer(await openBundleDatabase());
    const r = await server.app.inject({ method: 'GET', url: '/api/v1/steering/review' });
    assert.equal(r.statusCode, 200, r.body);
    review = r.json();
    const n = await server.app.inject({ method: 'GET', url: '/api/v1/steering/needs' });
    assert.equal(n.statusCode, 200, n.body);
    needs = n.json();
    database = await bundleCliDatabase();
  },
  { timeout: 300_000 },
);
after(async () => {
  await server?.close();
  await database?.drop();
});

test('revue : les moyennes de chaque voie, les promotions de moins de 20 écartées, les millésimes comparés', { skip }, () => {
  assert.deepEqual(review.region, { code: '52', name: 'Pays de la Loire' });
  assert.deepEqual(review.vintages, {
    inserjeunes: '2022_2023',
    etablissements: '2022_2023',
    affelnet: '2022',
    parcoursup: '2024',
    headcount: '2020',
  });
  assert.deepEqual(
    review.averages.map((a) => [a.voie, a.employment, a.furtherStudy, a.formations]),
    [
      ['scolaire', 54.9, 54.8, 177],
      ['apprentissage', 74.4, 41.7, 314],
    ],
  );
  assert.equal(review.excludedSmallCohorts, 271);
  assert.ok(review.formations.every((f) => f.cohort >= 20));
  assert.match(
    review.notes.join('\n'),
    /élèves : constat de rentrée 2020\. Le remplissage rapproche donc des élèves de 2020 et des places 2022 \/ 2024\./,
  );
});

test('revue : une formation loin sous la moyenne et une formation peu demandée, chacune avec sa raison', { skip }, () => {
  const audiovisuel = review.toReview[0];
  assert.equal(audiovisuel.label, 'MONTEUR AUDIOVISUEL (TP)');
  assert.deepEqual(audiovisuel.reasons, [
    'taux d’emploi à 6 mois de 39 % contre 74 % en moyenne régionale (apprentissage), et poursuite d’études sous la moyenne (5 % contre 42 %)',
  ]);
  const proprete = review.toReview.find((f) => f.label === "AGENT DE PROPRETE ET D'HYGIENE (CAP)");
  assert.deepEqual(proprete?.reasons, [
    'taux d’emploi à 6 mois de 35 % contre 55 % en moyenne régionale (voie scolaire), et poursuite d’études sous la moyenne (37 % contre 55 %)',
    'pression 0,3 : 30 demandes pour 100 places (Affelnet 2022, 17 demandes pour 57 places)',
  ]);
  // Every listed formation says why; none is listed without a reason.
  assert.ok(review.toReview.length >= 40);
  assert.ok(review.formations.filter((f) => f.reasons.length).length === review.toReview.length);
});

test('besoins : les bassins BMO, l’offre à construire à Nantes, la règle avec le rapport de la région', { skip }, () => {
  assert.equal(needs.vintages.bmo, '2024');
  assert.equal(needs.bassins.length, 26);
  assert.equal(needs.regionalPlacesPer100, 20.7);
  const [first] = needs.toBuild;
  assert.deepEqual([first.bassinName, first.famille, first.projets, first.saisonniers, first.places], ['NANTES', 'T', 4218, 660, 146]);
  assert.match(needs.rules[0], /moitié du rapport de toute la région \(20,7 pour 100 dans la région : moins de 10,4\)/);
  // Every cell to build has many non-seasonal projects and few places, as the rule says.
  for (const c of needs.toBuild) {
    assert.ok(c.projets - c.saisonniers >= 300, `${c.bassinName} ${c.famille}`);
    assert.ok((c.placesPer100Projects ?? 0) < 10.35, `${c.bassinName} ${c.famille}`);
  }
  const agriculture = needs.byFamily.find((f) => f.famille === 'A');
  assert.equal(agriculture?.projets, 24484);
});

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...database!.env }, encoding: 'utf8', cwd: ROOT });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('CLI : steering review --json, steering needs en texte, une erreur en français', { skip }, () => {
  const json = cli(['steering', 'review', '--voie', 'apprentissage', '--json']);
  assert.equal(json.status, 0, json.stderr);
  const r = JSON.parse(json.stdout) as Review;
  assert.ok(r.formations.length > 250 && r.formations.every((f) => f.voie === 'apprentissage'));
  const text = cli(['steering', 'needs', '--bassin', '5220']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^Besoins par secteur et territoire — Pays de la Loire \(52\)\n/);
  assert.match(
    text.stdout,
    /\n {2}NANTES \(5220\) — Services aux particuliers et aux collectivités : 4\u202f218 projets de recrutement dont 660 saisonniers/,
  );
  const bad = cli(['steering', 'review', '--voie', 'alternance']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /voie attendue : scolaire, apprentissage/);
});
