/**
 * `passerelles steering territories check|clpe` in a child process, on a copy of the bundle's
 * database: a valid division (the départements by EPCI) and a refused one, in text, with
 * the GeoJSON of the communes and their territory; the CLPE compared with the EPCI; a file that is
 * not JSON named in French.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { bundleCliDatabase, bundleDir, type CliDatabase } from '../helpers/db.ts';

const skip = bundleDir() ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/passerelles.js');

let database: CliDatabase | undefined;
let folder: string;
let departements: string;
let metropoles: string;

before(
  async () => {
    if (skip) return;
    database = await bundleCliDatabase();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-builder-cli-'));
    // Each EPCI in the département of its seat commune's majority, read in SQL; L'Île-d'Yeu by its code.
    const h = await database.open();
    const { rows } = await sql<{ dep: string; epci: string[] }>`
      WITH pop AS (
        SELECT c.epci, c.departement, sum(coalesce(c.population, 0)) AS p FROM commune c
        WHERE c.region = '52' AND c.epci IS NOT NULL GROUP BY 1, 2),
      main AS (SELECT DISTINCT ON (epci) epci, departement FROM pop ORDER BY epci, p DESC)
      SELECT departement AS dep, array_agg(epci ORDER BY epci) AS epci FROM main GROUP BY 1 ORDER BY 1`.execute(h.db);
    await h.close();
    departements = path.join(folder, 'departements.json');
    fs.writeFileSync(
      departements,
      JSON.stringify({
        name: 'Départements',
        territories: rows.map((r) => ({ name: r.dep, epci: r.epci, communes: r.dep === '85' ? ['85113'] : [] })),
      }),
    );
    metropoles = path.join(folder, 'metropoles.json');
    fs.writeFileSync(
      metropoles,
      JSON.stringify({ name: 'Essai', territories: [{ name: 'Métropoles', epci: ['244400404', '247200132'] }] }),
    );
  },
  { timeout: 300_000 },
);
after(async () => {
  await database?.drop();
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
});

function cli(args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, ...database!.env }, encoding: 'utf8', cwd: ROOT });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test('check: the départements by EPCI pass, with each territory’s population, and their GeoJSON', { skip }, () => {
  const geojson = path.join(folder, 'departements.geojson');
  const text = cli(['steering', 'territories', 'check', '--file', departements, '--geojson', geojson]);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^Départements — région Pays de la Loire : découpage valide\n/);
  assert.match(text.stdout, /\n49 \| 830\u202f705 \| 175 \| \d+ \| 49 \| oui\n/);
  assert.match(text.stdout, /Région : 3\u202f907\u202f156 habitants, 1\u202f228 communes, dont 1\u202f228 dans un territoire/);
  const fc = JSON.parse(fs.readFileSync(geojson, 'utf8'));
  assert.equal(fc.features.length, 1272);
  assert.equal(fc.features.find((f: { properties: { commune: string } }) => f.properties.commune === '49007').properties.territoire, '49');
});

test('check: a refused division exits 1 and names the EPCI, the communes left out, the separate parts', { skip }, () => {
  const text = cli(['steering', 'territories', 'check', '--file', metropoles]);
  assert.equal(text.status, 1);
  assert.match(text.stdout, /découpage refusé/);
  assert.match(
    text.stdout,
    /✗ Le territoire « Métropoles » n’est pas d’un seul tenant : 2 parties sans frontière commune — 1\) Nantes Métropole \(24 communes\) ; 2\) CU Le Mans Métropole \(20 communes\)\./,
  );
  assert.match(text.stdout, /✗ L’EPCI CU Angers Loire Métropole \(244900015\) n’est dans aucun territoire/);
  assert.match(text.stdout, /✗ La commune L'Île-d'Yeu \(85113\), sans EPCI, n’est dans aucun territoire/);
});

test('clpe: the CLPE compared with the EPCI', { skip }, () => {
  const r = cli(['steering', 'territories', 'clpe', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const body = JSON.parse(r.stdout);
  assert.equal(body.summary, '20 territoires CLPE couvrent la région Pays de la Loire ; aucun ne coupe d’EPCI.');
  assert.equal(body.check.territories.length, 20);
  assert.ok(body.check.territories.some((t: { name: string; population: number }) => t.name === 'Angers' && t.population > 300_000));
});

test('a file that is not JSON, or not a division, is refused in French naming --file', { skip }, () => {
  const broken = path.join(folder, 'broken.json');
  fs.writeFileSync(broken, '{ "name": ');
  const r = cli(['steering', 'territories', 'check', '--file', broken]);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--file : .*broken\.json : JSON invalide/);
  fs.writeFileSync(broken, '{ "name": "x", "territories": [] }');
  const empty = cli(['steering', 'territories', 'check', '--file', broken]);
  assert.match(empty.stderr, /--territories : le découpage doit compter au moins un territoire/);
});
