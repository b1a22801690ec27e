/**
 * Importing the real bundle a second time changes nothing but the import log: every file reports
 * zero additions, changes and removals, and every table keeps the same content.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { importBundle } from '../../src/app/data.ts';
import { IMPORT_LOG, snapshot } from '../helpers/tables.ts';

const dir = bundleDir();

test('the bundle imported twice gives the same content in every table', {
  skip: !dir && 'pas de lot (PASSERELLES_DATA_DIR)',
  timeout: 1_200_000,
}, async () => {
  const h = await openBundleDatabase();
  try {
    const before = await snapshot(h.db, IMPORT_LOG);
    const { reports } = await importBundle(h.db, dir!);
    // Every official file was read again: 25 ROME, 3 ESCO, Certif Info and 5 BCN tables, 11 labour-market files.
    const files = (source: string) => reports.filter((r) => r.source === source).length;
    assert.deepEqual([files('rome'), files('esco'), files('certifications'), files('marche-travail')], [25, 3, 6, 11]);
    for (const r of reports) {
      assert.deepEqual([r.inserted, r.updated, r.deleted], [0, 0, 0], `${r.file} a changé au second import`);
      assert.deepEqual(r.removals, []);
    }
    assert.deepEqual(await snapshot(h.db, IMPORT_LOG), before);
  } finally {
    await h.close();
  }
});
