/**
 * LHEO importer. In a bundle: every `formations/*.xml` file whose root is `<lheo>` (LHEO 2.2 or
 * 2.3); a known document of the LHEO publication (the GML definition) is skipped with a report of
 * its own, and any other XML file there (empty, not XML, another root) refuses the import. One
 * file: `passerelles trainings import FILE.xml [--source NAME]`.
 *
 * Each file is a **source**: its offers are keyed by their LHEO identifiers within it, so that a
 * newer file of the same source updates offers in place and retires the identifiers it no longer
 * carries. The source is named after the file, without a trailing date (`lheo-pdl-20261126.xml`
 * and `lheo-pdl-20261203.xml` are both the source `lheo-pdl`; in a bundle the most recent wins),
 * or given with --source. Bundle sources whose file left the bundle are kept (the report says so)
 * unless --replace-all. A file without any valid offer for a source that has some is refused
 * unless --allow-shrink; every removal of offers is recorded before commit.
 *
 * An invalid offer is rejected (report: identifier, line, column, reason) and its previous version,
 * if any, is kept; the others are imported. A file that is not well-formed XML stops the import
 * and the transaction leaves the database as it was.
 */
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { TrainingSchema } from './db.ts';
import { ImportError } from '../platform/import/errors.ts';
import type { FileReport, Progress } from '../platform/import/report.ts';
import { runImport, type ImportContext, type ImportResult, type ImportSource } from '../platform/import/run.ts';
import { readLheo } from './lheo/read.ts';
import { isLheoRoot, lheoVersionOf, notLheoReason, readXmlRoot, type XmlRoot } from './lheo/xml.ts';
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

/**
 * Documents of the LHEO publication that sit beside the offers without being offers: a bundle may
 * carry them (the real one has `lheo-2.3-gml-definition.xml`). Keyed by namespace, then root.
 */
const KNOWN_DOCUMENTS: Record<string, Record<string, string>> = {
  'http://www.gelaba.org/gml/1.2': { definitions: 'définition GML du format LHEO' },
  'http://www.w3.org/2001/XMLSchema': { schema: 'schéma XML (XSD)' },
};

function knownDocument(root: XmlRoot): string | undefined {
  const byRoot = Object.hasOwn(KNOWN_DOCUMENTS, root.uri) ? KNOWN_DOCUMENTS[root.uri] : undefined;
  return byRoot && Object.hasOwn(byRoot, root.local) ? byRoot[root.local] : undefined;
}

/** A well-formed document of the LHEO publication that is not offers: skipped with a report. */
export interface OtherLheoDocument {
  label: string;
  path: string;
  /** What it is, in French. */
  what: string;
  version: string;
}

export interface BundleLheoFiles {
  /** One file per source (the most recent when a source has several). */
  files: LheoFile[];
  /** Older files of a source that has a newer one. */
  ignored: LheoFile[];
  /** Known non-offer documents (checked well-formed when imported). */
  others: OtherLheoDocument[];
}

/** Whether the bundle has a formations/ folder with XML files in it. */
function hasXmlFiles(dir: string): boolean {
  const folder = path.join(dir, FOLDER);
  return fs.existsSync(folder) && fs.statSync(folder).isDirectory() && fs.readdirSync(folder).some((n) => /\.xml$/i.test(n));
}

/**
 * The XML files of a bundle's formations/ folder, by their root element: LHEO offers (one per
 * source), known documents of the LHEO publication (skipped), and nothing else: a file that is
 * neither (empty, no root element, not XML, another root) throws an ImportError, since skipping it
 * would silently drop the offers of its source.
 */
export async function lheoFiles(dir: string): Promise<BundleLheoFiles> {
  const out: BundleLheoFiles = { files: [], ignored: [], others: [] };
  if (!hasXmlFiles(dir)) return out;
  const folder = path.join(dir, FOLDER);
  const bySource = new Map<string, LheoFile>();
  for (const name of fs.readdirSync(folder).sort()) {
    if (!/\.xml$/i.test(name)) continue;
    const full = path.join(folder, name);
    const label = `${FOLDER}/${name}`;
    if (!fs.statSync(full).isFile()) continue;
    const root = await readXmlRoot(full, { label });
    if (!isLheoRoot(root)) {
      const what = knownDocument(root);
      if (!what) {
        throw new ImportError(
          label,
          root.line,
          `${notLheoReason(root)} ; ce fichier n’est pas non plus un document connu ` +
            'de la publication LHEO (définition GML) : retirez-le du dossier formations/ ou remplacez-le par un fichier LHEO',
          root.column,
        );
      }
      out.others.push({ label, path: full, what, version: root.attrs.version ? `LHEO ${root.attrs.version}` : 'LHEO' });
      continue;
    }
    const { source, token } = sourceNameOf(name);
    const file: LheoFile = { label, path: full, source, token, version: lheoVersionOf(root) };
    const other = bySource.get(source);
    if (!other || token > other.token) {
      if (other) out.ignored.push(other);
      bySource.set(source, file);
    } else out.ignored.push(file);
  }
  out.files = [...bySource.values()];
  return out;
}

