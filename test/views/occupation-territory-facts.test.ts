import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase } from '../helpers/db.ts';
import { ensureData } from '../../src/app/data.ts';
import { OccupationTerritoryFacts } from '../../src/views/occupation-territory-facts.ts';

test('warm reads every occupation ahead, and a région once asked; what they read is served until a refresh, then the new data', async () => {
  const handle = await openTestDatabase();
  try {
    await ensureData(handle.db, { dataDir: undefined });
    const facts = new OccupationTerritoryFacts(handle.db);
    const before = await new OccupationTerritoryFacts(handle.db).outcomes('D1102', '52');
    assert.ok(before.certifications > 0, 'des certifications mènent au métier dans les données d’exemple');

    // Without a warm-up (the tests' servers), nothing is read ahead.
    const cold = new OccupationTerritoryFacts(handle.db);
    await cold.readAhead('52');

    await facts.warm();
    await facts.readAhead('52');
    // Changed behind their backs, as an import would; nothing was asked of them yet but the reading ahead.
    await handle.db.updateTable('rome_fiche').set({ label: 'Boulanger (changé)' }).where('code', '=', 'D1102').execute();
    await handle.db.updateTable('commune').set({ name: 'Nantes (changé)' }).where('code', '=', '44109').execute();
    assert.equal((await cold.territory('commune', '44109'))?.name, 'Nantes (changé)', 'rien de lu d’avance sans warm');
    assert.equal((await facts.territory('commune', '44109'))?.name, 'Nantes', 'commune de la région lue d’avance');
    await sql`DELETE FROM certification_rome WHERE rome IN ('D1102', 'D1104')`.execute(handle.db);
    assert.notEqual((await facts.occupation('D1102'))?.label, 'Boulanger (changé)', 'libellé lu d’avance');
    assert.equal((await facts.outcomes('D1102', '52')).certifications, before.certifications, 'certifications lues d’avance');

    await facts.refresh();
    assert.equal((await facts.occupation('D1102'))?.label, 'Boulanger (changé)');
    assert.equal((await facts.territory('commune', '44109'))?.name, 'Nantes (changé)');
    const after = await facts.outcomes('D1102', '52');
    assert.ok(after.certifications < before.certifications, `${after.certifications} < ${before.certifications}`);
  } finally {
    await handle.close();
  }
});
