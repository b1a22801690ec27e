/**
 * `passerelles agenda list` and `passerelles agenda ics` in a child process, on a copy of the
 * bundle's database: the same filters as the API, text or JSON, an iCalendar file read back by
 * ical.js, French errors naming the option.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import ICAL from 'ical.js';
import { bundleCliDatabase, bundleDir, type CliDatabase } from '../helpers/db.ts';
import type { AgendaEvent } from '../../src/agenda/contract.ts';

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

test('agenda list: filters, JSON and text', { skip }, () => {
  const json = cli(['agenda', 'list', '--when', 'all', '--departement', '35', '--json']);
  assert.equal(json.status, 0, json.stderr);
  const events: AgendaEvent[] = JSON.parse(json.stdout);
  assert.deepEqual(
    events.map((e) => [e.title, e.startDate, e.commune?.code]),
    [
      ['Salon du lycéen et de l’étudiant', '2025-01-09', '35238'],
      ["Salon des études supérieures et de l'alternance", '2025-03-01', '35238'],
      ["Salon de la poursuite d'études et masters", '2025-03-01', '35238'],
    ],
  );
  const text = cli(['agenda', 'list', 'nuit', 'orientation', '--when', 'past', '--commune', '49007', '--radius', '20']);
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /^1 événement\n/);
  assert.match(
    text.stdout,
    /La Nuit de l’Orientation \(Salon\)\n {4}vendredi 24 janvier 2025, toute la journée\n {4}Centre Pierre Cointreau, Angers \(49\), à 0 km/,
  );
  const bad = cli(['agenda', 'list', '--from', '2025-13-01']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--from : date invalide « 2025-13-01 »/);
});

test('agenda ics: an iCalendar file of the filtered events, read back by ical.js', { skip }, () => {
  const r = cli(['agenda', 'ics', '--when', 'all', '--kinds', 'forum']);
  assert.equal(r.status, 0, r.stderr);
  const calendar = new ICAL.Component(ICAL.parse(r.stdout));
  const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
  assert.equal(events.length, 11);
  const brest = events.find((e) => e.location === 'Parc de Penfeld, Brest');
  assert.equal(brest?.summary, 'Le forum de l’apprentissage et de la formation en alternance');
  assert.equal(brest?.startDate.toString(), '2025-01-18');
});
