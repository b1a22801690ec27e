import { PendingReport as Pending } from '../platform/import/report.ts';
export { Pending };
export { findFiles, noteCounts, rowsOf, type BundleFile } from '../platform/import/bundle.ts';
export { syncReported as sync } from '../platform/import/sync.ts';
export { text } from '../platform/import/values.ts';

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
