/**
 * What the figures' importers share: the readers the platform's CSV kit has no encoding or
 * format for (a Mac Roman export, an Excel workbook), number and code checks, and how a file's
 * rows of one key are merged.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import iconv from 'iconv-lite';
import readXlsxFile from 'read-excel-file/node';
import type { BundleFile } from '../platform/import/bundle.ts';
import { ImportError } from '../platform/import/errors.ts';
import type { FileReport } from '../platform/import/report.ts';
import type { ImportContext } from '../platform/import/run.ts';

export const UAI = /^\d{7}[A-Z]$/;
/** MEF_STAT_11: eleven digits, or letters in a few recent codes (32A21031403, 23K00033501). */
export const MEFSTAT11 = /^[0-9A-Z]{11}$/;
export const CFD = /^[0-9A-Z]{8}$/;
export const COMMUNE = /^(\d{5}|2[AB]\d{3})$/;

/** The file's version for its report: the first digits of its SHA-256. */
export function fileHash(file: BundleFile): string {
  return `sha256 ${crypto.createHash('sha256').update(fs.readFileSync(file.path)).digest('hex').slice(0, 12)}`;
}

/** A count as published: digits (a trailing ".0" allowed), or null when the cell is empty or secret. */
export function count(value: unknown, secret?: string): number | null | undefined {
  if (value == null) return null;
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const v = String(value).trim();
  if (!v || v === secret) return null;
  return /^\d+(\.0+)?$/.test(v) ? Number.parseInt(v, 10) : undefined;
}

/** A two-character code as the territories store it ('1' → '01', '2A' stays). */
export const pad2 = (code: string): string => (/^\d$/.test(code) ? `0${code}` : code);

export interface SheetRow {
  line: number;
  row: Record<string, string>;
}

const norm = (s: string) => s.normalize('NFC').trim();

/** Refuses a file whose header lacks a column (same message as the CSV kit). */
function checkColumns(file: BundleFile, line: number, header: string[], columns: readonly string[]): void {
  const missing = columns.filter((c) => !header.includes(norm(c)));
  if (missing.length) throw new ImportError(file.label, line, `colonne(s) absente(s) de l'en-tête : ${missing.join(', ')}`);
}

/** Refuses a file with fewer data rows than its official floor (the project's example data is exempt). */
export function checkFloor(ctx: ImportContext, file: BundleFile, rows: number, lastLine: number, floor: number): void {
  if (rows === 0) throw new ImportError(file.label, lastLine, 'en-tête seul : aucune ligne de données');
  if (!ctx.options.sample && rows < floor) {
    throw new ImportError(
      file.label,
      lastLine,
      `${rows} ligne(s) de données seulement, or le fichier officiel en compte au moins ${floor} : fichier tronqué ?`,
    );
  }
}

/**
 * The rows of the first sheet of an Excel workbook whose first non-empty row holds `columns`
 * (the BMO workbook opens on a sheet describing the variables); line = the row's number in Excel.
 */
export async function readWorkbook(
  ctx: ImportContext,
  file: BundleFile,
  report: FileReport,
  columns: readonly string[],
  floor: number,
): Promise<SheetRow[]> {
  ctx.progress.start(file.label, fs.statSync(file.path).size);
  let sheets: Awaited<ReturnType<typeof readXlsxFile>>;
  try {
    sheets = await readXlsxFile(file.path);
  } catch (error) {
    throw new ImportError(file.label, 0, `classeur Excel illisible : ${(error as Error).message}`);
  }
  ctx.progress.update(fs.statSync(file.path).size);
  let best: { name: string; header: string[] } | undefined;
  for (const sheet of sheets) {
    const at = sheet.data.findIndex((r) => r.some((c) => c != null && String(c).trim()));
    if (at === -1) continue;
    const header = sheet.data[at].map((c) => norm(String(c ?? '')));
    if (!columns.every((c) => header.includes(norm(c)))) {
      best ??= { name: sheet.sheet, header };
      continue;
    }
    const out: SheetRow[] = [];
    for (let i = at + 1; i < sheet.data.length; i++) {
      const cells = sheet.data[i];
      if (cells.every((c) => c == null || !String(c).trim())) continue;
      const row: Record<string, string> = {};
      header.forEach((h, j) => {
        const c = cells[j];
        row[h] = c == null ? '' : String(c).trim();
      });
      out.push({ line: i + 1, row });
    }
    report.read += out.length;
    checkFloor(ctx, file, out.length, sheet.data.length, floor);
    return out;
  }
  if (!best) throw new ImportError(file.label, 0, 'classeur vide : aucune feuille avec des données');
  checkColumns(file, 1, best.header, columns);
  throw new ImportError(file.label, 1, 'aucune feuille avec toutes les colonnes attendues');
}

/**
 * A ';'-separated export in Mac Roman, without quotes, its fields padded with spaces (the Affelnet
 * offer of 2020): each line is one record.
 */
export function readMacRomanCsv(
  ctx: ImportContext,
  file: BundleFile,
  report: FileReport,
  columns: readonly string[],
  floor: number,
): SheetRow[] {
  const size = fs.statSync(file.path).size;
  ctx.progress.start(file.label, size);
  const lines = iconv.decode(fs.readFileSync(file.path), 'macintosh').split(/\r?\n/);
  ctx.progress.update(size);
  const header = (lines[0] ?? '').split(';').map(norm);
  if (!header.join('')) throw new ImportError(file.label, 1, 'fichier vide');
  checkColumns(file, 1, header, columns);
  const out: SheetRow[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const cells = lines[i].split(';');
    if (cells.length !== header.length) {
      throw new ImportError(file.label, i + 1, `nombre de colonnes incorrect (${header.length} attendues, ${cells.length} trouvées)`);
    }
    const row: Record<string, string> = {};
    header.forEach((h, j) => {
      row[h] = cells[j].trim();
    });
    out.push({ line: i + 1, row });
  }
  report.read += out.length;
  checkFloor(ctx, file, out.length, lines.length, floor);
  return out;
}

/**
 * One row per key: a row repeated identically is taken once (counted in a note), a row of the
 * same key with other values is rejected with the line of the first.
 */
export function mergeRepeats<T extends { line: number }>(
  rows: readonly T[],
  keyOf: (row: T) => string,
  report: FileReport,
  valuesOf: (row: T) => unknown,
): T[] {
  const seen = new Map<string, T>();
  let repeated = 0;
  for (const row of rows) {
    const key = keyOf(row);
    const first = seen.get(key);
    if (!first) {
      seen.set(key, row);
    } else if (JSON.stringify(valuesOf(first)) === JSON.stringify(valuesOf(row))) {
      repeated++;
    } else {
      report.reject(row.line, `même clé (${key}) que la ligne ${first.line}, avec d’autres valeurs`);
    }
  }
  if (repeated) report.note(`${repeated} ligne(s) répétée(s) à l’identique, comptée(s) une fois`);
  return [...seen.values()];
}
