/**
 * The kit every importer reads a bundle with: files found by pattern (official names carry a
 * release token), rows streamed with progress and counted, the floor of an official file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readCsv, type CsvOptions, type CsvRow } from './csv.ts';
import { ImportError } from './errors.ts';
import type { FileReport } from './report.ts';
import type { ImportContext } from './run.ts';
import type { SyncCounts } from './sync.ts';

export interface BundleFile {
  /** Path relative to the bundle (rome/unix_…_v460_utf8.csv), used in reports and error messages. */
  label: string;
  path: string;
  /** The pattern's first capture group: the release token ('' when none). */
  token: string;
  match: RegExpExecArray;
}

/** Every file of `folder` whose name matches, in name order. */
export function findFiles(dir: string, folder: string, pattern: RegExp): BundleFile[] {
  const abs = path.join(dir, folder);
  if (!fs.existsSync(abs)) return [];
  const out: BundleFile[] = [];
  for (const name of fs.readdirSync(abs).sort()) {
    const match = pattern.exec(name);
    if (match) out.push({ label: `${folder}/${name}`, path: path.join(abs, name), token: match[1] ?? '', match });
  }
  return out;
}

/**
 * The file of `folder` whose name matches; when several releases sit side by side, the highest
 * token (numeric when both are numbers), so that v461 wins over v460.
 */
export function findFile(dir: string, folder: string, pattern: RegExp): BundleFile | undefined {
  let best: BundleFile | undefined;
  for (const found of findFiles(dir, folder, pattern)) {
    if (!best || compareTokens(found.token, best.token) > 0) best = found;
  }
  return best;
}

/** Like findFile, but a missing file stops the import: syncing from nothing would empty a table. */
export function requireFile(dir: string, folder: string, pattern: RegExp, hint: string): BundleFile {
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

export type RowsOptions = Omit<CsvOptions, 'label' | 'onBytes' | 'minRows'> & {
  /**
   * Fewest data rows the official file ever has (the ROME fiches file never has fewer than
   * 1,000): fewer refuses the file. The project's example data (ctx.options.sample) is exempt.
   */
  floor?: number;
};

/**
 * Streams a CSV file's rows with progress, counting them into `counter.read`. Rows are not kept:
 * the big link files would otherwise sit in memory twice (raw and validated).
 */
export async function* rowsOf(
  ctx: ImportContext,
  file: Pick<BundleFile, 'label' | 'path'>,
  counter: { read: number },
  options: RowsOptions,
): AsyncGenerator<CsvRow> {
  const { floor, ...csv } = options;
  ctx.progress.start(file.label, fs.statSync(file.path).size);
  for await (const r of readCsv(file.path, {
    ...csv,
    label: file.label,
    minRows: ctx.options.sample ? undefined : floor,
    onBytes: (b) => ctx.progress.update(b),
  })) {
    counter.read++;
    yield r;
  }
}

export function noteCounts(report: FileReport, what: string, counts: SyncCounts): void {
  if (counts.inserted || counts.updated || counts.deleted) {
    report.note(`${what} : ${counts.inserted} ajoutés, ${counts.updated} modifiés, ${counts.deleted} retirés`);
  }
}
