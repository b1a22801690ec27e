/**
 * LHEO importer. In a bundle: every `formations/*.xml` file whose root is `<lheo>` (LHEO 2.2 or
 * 2.3; the other XML files of the folder, like the GML definition, are skipped). One file:
 * `passerelles trainings import FILE.xml [--source NAME]`.
 *
 * Each file is a **source**: its offers are keyed by their LHEO identifiers within it, so that a
 * newer file of the same source updates offers in place and retires the identifiers it no longer
 * carries. The source is named after the file, without a trailing date (`lheo-pdl-20261126.xml`
 * and `lheo-pdl-20261203.xml` are both the source `lheo-pdl`; in a bundle the most recent wins),
 * or given with --source. Bundle sources whose file left the bundle are retired.
 *
 * An invalid offer is rejected (report: identifier, line, column, reason) and its previous version,
 * if any, is kept; the others are imported. A file that is not well-formed XML stops the import
 * and the transaction leaves the database as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../platform/db/database.ts';
import { ImportError } from '../platform/import/errors.ts';
import type { FileReport, Progress } from '../platform/import/report.ts';
import { runImport, type ImportContext, type ImportResult, type ImportSource } from '../platform/import/run.ts';
import { LHEO_NS_22, LHEO_NS_23 } from './lheo/model.ts';
import { readLheo } from './lheo/read.ts';
import { deleteSources, OfferWriter } from './store.ts';
import { refreshInTransaction } from './search/sync.ts';

const FOLDER = 'formations';
/** A trailing date or timestamp in a file name: AAAAMMJJ, AAAAMMJJhhmmss or AAAA-MM-JJ. */
const DATE_TOKEN = /[-_.](\d{8}|\d{14}|\d{4}-\d{2}-\d{2})$/;

export interface LheoFile {
  /** Path relative to the bundle (or the file name), used in reports. */
  label: string;
  path: string;
  source: string;
  /** The date token of the name ('' when none): the most recent file of a source wins. */
  token: string;
  version: string;
}

/** The source a file belongs to: its name without extension and trailing date. */
export function sourceNameOf(file: string): { source: string; token: string } {
  const stem = path.basename(file).replace(/\.xml$/i, '');
  const m = DATE_TOKEN.exec(stem);
  if (!m || m.index === 0) return { source: stem, token: '' };
  return { source: stem.slice(0, m.index), token: m[1].replace(/-/g, '') };
}

/** Root element and LHEO version read from the first bytes, without parsing the whole file. */
export function sniffLheo(file: string): { lheo: boolean; version: string } {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(4096);
    const n = fs.readSync(fd, head, 0, head.length, 0);
    const text = head.subarray(0, n).toString('latin1').replace(/^\u00ef\u00bb\u00bf/, '');
    const root = /^(?:\s|<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>)*<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s>/]/.exec(text);
    const lheo = root?.[1] === 'lheo';
    const version = text.includes(LHEO_NS_22) ? 'LHEO 2.2' : text.includes(LHEO_NS_23) ? 'LHEO 2.3' : 'LHEO';
    return { lheo, version };
  } finally {
    fs.closeSync(fd);
  }
}

/** The LHEO files of a bundle, one per source (the most recent when a source has several). */
export function lheoFiles(dir: string): { files: LheoFile[]; ignored: LheoFile[] } {
  const folder = path.join(dir, FOLDER);
  if (!fs.existsSync(folder)) return { files: [], ignored: [] };
  const bySource = new Map<string, LheoFile>();
  const ignored: LheoFile[] = [];
  for (const name of fs.readdirSync(folder).sort()) {
    if (!/\.xml$/i.test(name)) continue;
    const full = path.join(folder, name);
    if (!fs.statSync(full).isFile()) continue;
    const sniff = sniffLheo(full);
    if (!sniff.lheo) continue;
    const { source, token } = sourceNameOf(name);
    const file: LheoFile = { label: `${FOLDER}/${name}`, path: full, source, token, version: sniff.version };
    const other = bySource.get(source);
    if (!other || token > other.token) {
      if (other) ignored.push(other);
      bySource.set(source, file);
    } else ignored.push(file);
  }
  return { files: [...bySource.values()], ignored };
}

