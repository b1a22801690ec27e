import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase } from '../helpers/db.ts';
import { ensureData } from '../../src/app/data.ts';
import { OccupationTerritoryFacts } from '../../src/views/occupation-territory-facts.ts';
import { tensionForRome, tensionWithBasis } from '../../src/labour-market/index.ts';
import { labourMarketDb } from '../../src/labour-market/db.ts';

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

test('tension figures kept a territory at a time give the database’s answer, until a refresh', async () => {
  const handle = await openTestDatabase();
  try {
    await ensureData(handle.db, { dataDir: undefined });
    const db = labourMarketDb(handle.db);
    const facts = new OccupationTerritoryFacts(handle.db);
    let withBassin = 0;
    let withDares = 0;
    for (const commune of ['44109', '85191', '49007', '13055'])
      for (const rome of ['D1102', 'K2111', 'J1501', 'F1703', 'M1607']) {
        const t = await facts.territory('commune', commune);
        assert.ok(t, commune);
        const where = { region: t.region?.code, departement: t.departement?.code, bassin: t.bassinBmo?.code };
        const kept = await tensionWithBasis(facts.tensionRows, await facts.tensionBasis(rome), where);
        assert.deepEqual(kept, await tensionForRome(db, rome, where), `${rome} × ${commune}`);
        if (kept.bassin) withBassin++;
        if (kept.dares.some((d) => d.geoLevel === 'dep')) withDares++;
      }
    assert.ok(withBassin > 0 && withDares > 0, `chiffres de bassin (${withBassin}) et de département (${withDares}) comparés`);

    // Changed behind its back, as an import would: the kept figures stay until the refresh.
    const where = { region: '52', departement: '44', bassin: (await facts.territory('commune', '44109'))?.bassinBmo?.code };
    const before = await tensionWithBasis(facts.tensionRows, await facts.tensionBasis('D1102'), where);
    const shown = before.dares.find((d) => d.geoLevel === 'dep');
    assert.ok(shown && before.bassin, 'tension du département et du bassin pour le boulanger à Nantes');
    await sql`UPDATE dares_tension SET tension = 9.99 WHERE geo_level = 'dep' AND geo_code = '44' AND fap = ${shown.fap}`.execute(
      handle.db,
    );
    await sql`UPDATE tension_rome_bassin SET offres = 12345 WHERE geo_code = ${where.bassin} AND rome = ${before.bassin.rome}`.execute(
      handle.db,
    );
    assert.deepEqual(await tensionWithBasis(facts.tensionRows, await facts.tensionBasis('D1102'), where), before);
    await facts.refresh();
    const after = await tensionWithBasis(facts.tensionRows, await facts.tensionBasis('D1102'), where);
    assert.equal(after.dares.find((d) => d.fap === shown.fap)?.tension, 9.99);
    assert.equal(after.bassin?.offres, 12345);
  } finally {
    await handle.close();
  }
});
