import fs from 'node:fs';
import path from 'node:path';
import { readCsv, type CsvRow, type Encoding } from '../../platform/import/csv.ts';
import { ImportError } from '../../platform/import/errors.ts';
import type { FileReport } from '../../platform/import/report.ts';
import type { ImportContext } from '../../platform/import/run.ts';

/** A file of a bundle folder found by pattern: official names carry a release token (v460). */
export interface FoundFile {
  /** Path relative to the bundle, used in reports and error messages (rome/unix_…_v460_utf8.csv). */
  label: string;
  path: string;
  /** The pattern's first capture group: the release token. */
  token: string;
}

/**
 * Finds the file of `folder` whose name matches `pattern`; when several releases sit side by side,
 * takes the highest token (numeric when both are numbers), so that v461 wins over v460.
 */
export function findFile(dir: string, folder: string, pattern: RegExp): FoundFile | undefined {
  const abs = path.join(dir, folder);
  if (!fs.existsSync(abs)) return undefined;
  let best: FoundFile | undefined;
  for (const name of fs.readdirSync(abs).sort()) {
    const m = pattern.exec(name);
    if (!m) continue;
    const found = { label: `${folder}/${name}`, path: path.join(abs, name), token: m[1] ?? '' };
    if (!best || compareTokens(found.token, best.token) > 0) best = found;
  }
  return best;
}

/** Like findFile, but a missing file stops the import: syncing from nothing would empty a table. */
export function requireFile(dir: string, folder: string, pattern: RegExp, hint: string): FoundFile {
  const found = findFile(dir, folder, pattern);
  if (!found) throw new ImportError(`${folder}/${hint}`, 0, 'fichier introuvable dans le lot de données');
  return found;
}

function compareTokens(a: string, b: string): number {
  const na = Number(a);
  const nb = Number(b);
  if (Number.isFinite(na) && Number.isFinite(nb)) return na - nb;
  return a.localeCompare(b);
}

/**
 * Streams a CSV file's rows, with progress and its report's `read` count. Rows are not kept:
 * the big link files would otherwise sit in memory twice (raw and validated).
 */
export async function* rowsOf(
  ctx: ImportContext,
  file: FoundFile,
  report: FileReport,
  options: { encoding: Encoding; columns: readonly string[]; headerLine?: number; delimiter?: string },
): AsyncGenerator<CsvRow> {
  ctx.progress.start(file.label, fs.statSync(file.path).size);
  for await (const r of readCsv(file.path, { ...options, label: file.label, onBytes: (b) => ctx.progress.update(b) })) {
    report.read++;
    yield r;
  }
}

export { syncReported as sync } from '../../platform/import/sync.ts';
export { text } from '../../platform/import/values.ts';
