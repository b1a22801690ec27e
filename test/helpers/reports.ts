import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import type { FileReport } from '../../src/platform/import/report.ts';

/** The report of the file whose name matches, among an import's reports (fails when there is none). */
export function reportOf(reports: FileReport[], pattern: RegExp): FileReport {
  const r = reports.find((x) => pattern.test(x.file));
  assert.ok(r, `pas de rapport pour ${pattern}`);
  return r;
}

/** The report stored by the latest import for the file whose name matches (SQL LIKE pattern). */
export async function storedReport(db: DbHandle['db'], pattern: string) {
  return db.selectFrom('import_file').selectAll().where('file', 'like', pattern).orderBy('run_id', 'desc').executeTakeFirstOrThrow();
}
