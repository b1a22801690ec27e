import fs from 'node:fs';
import path from 'node:path';
import { readCsv, type CsvRow, type Encoding } from '../platform/import/csv.ts';
import type { ImportContext } from '../platform/import/run.ts';
import type { SyncCounts } from '../platform/import/sync.ts';
import { PendingReport as Pending, type FileReport } from '../platform/import/report.ts';
export { Pending };
export { syncReported as sync } from '../platform/import/sync.ts';
export { text } from '../platform/import/values.ts';

/** A bundle file found by pattern; `match` is the pattern's match on its name. */
export interface BundleFile {
  /** Path relative to the bundle (insertion/ij_region_data.csv), used in reports and errors. */
  label: string;
  path: string;
  match: RegExpExecArray;
}

/** Every file of `folder` whose name matches, in name order. */
export function findFiles(dir: string, folder: string, pattern: RegExp): BundleFile[] {
  const abs = path.join(dir, folder);
  if (!fs.existsSync(abs)) return [];
  const out: BundleFile[] = [];
  for (const name of fs.readdirSync(abs).sort()) {
    const match = pattern.exec(name);
    if (match) out.push({ label: `${folder}/${name}`, path: path.join(abs, name), match });
  }
  return out;
}

/** Streams a file's rows with progress, counting them into `pending.read`. */
export async function* rowsOf(
  ctx: ImportContext,
  file: BundleFile,
  pending: Pending,
  options: { encoding: Encoding; delimiter: string; columns: readonly string[] },
): AsyncGenerator<CsvRow> {
  ctx.progress.start(file.label, fs.statSync(file.path).size);
  for await (const r of readCsv(file.path, { ...options, label: file.label, onBytes: (b) => ctx.progress.update(b) })) {
    pending.read++;
    yield r;
  }
}

export function noteCounts(report: FileReport, what: string, counts: SyncCounts): void {
  if (counts.inserted || counts.updated || counts.deleted) {
    report.note(`${what} : ${counts.inserted} ajoutés, ${counts.updated} modifiés, ${counts.deleted} retirés`);
  }
}

// ---- field readers: a value, null when empty, undefined when invalid (the caller rejects) ----

/** A whole number; `blanks` are published stand-ins for "not available" ('nd', 'NA'). */
export function integer(value: string | undefined, blanks: readonly string[] = []): number | null | undefined {
  const v = value?.trim() ?? '';
  if (!v || blanks.includes(v)) return null;
  return /^-?\d+$/.test(v) ? Number(v) : undefined;
}

/** A decimal number written with a point or a comma ("5,7", "0.768…", "3.0"). */
export function decimal(value: string | undefined, blanks: readonly string[] = []): number | null | undefined {
  const v = value?.trim() ?? '';
  if (!v || blanks.includes(v)) return null;
  const normal = v.replace(',', '.');
  return /^-?(\d+\.?\d*|\.\d+)(e-?\d+)?$/i.test(normal) ? Number(normal) : undefined;
}

/** A class 1 to 5 (written "3" or "3.0"). */
export function quintile(value: string | undefined): number | null | undefined {
  const n = decimal(value, ['NA']);
  if (n === null || n === undefined) return n;
  return Number.isInteger(n) && n >= 1 && n <= 5 ? n : undefined;
}

/** A rate in percent, 0 to 100. */
export function percent(value: string | undefined, blanks: readonly string[] = []): number | null | undefined {
  const n = integer(value, blanks);
  if (n === null || n === undefined) return n;
  return n >= 0 && n <= 100 ? n : undefined;
}

/**
 * Converts a row's fields; the first invalid one rejects the row with its column named.
 * `get('tauxChomage', decimal, 'taux')` → the value, or null (check `failed` before using the row).
 */
export class Fields {
  failed = false;
  constructor(
    private readonly row: Record<string, string>,
    private readonly line: number,
    private readonly reject: (line: number, reason: string) => void,
  ) {}

  get<T>(column: string, convert: (v: string | undefined) => T | null | undefined, what: string): T | null {
    if (this.failed) return null;
    const out = convert(this.row[column]);
    if (out === undefined) {
      this.failed = true;
      this.reject(this.line, `${what} invalide « ${this.row[column]} » (${column})`);
      return null;
    }
    return out;
  }
}

export function range(values: Iterable<string>): string {
  const sorted = [...new Set(values)].sort();
  if (!sorted.length) return 'aucune';
  return sorted.length === 1 ? sorted[0] : `${sorted[0]} à ${sorted[sorted.length - 1]}`;
}

export function sample(codes: Iterable<string>): string {
  const sorted = [...new Set(codes)].sort();
  return sorted.length > 10 ? `${sorted.slice(0, 10).join(', ')}…` : sorted.join(', ');
}
