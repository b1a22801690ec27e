import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { fitRanking, signalTables } from '../../src/guidance/transitions-fit.ts';
import { COLUMNS, COMMITTED_RANKING, SIGNALS, SIGNAL_INDEX, reasonsOf, type SignalName } from '../../src/guidance/transitions-model.ts';
import { loadTransitionsData } from '../../scripts/transitions-data.ts';

/** The learned ranking of transitions: its committed weights are what the committed command rebuilds. */
const BUNDLE = bundleDir();
const WEIGHTS = path.resolve(import.meta.dirname, '../../src/guidance/transitions-weights.json');
let handle: DbHandle;

before(async () => {
  if (BUNDLE) handle = await openBundleDatabase();
});
after(async () => {
  await handle?.close();
});

test('the committed weights name every column, were fitted on every source fiche and come with their command', () => {
  assert.deepEqual(Object.keys(COMMITTED_RANKING.weights), [...COLUMNS]);
  assert.deepEqual(COMMITTED_RANKING.fitted.signals, [...SIGNALS]);
  assert.equal(COMMITTED_RANKING.command, 'npm run transitions:weights');
  assert.ok(COMMITTED_RANKING.fitted.sources > 0 && COMMITTED_RANKING.calibration.slope > 0);
});

test('refitting on the bundle rebuilds the committed weights file byte for byte', { skip: !BUNDLE }, async () => {
  const { data, truth } = await loadTransitionsData(handle);
  const sources = [...truth.keys()].sort();
  const rebuilt = `${JSON.stringify(fitRanking(signalTables(data, sources), truth, sources), null, 2)}\n`;
  assert.equal(rebuilt, fs.readFileSync(WEIGHTS, 'utf8'));
});

test('reasons: the strongest groups first, each saying the closest kinship its signals show', () => {
  const signals = new Float64Array(SIGNALS.length);
  const present: SignalName[] = ['grandDomaine', 'sousSecteurs', 'isco2', 'naf'];
  for (const name of present) signals[SIGNAL_INDEX[name]] = 1;
  const weights: Partial<Record<SignalName, number>> = { grandDomaine: 0.5, sousSecteurs: 0.9, naf: 0.1, isco2: 0.3, parent: 0.8 };
  const components = Object.entries(weights).map(([signal, contribution]) => ({
    signal: signal as SignalName,
    label: '',
    value: 1,
    contribution,
  }));
  assert.deepEqual(reasonsOf(components, signals, { coverage: 0.4, sharedSkills: [], sharedMacros: [] }), [
    'Un secteur d’activité en commun avec votre métier.',
    'Même grand domaine professionnel que votre métier.',
    'Groupes de métiers européens voisins (ISCO, via ESCO).',
  ]);
  signals[SIGNAL_INDEX.domaine] = 1;
  signals[SIGNAL_INDEX.secteurPrincipal] = 1;
  signals[SIGNAL_INDEX.parent] = 1;
  assert.deepEqual(reasonsOf(components, signals, { coverage: 0.4, sharedSkills: [], sharedMacros: [] }), [
    'Même secteur d’activité principal que votre métier.',
    'Les deux métiers viennent de la même fiche ROME V3.',
    'Même domaine professionnel que votre métier.',
  ]);
  // With a certification and savoir-faire to acquire, the last reason says which to acquire with the shortest one.
  const context = { coverage: 0.4, sharedSkills: [], sharedMacros: [], toAcquire: ['Pétrir', 'Façonner', 'Cuire'] };
  assert.deepEqual(reasonsOf(components, signals, { ...context, certification: { label: 'CAP boulanger', years: 1, niveau: 3 } }), [
    'Même secteur d’activité principal que votre métier.',
    'Les deux métiers viennent de la même fiche ROME V3.',
    'Compétences à acquérir avec la certification la plus courte qui y mène, « CAP boulanger » (1 an de formation) : « Pétrir » et « Façonner ».',
  ]);
  assert.equal(
    reasonsOf(components, signals, { ...context, certification: { label: 'Titre professionnel boulanger', years: null, niveau: 3 } })[2],
    'Compétences à acquérir avec une certification qui y mène, « Titre professionnel boulanger » (durée non renseignée) : « Pétrir » et « Façonner ».',
  );
  // Nothing to acquire, or no certification: three kinship reasons as before.
  assert.equal(
    reasonsOf(components, signals, { ...context, toAcquire: [], certification: { label: 'CAP boulanger', years: 1, niveau: 3 } })[2],
    'Même domaine professionnel que votre métier.',
  );
});
