import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase } from '../helpers/db.ts';
import { ensureData } from '../../src/app/data.ts';
import { OccupationTerritoryFacts } from '../../src/views/occupation-territory-facts.ts';

test('warm reads every occupation ahead; what it read is served until a refresh, then the new data', async () => {
  const handle = await openTestDatabase();
  try {
    await ensureData(handle.db, { dataDir: undefined });
    const facts = new OccupationTerritoryFacts(handle.db);
    const before = await new OccupationTerritoryFacts(handle.db).outcomes('D1102', '52');
    assert.ok(before.certifications > 0, 'des certifications mènent au métier dans les données d’exemple');

    await facts.warm();
    // Changed behind its back, as an import would; nothing was asked of it yet but the warm-up.
    await handle.db.updateTable('rome_fiche').set({ label: 'Boulanger (changé)' }).where('code', '=', 'D1102').execute();
    await sql`DELETE FROM certification_rome WHERE rome IN ('D1102', 'D1104')`.execute(handle.db);
    assert.notEqual((await facts.occupation('D1102'))?.label, 'Boulanger (changé)', 'libellé lu d’avance');
    assert.equal((await facts.outcomes('D1102', '52')).certifications, before.certifications, 'certifications lues d’avance');

    await facts.refresh();
    assert.equal((await facts.occupation('D1102'))?.label, 'Boulanger (changé)');
    const after = await facts.outcomes('D1102', '52');
    assert.ok(after.certifications < before.certifications, `${after.certifications} < ${before.certifications}`);
  } finally {
    await handle.close();
  }
});