export const lheoSource: ImportSource = {
  name: 'lheo',
  present: (dir) => lheoFiles(dir).files.length > 0,
  async run(ctx) {
    const { files, ignored } = lheoFiles(ctx.dir);
    const reports: FileReport[] = [];
    for (const f of files) reports.push(await importLheo(ctx, f, 'lot'));
    for (const f of ignored) {
      reports[0]?.note(`${f.label} ignoré : un fichier plus récent de la source « ${f.source} » est importé`);
    }
    // Sources of an earlier bundle whose file is gone: retire their offers.
    const current = files.map((f) => f.source);
    const gone = (await ctx.trx.selectFrom('training_source').select('name').where('kind', '=', 'lot').execute())
      .map((r) => r.name).filter((n) => !current.includes(n));
    if (gone.length && reports[0]) {
      const n = await deleteSources(ctx.trx, gone);
      reports[0].add({ inserted: 0, updated: 0, deleted: n });
      reports[0].note(`source(s) absente(s) du lot retirée(s) : ${gone.join(', ')} (${n} offre(s))`);
    }
    // The search's derived tables commit with the offers, so no search pays for the rebuild.
    await refreshInTransaction(ctx.trx);
  },
};

/** Imports one LHEO file as one source; the report counts offers (formations). */
async function importLheo(ctx: ImportContext, file: LheoFile, kind: 'lot' | 'fichier'): Promise<FileReport> {
  const report = ctx.report(file.label, file.version);
  ctx.progress.start(file.label, fs.statSync(file.path).size);
  const writer = new OfferWriter(ctx.trx, ctx.runId, { name: file.source, kind, file: file.label, lheoVersion: file.version });
  for await (const item of readLheo(file.path, { label: file.label, onBytes: (b) => ctx.progress.update(b) })) {
    if (item.type === 'offer') {
      report.read++;
      await writer.add(item.offer);
    } else if (item.type === 'invalid') {
      report.read++;
      report.reject(item.line, `offre « ${item.numero ?? '?'} », colonne ${item.column} : ${item.reason}`);
      await writer.protect(item.numero);
    } else if (item.type === 'note') {
      report.note(item.text);
    }
  }
  const counts = await writer.finish();
  report.add(counts);
  if (counts.keptPrevious) {
    report.note(`${counts.keptPrevious} offre(s) rejetée(s) gardée(s) dans leur version précédente`);
  }
  if (counts.badCoordinates) {
    report.note(`${counts.badCoordinates} lieu(x) de formation aux coordonnées illisibles : hors recherche par distance`);
  }
  if (counts.unknownCommunes) {
    report.note(`${counts.unknownCommunes} lieu(x) de formation avec un code commune inconnu du COG`);
  }
  ctx.progress.done(report);
  return report;
}

export interface ImportFileOptions {
  /** Source name (defaults to the file name without extension and trailing date). */
  source?: string;
  progress?: Progress;
}

/** `passerelles trainings import FILE.xml`: one file, one transaction, one import run. */
export async function importLheoFile(db: Kysely<Database>, file: string, options: ImportFileOptions = {}): Promise<ImportResult> {
  const abs = path.resolve(file);
  const label = path.basename(abs);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new ImportError(label, 0, 'fichier introuvable');
  const source = options.source ?? sourceNameOf(label).source;
  if (!/^[^\u0000-\u001f]{1,100}$/.test(source)) {
    throw new ImportError(label, 0, 'nom de source invalide (1 à 100 caractères imprimables)');
  }
  const version = sniffLheo(abs).version;
  const one: ImportSource = {
    name: 'lheo',
    present: () => true,
    run: async (ctx) => {
      await importLheo(ctx, { label, path: abs, source, token: '', version }, 'fichier');
      await refreshInTransaction(ctx.trx);
    },
  };
  return runImport(db, path.dirname(abs), [one], options.progress);
}
