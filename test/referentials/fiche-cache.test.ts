import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../helpers/db.ts';
import { ensureData } from '../../src/app/data.ts';
import { FicheCache } from '../../src/referentials/fiche.ts';

test('a fiche is read once until the data changes; after a refresh the new data is served', async () => {
  const handle = await openTestDatabase();
  try {
    await ensureData(handle.db, { dataDir: undefined });
    const fiches = new FicheCache(handle.db);
    const fiche = async (code: string) => {
      const json = await fiches.json(code);
      return json === null ? null : (JSON.parse(json) as { code: string; label: string });
    };
    const first = await fiche('D1102');
    assert.ok(first);
    await handle.db.updateTable('rome_fiche').set({ label: 'Boulanger (changé)' }).where('code', '=', 'D1102').execute();
    assert.equal((await fiche('D1102'))?.label, first.label, 'servie depuis la mémoire jusqu’au prochain import');
    assert.equal(await fiche('N9999'), null);
    await fiches.refresh();
    assert.equal((await fiche('D1102'))?.label, 'Boulanger (changé)');
    // After its read-ahead, the page of every fiche, for the server to render ahead (web/fragments.ts).
    assert.deepEqual(fiches.pages(), []);
    await fiches.warm();
    const codes = await handle.db.selectFrom('rome_fiche').select('code').orderBy('code').execute();
    assert.deepEqual(
      fiches.pages(),
      codes.map((f) => `/metiers/${f.code}`),
    );
    assert.ok(fiches.pages().includes('/metiers/D1102'));
  } finally {
    await handle.close();
  }
});
