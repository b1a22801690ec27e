/**
 * One bulk export as a Node stream, the same for the HTTP routes and the CLI: the rows are read by
 * keyset pages (exports-offers.ts, exports-occupations.ts) and written as CSV, JSON, GeoJSON
 * (exports-format.ts) or LHEO 2.3 (the trainings' LHEO writer), pulled by whoever reads the
 * stream: a slow reader slows the database reads, memory stays flat.
 */
import { PassThrough, Readable } from 'node:stream';
import type { Kysely } from 'kysely';
import { InputError, NotFoundError } from '../platform/errors.ts';
import { log } from '../platform/log.ts';
import { exportOffers } from '../trainings/store.ts';
import { writeLheo } from '../trainings/lheo/write.ts';
import { SUBJECT_FORMATS, type ExportFormat, type ExportSubject, type OffersExportQuery } from './exports-contract.ts';
import { csvChunks, geojsonChunks, jsonArrayChunks } from './exports-format.ts';
import { OFFER_COLUMNS, offerRowPages } from './exports-offers.ts';
import { OCCUPATION_COLUMNS, occupationRowPages } from './exports-occupations.ts';

// biome-ignore lint/suspicious/noExplicitAny: the app's handle is typed by no schema; these queries are plain SQL
type Db = Kysely<any>;

export const MEDIA_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  geojson: 'application/geo+json; charset=utf-8',
  xml: 'application/xml; charset=utf-8',
};

const FILE_NAMES: Record<ExportSubject, string> = { offers: 'offre-formation', occupations: 'metiers-rome' };

export interface OpenedExport {
  stream: Readable;
  mediaType: string;
  /** The file name offered by Content-Disposition (and the CLI's default). */
  fileName: string;
}

export interface ExportRequest {
  what: ExportSubject;
  format: ExportFormat;
  filter?: OffersExportQuery;
}

/**
 * Opens an export. Refuses (InputError) a format the subject has not, and a filter on the
 * occupations or a département filter on the LHEO file; an empty LHEO export is a NotFoundError
 * (a LHEO document holds at least one offer), known before the stream starts.
 */
export async function openExport(db: Db, request: ExportRequest): Promise<OpenedExport> {
  const { what, format } = request;
  const filter = request.filter ?? {};
  if (!SUBJECT_FORMATS[what]) throw new InputError('what', `export inconnu « ${what} » : offers ou occupations sont attendus`);
  if (!SUBJECT_FORMATS[what].includes(format))
    throw new InputError('format', `format « ${format} » non proposé pour ${what} : ${SUBJECT_FORMATS[what].join(', ')}`);
  if (what === 'occupations' && (filter.source !== undefined || filter.departement !== undefined))
    throw new InputError('source', 'les métiers ne se filtrent ni par source ni par département');
  if (filter.departement !== undefined && !/^(\d{2}|2[AB]|97\d)$/.test(filter.departement))
    throw new InputError('departement', `département « ${filter.departement} » invalide : un code INSEE (44, 2A, 974…) est attendu`);
  if (format === 'xml' && filter.departement !== undefined)
    throw new InputError('departement', 'le fichier LHEO ne se filtre pas par département (une offre y garde toutes ses actions)');
  const fileName = `${FILE_NAMES[what]}.${format === 'xml' ? 'lheo.xml' : format}`;
  const mediaType = MEDIA_TYPES[format];
  if (format === 'xml') return { stream: await lheoStream(db, filter.source), mediaType, fileName };
  const chunks =
    what === 'occupations'
      ? format === 'csv'
        ? csvChunks(OCCUPATION_COLUMNS, occupationRowPages(db))
        : jsonArrayChunks(occupationRowPages(db))
      : format === 'csv'
        ? csvChunks(OFFER_COLUMNS, offerRowPages(db, filter))
        : format === 'json'
          ? jsonArrayChunks(offerRowPages(db, filter))
          : geojsonChunks(offerRowPages(db, filter));
  return { stream: Readable.from(chunks, { objectMode: false }), mediaType, fileName };
}

/** The LHEO 2.3 document of the offers (of one source), the first offer read before answering. */
async function lheoStream(db: Db, source: string | undefined): Promise<Readable> {
  const offers = exportOffers(db, source === undefined ? {} : { sources: [source] });
  const first = await offers.next();
  if (first.done) throw new NotFoundError('Aucune offre de formation à exporter.', source === undefined ? undefined : 'source');
  const all = (async function* () {
    yield first.value;
    yield* offers;
  })();
  const body = new PassThrough();
  // A reader that goes away closes the stream: writeLheo then fails, and its loop ends the offers' reading.
  writeLheo(all, body).then(
    () => body.end(),
    (error: Error) => {
      if (!body.destroyed) log.error(error, 'export LHEO interrompu');
      body.destroy(error);
    },
  );
  return body;
}
