import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { openTestDatabase } from '../helpers/db.ts';
import { syncRows, uniqueByKey } from '../../src/platform/import/sync.ts';

const regions = { table: 'region', key: ['code'], columns: { code: 'text', name: 'text' } } as const;

test('syncRows inserts, updates only what differs, deletes what is gone, keeps run_id of unchanged rows', async () => {
  const { db, close } = await openTestDatabase();
  try {
    const sync = (rows: { code: string; name: string }[], run: number) =>
      db.transaction().execute((trx) => syncRows(trx, regions, rows, run));
    assert.deepEqual(
      await sync(
        [
          { code: '52', name: 'Pays de la Loire' },
          { code: '53', name: 'Bretagne' },
        ],
        1,
      ),
      { inserted: 2, updated: 0, deleted: 0, before: 0 },
    );
    assert.deepEqual(
      await sync(
        [
          { code: '52', name: 'Pays de la Loire' },
          { code: '53', name: 'Bretagne' },
        ],
        2,
      ),
      { inserted: 0, updated: 0, deleted: 0, before: 2 },
    );
    assert.deepEqual(
      await sync(
        [
          { code: '52', name: 'Pays-de-la-Loire' },
          { code: '53', name: 'Bretagne' },
          { code: '24', name: 'Centre' },
        ],
        3,
      ),
      { inserted: 1, updated: 1, deleted: 0, before: 2 },
    );
    assert.deepEqual(await sync([{ code: '52', name: 'Pays-de-la-Loire' }], 4), { inserted: 0, updated: 0, deleted: 2, before: 3 });
    const rows = await db.selectFrom('region').selectAll().execute();
    assert.deepEqual(rows, [{ code: '52', name: 'Pays-de-la-Loire', run_id: 3 }]);
  } finally {
    await close();
  }
});

test('syncRows with a scope only deletes the rows it owns', async () => {
  const { db, close } = await openTestDatabase();
  try {
    await db
      .insertInto('departement')
      .values([
        { code: '44', name: 'Loire-Atlantique', region: '52', run_id: 1 },
        { code: '35', name: 'Ille-et-Vilaine', region: '53', run_id: 1 },
      ])
      .execute();
    const spec = {
      table: 'departement',
      key: ['code'],
      columns: { code: 'text', name: 'text', region: 'text' },
      scope: sql`t.region = '52'`,
    };
    const counts = await db.transaction().execute((trx) => syncRows(trx, spec, [{ code: '49', name: 'Maine-et-Loire', region: '52' }], 2));
    assert.deepEqual(counts, { inserted: 1, updated: 0, deleted: 1, before: 1 });
    const codes = (await db.selectFrom('departement').select('code').orderBy('code').execute()).map((r) => r.code);
    assert.deepEqual(codes, ['35', '49']);
  } finally {
    await close();
  }
});

test('hostile text is stored as given (parameters, not SQL)', async () => {
  const { db, close } = await openTestDatabase();
  try {
    const name = `'); DROP TABLE region; -- <script>alert(1)</script>`;
    await db.transaction().execute((trx) => syncRows(trx, regions, [{ code: '99', name }], 1));
    const row = await db.selectFrom('region').select('name').where('code', '=', '99').executeTakeFirstOrThrow();
    assert.equal(row.name, name);
  } finally {
    await close();
  }
});

test('uniqueByKey keeps the first row of a key and rejects the others with their line', () => {
  const rejects: string[] = [];
  const kept = uniqueByKey(
    [
      { line: 2, code: 'A' },
      { line: 3, code: 'B' },
      { line: 4, code: 'A' },
    ],
    (r) => r.code,
    (line, reason) => rejects.push(`${line}: ${reason}`),
  );
  assert.deepEqual(
    kept.map((r) => r.line),
    [2, 3],
  );
  assert.deepEqual(rejects, ['4: doublon de la ligne 2 (clé A)']);
});