/** What the removal of a source's offers is called in reports. */
const offersOf = (source: string) => `offre(s) de la source « ${source} »`;

export const lheoSource: ImportSource = {
  name: 'lheo',
  present: hasXmlFiles,
  async run(ctx) {
    const { files, ignored, others } = await lheoFiles(ctx.dir);
    const reports: FileReport[] = [];
    for (const f of files) reports.push(await importLheo(ctx, f, 'lot'));
    for (const f of ignored) {
      reports[0]?.note(`${f.label} ignoré : un fichier plus récent de la source « ${f.source} » est importé`);
    }
    for (const d of others) {
      // Checked whole: a damaged copy is refused like any other file of the bundle.
      const report = ctx.report(d.label, d.version);
      ctx.progress.start(d.label, fs.statSync(d.path).size);
      await readXmlRoot(d.path, { label: d.label, whole: true, onBytes: (b) => ctx.progress.update(b) });
      report.note(`ignoré : ${d.label} n’est pas une offre LHEO (${d.what})`);
      ctx.progress.done(report);
    }
    await goneSources(
      ctx,
      files.map((f) => f.source),
      reports[0],
    );
    // The search's derived tables commit with the offers, so no search pays for the rebuild.
    await refreshInTransaction(ctx.trx);
  },
};

/**
 * Sources of an earlier bundle whose file is not in this one: kept (and said), unless
 * --replace-all, which removes them (said before commit).
 */
async function goneSources(ctx: ImportContext, current: readonly string[], first: FileReport | undefined): Promise<void> {
  const { rows } = await sql<{ name: string; n: number }>`
    SELECT s.name, (SELECT count(*)::int FROM training_formation f WHERE f.source = s.name) AS n
    FROM training_source s WHERE s.kind = 'lot' AND NOT (s.name = ANY(${[...current]}::text[])) ORDER BY s.name`.execute(ctx.trx);
  if (!rows.length) return;
  const report = first ?? ctx.report(`${FOLDER}/`, 'LHEO');
  if (!ctx.options.replaceAll) {
    for (const r of rows) {
      report.note(`source « ${r.name} » absente du lot : gardée (${r.n} offre(s)) ; --replace-all pour la retirer`);
    }
    return;
  }
  const n = await deleteSources(
    ctx.trx,
    rows.map((r) => r.name),
  );
  report.add({ inserted: 0, updated: 0, deleted: n });
  for (const r of rows) report.remove(offersOf(r.name), r.n, 'source absente du lot, --replace-all');
  report.note(`source(s) absente(s) du lot retirée(s) (--replace-all) : ${rows.map((r) => r.name).join(', ')} (${n} offre(s))`);
}

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
  if (writer.counts.read === 0 && !ctx.options.allowShrink) {
    // Nothing valid to replace them with: an empty or cut file must not empty the source.
    const had = await ctx.trx
      .selectFrom('training_formation')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('source', '=', file.source)
      .executeTakeFirstOrThrow();
    if (Number(had.n) > 0) {
      throw new ImportError(
        file.label,
        0,
        `aucune offre valide dans ce fichier (${report.read} lue(s), ${report.rejected} rejetée(s)) alors que la source ` +
          `« ${file.source} » en compte ${had.n} : elles seraient retirées. Fichier vide ou tronqué ? ` +
          'Relancez avec --allow-shrink si ce retrait est voulu.',
      );
    }
  }
  const counts = await writer.finish();
  report.add(counts);
  report.remove(offersOf(file.source), counts.deleted, `identifiants absents de ${file.label}`);
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
  /** Accepts a file without any valid offer for a source that has some (they are all removed). */
  allowShrink?: boolean;
}

/** `passerelles trainings import FILE.xml`: one file, one transaction, one import run. */
export async function importLheoFile(db: Kysely<TrainingSchema>, file: string, options: ImportFileOptions = {}): Promise<ImportResult> {
  const abs = path.resolve(file);
  const label = path.basename(abs);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new ImportError(label, 0, 'fichier introuvable');
  const source = options.source ?? sourceNameOf(label).source;
  if (!/^[^\u0000-\u001f]{1,100}$/.test(source)) {
    throw new ImportError(label, 0, 'nom de source invalide (1 à 100 caractères imprimables)');
  }
  const one: ImportSource = {
    name: 'lheo',
    present: () => true,
    run: async (ctx) => {
      // An empty file, or one whose root is not <lheo>, is refused here (never zero offers).
      const root = await readXmlRoot(abs, { label });
      if (!isLheoRoot(root)) throw new ImportError(label, root.line, notLheoReason(root), root.column);
      await importLheo(ctx, { label, path: abs, source, token: '', version: lheoVersionOf(root) }, 'fichier');
      await refreshInTransaction(ctx.trx);
    },
  };
  return runImport(db, path.dirname(abs), [one], options.progress, { allowShrink: options.allowShrink });
}
