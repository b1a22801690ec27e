/**
 * The steering indicators on the real bundle: `passerelles steering indicators --level epci --json`
 * in a child process lists every EPCI of the région with each indicator's value, source and
 * vintage; every count adds up over the départements to the regional value, which for the new
 * apprenticeship contracts is the figure the baromètre publishes for the région; a rate the INSEE
 * publishes for the région is taken as published; a drawn division (the départements from whole
 * EPCI) gets its figures through the builder's check and through the API.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { bundleCliDatabase, bundleDir, type CliDatabase } from '../helpers/db.ts';
import { figuresDb } from '../../src/steering/figures-db.ts';
import { computeIndicators } from '../../src/steering/indicators.ts';
import { checkIn, saveDivision } from '../../src/steering/builder-divisions.ts';
import { builderDb } from '../../src/steering/builder-db.ts';
import type { Indicators } from '../../src/steering/indicators-contract.ts';

const skip = bundleDir() ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/passerelles.js');

let database: CliDatabase | undefined;

before(
  async () => {
    if (skip) return;
    database = await bundleCliDatabase();
  },
  { timeout: 300_000 },
);
after(async () => {
  await database?.drop();
});

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...database!.env }, encoding: 'utf8', cwd: ROOT });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const figureOf = (t: Indicators['territories'][number], id: string, answer: Indicators) =>
  t.values[answer.definitions.findIndex((d) => d.id === id)].value;

interface CliIndicator {
  id: string;
  label: string;
  value: number | null;
  vintage: string | null;
  source: string;
  estimated: boolean;
}

test('steering indicators --level epci --json: every EPCI of the région with each indicator, its value, source and vintage', {
  skip,
}, async () => {
  const h = await database!.open();
  const { rows } = await sql<{
    siren: string;
  }>`SELECT DISTINCT epci AS siren FROM commune WHERE region = '52' AND epci IS NOT NULL`.execute(h.db);
  await h.close();
  const r = cli(['steering', 'indicators', '--level', 'epci', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const answer = JSON.parse(r.stdout) as { territories: { code: string; name: string; indicators: CliIndicator[] }[] };
  assert.deepEqual(answer.territories.map((t) => t.code).sort(), rows.map((x) => x.siren).sort());
  const nantes = answer.territories.find((t) => t.name.includes('Nantes Métropole'));
  assert.ok(nantes, 'Nantes Métropole est listée');
  const calculated = nantes.indicators.filter((i) => i.vintage !== null);
  assert.ok(calculated.length >= 18, `${calculated.length} indicateurs calculés`);
  for (const i of calculated) {
    assert.ok(i.source.includes('/'), `${i.id} : source avec son fichier`);
    assert.ok(typeof i.value === 'number', `${i.id} : une valeur pour Nantes Métropole`);
  }
  const contracts = nantes.indicators.find((i) => i.id === 'contrats_apprentissage')!;
  assert.equal(contracts.vintage, '2023');
  assert.equal(contracts.estimated, true, 'publié par département : estimé pour un EPCI');
  assert.match(contracts.source, /ind-313\.csv/);
  // The ones without data say which source would feed them.
  const missing = nantes.indicators.filter((i) => i.vintage === null);
  assert.ok(missing.length >= 1);
  for (const i of missing) assert.equal(i.value, null);

  const bad = cli(['steering', 'indicators', '--level', 'canton']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /échelle inconnue/);
});

test('counts add up: départements (and EPCI, to rounding) to the région, which is the published regional figure', { skip }, async () => {
  const h = await database!.open();
  try {
    const db = figuresDb(h.db);
    const region = await computeIndicators(db, 'region');
    const deps = await computeIndicators(db, 'departement');
    const epci = await computeIndicators(db, 'epci');
    assert.equal(deps.territories.length, 5);
    const additive = region.definitions.filter((d) => d.additive && d.status === 'calcule');
    assert.ok(additive.length >= 5, additive.map((d) => d.id).join(', '));
    for (const d of additive) {
      const regional = figureOf(region.territories[0], d.id, region)!;
      const sum = deps.territories.reduce((s, t) => s + (figureOf(t, d.id, deps) ?? 0), 0);
      assert.equal(sum, regional, `${d.id} : somme des départements = région`);
      // EPCI values of a figure spread by population are rounded one by one; L'Île-d'Yeu has no EPCI.
      const byEpci = epci.territories.reduce((s, t) => s + (figureOf(t, d.id, epci) ?? 0), 0);
      assert.ok(
        Math.abs(byEpci - regional) <= epci.territories.length / 2 + regional * 0.01,
        `${d.id} : EPCI ${byEpci} ≈ région ${regional}`,
      );
    }
    const published = await sql<{ value: number }>`
      SELECT value FROM steering_barometre WHERE indicator = 'IND-313' AND geo_level = 'reg' AND geo_code = '52' AND month = '2023-12'`.execute(
      h.db,
    );
    assert.equal(figureOf(region.territories[0], 'contrats_apprentissage', region), published.rows[0].value);
    assert.equal(figureOf(region.territories[0], 'contrats_apprentissage', region), 51_319);
    // Evolution: 2022 as the previous vintage.
    const contracts = region.territories[0].values.find((v) => v.id === 'contrats_apprentissage')!;
    assert.equal(contracts.previous, 51_230);

    // A rate published for the région is the published one, not the mean of its départements.
    const rate = await sql<{ taux: number }>`
      SELECT taux FROM chomage WHERE geo_level = 'reg' AND geo_code = '52' ORDER BY vintage DESC LIMIT 1`.execute(h.db);
    assert.equal(figureOf(region.territories[0], 'taux_chomage', region), rate.rows[0].taux);
    const maineEtLoire = deps.territories.find((t) => t.code === '49')!;
    assert.equal(maineEtLoire.values.find((v) => v.id === 'taux_chomage')!.estimated, false);

    // One territory of a scale; an unknown one is named.
    const one = await computeIndicators(db, 'departement', { code: '49' });
    assert.deepEqual(one.territories, [maineEtLoire]);
    await assert.rejects(computeIndicators(db, 'epci', { code: '999999999' }), /territoire « 999999999 » inconnu/);
  } finally {
    await h.close();
  }
});

test('a division drawn from whole EPCI: the check carries its indicators, the API computes the saved division', { skip }, async () => {
  const h = await database!.open();
  try {
    // Each EPCI in the département holding most of its population; L'Île-d'Yeu (no EPCI) by its code.
    const { rows } = await sql<{ dep: string; epci: string[] }>`
      WITH pop AS (
        SELECT c.epci, c.departement, sum(coalesce(c.population, 0)) AS p FROM commune c
        WHERE c.region = '52' AND c.epci IS NOT NULL GROUP BY 1, 2),
      main AS (SELECT DISTINCT ON (epci) epci, departement FROM pop ORDER BY epci, p DESC)
      SELECT departement AS dep, array_agg(epci ORDER BY epci) AS epci FROM main GROUP BY 1 ORDER BY 1`.execute(h.db);
    const loose = await sql<{ code: string; departement: string }>`
      SELECT code, departement FROM commune WHERE region = '52' AND epci IS NULL`.execute(h.db);
    const division = {
      name: 'Départements par EPCI',
      territories: rows.map((r) => ({
        name: `Territoire ${r.dep}`,
        epci: r.epci,
        communes: loose.rows.filter((c) => c.departement === r.dep).map((c) => c.code),
      })),
    };
    const check = await checkIn(builderDb(h.db), division);
    assert.equal(check.valid, true, check.faults.map((f) => f.message).join(' ; '));
    assert.equal(check.indicators.status, 'calcules');
    const db = figuresDb(h.db);
    const region = await computeIndicators(db, 'region');
    const regional = figureOf(region.territories[0], 'projets_recrutement', region)!;
    const drafted = Object.values(check.indicators.values).reduce((s, v) => s + (v.projets_recrutement ?? 0), 0);
    assert.ok(Math.abs(drafted - regional) <= 5, `brouillon ${drafted} ≈ région ${regional}`);

    const saved = await saveDivision(builderDb(h.db), division, { structureId: null });
    const answer = await computeIndicators(db, 'division', { division: saved.division.id });
    assert.deepEqual(
      answer.territories.map((t) => t.name),
      division.territories.map((t) => t.name),
    );
    assert.equal(
      answer.territories.reduce((s, t) => s + t.communes, 0),
      region.territories[0].communes,
      'chaque commune de la région dans exactement un territoire',
    );
    await assert.rejects(computeIndicators(db, 'division'), /numéro d’un découpage/);
  } finally {
    await h.close();
  }
});
