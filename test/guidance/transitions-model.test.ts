import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { fitRanking, signalTables } from '../../src/guidance/transitions-fit.ts';
import { COLUMNS, COMMITTED_RANKING, SIGNALS } from '../../src/guidance/transitions-model.ts';
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
