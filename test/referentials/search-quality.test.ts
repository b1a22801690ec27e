import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { buildOccupationIndex, loadOccupationDocuments } from '../../src/referentials/search.ts';
import { REALISTIC_QUERIES } from './search-queries.ts';

/**
 * Search quality on the real bundle, through the database: the expected fiche of each realistic
 * query must be in the top 3 for at least 95 % of them. Misses are printed as diagnostics.
 */
test('occupation search: expected fiche in the top 3 for ≥ 95 % of realistic queries', {
  skip: bundleDir() ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)',
}, async (t) => {
  const { db, close } = await openBundleDatabase();
  try {
    const documents = await loadOccupationDocuments(db);
    const index = buildOccupationIndex(documents);
    // Guard against a vacuous pass on a partial import.
    assert.ok(index.stats.fiches >= 1500, `${index.stats.fiches} fiches seulement`);
    assert.ok(
      documents.some((d) => d.kind === 'esco'),
      'aucun libellé ESCO',
    );

    let top3 = 0;
    let top1 = 0;
    const misses: string[] = [];
    for (const q of REALISTIC_QUERIES) {
      const hits = index.search(q.query, { limit: 3 });
      const rank = hits.findIndex((h) => h.code === q.code);
      if (rank === 0) top1++;
      if (rank >= 0) top3++;
      else
        misses.push(
          `« ${q.query} » (${q.category}) attendu ${q.code}, obtenu ${hits.map((h) => `${h.code} ${h.label}`).join(' | ') || 'rien'}`,
        );
    }
    const total = REALISTIC_QUERIES.length;
    t.diagnostic(`top 3 : ${top3}/${total} (${((100 * top3) / total).toFixed(1)} %), top 1 : ${top1}/${total}`);
    for (const m of misses) t.diagnostic(`manqué : ${m}`);
    assert.ok(total >= 70);
    assert.ok(top3 / total >= 0.95, `top 3 ${top3}/${total} < 95 %\n${misses.join('\n')}`);
  } finally {
    await close();
  }
});
