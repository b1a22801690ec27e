/**
 * The bundle's `evenements/` folder:
 * - `jpo.json`: Onisep open days, keyed by establishment (ENS.…), each date a French text
 *   ("Le 5 avril 2025 de 9h00 à 12h00 (…)"). Nothing in the bundle maps an ENS id to a commune
 *   (SOURCES.md: the Onisep table of establishments is not in it): open days are imported with
 *   their establishment id and a link to its Onisep page, without a place, and the report says so.
 * - `salons_*.json`: orientation fairs (date dd/mm/yyyy, thème, organisateur, ville "Parc Expo —
 *   Rennes", durée "3 jours"), placed on a commune by name (places.ts).
 *
 * Each file stands alone (one missing leaves its events as they are) and is all-or-nothing with
 * the whole import. An entry that cannot be read is rejected with its line, its key and why;
 * a file that is not the expected JSON stops the import. Entries are keyed by their content, so a
 * re-run gives the same rows; events entered by structures are never touched.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { sql } from 'kysely';
import { parseNumericFrenchDate } from '../common/dates.ts';
import { findFiles, type BundleFile } from '../platform/import/bundle.ts';
import { entryLines } from '../platform/import/json-lines.ts';
import { ImportError } from '../platform/import/errors.ts';
import { PendingReport } from '../platform/import/report.ts';
import type { ImportContext, ImportSource } from '../platform/import/run.ts';
import { syncReported, uniqueByKey, type TableSpec } from '../platform/import/sync.ts';
import { agendaDb } from './db.ts';
import type { EventKind } from './contract.ts';
import { searchText } from './events.ts';
import { placeOf } from './places.ts';
import { nextDay, readFrenchWhen, type When } from './when.ts';

const FOLDER = 'evenements';
const JPO = /^jpo.*\.json$/i;
const SALONS = /^salons.*\.json$/i;

export const agendaSource: ImportSource = {
  name: 'evenements',
  present: (dir) => findFiles(dir, FOLDER, JPO).length + findFiles(dir, FOLDER, SALONS).length > 0,
  async run(ctx) {
    for (const f of findFiles(ctx.dir, FOLDER, JPO)) await importOpenDays(ctx, f);
    for (const f of findFiles(ctx.dir, FOLDER, SALONS)) await importFairs(ctx, f);
  },
};

type Row = Record<string, unknown> & { line: number; import_key: string };

const SPEC = (file: string): TableSpec => ({
  table: 'agenda_event',
  key: ['import_key'],
  columns: {
    import_key: 'text',
    source_file: 'text',
    kind: 'text',
    title: 'text',
    organizer: 'text',
    description: 'text',
    start_date: 'date',
    end_date: 'date',
    start_time: 'time',
    end_time: 'time',
    venue: 'text',
    city: 'text',
    commune: 'text',
    establishment: 'text',
    url: 'text',
    search_text: 'text',
  },
  scope: sql`source_file = ${file}`,
  label: `événements de ${file}`,
});

const hash = (text: string) => crypto.createHash('sha256').update(text).digest('hex').slice(0, 16);
const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

/** The file's JSON, or an ImportError naming the line of the fault. */
function readJson(file: BundleFile): { value: unknown; raw: string } {
  const raw = fs.readFileSync(file.path, 'utf8').replace(/^\uFEFF/, '');
  try {
    return { value: JSON.parse(raw), raw };
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message);
    const line = at ? raw.slice(0, Number(at[1])).split('\n').length : 0;
    throw new ImportError(file.label, line, `JSON illisible : ${message}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

// ---- Open days (Onisep) ------------------------------------------------------------------------

const ENS_ID = /^ENS\.\d+$/;

async function importOpenDays(ctx: ImportContext, file: BundleFile): Promise<void> {
  ctx.progress.start(file.label, fs.statSync(file.path).size);
  const { value, raw } = readJson(file);
  if (!isObject(value))
    throw new ImportError(file.label, 1, 'structure inattendue : un objet { "ENS.…": { "jpo": [textes] } } est attendu');
  const lines = entryLines(raw);
  const pending = new PendingReport();
  const rows: Row[] = [];
  let establishments = 0;
  let withDates = 0;
  let previous = 0;
  Object.entries(value).forEach(([ens, entry], i) => {
    const line = lines[i] ?? 0;
    establishments++;
    if (!ENS_ID.test(ens)) {
      pending.read++;
      pending.reject(line, `clé « ${ens} » : identifiant d’établissement Onisep attendu (ENS.nombre)`);
      return;
    }
    const texts = isObject(entry) ? entry.jpo : undefined;
    if (!Array.isArray(texts) || texts.some((t) => typeof t !== 'string')) {
      pending.read++;
      pending.reject(line, `${ens} : structure inattendue (attendu { "jpo": [textes] })`);
      return;
    }
    if (texts.length) withDates++;
    for (const text of texts as string[]) {
      pending.read++;
      const read = readFrenchWhen(text);
      if (!read.ok) {
        if (read.reason.startsWith('date indicative')) previous++;
        pending.reject(line, `${ens} : « ${clean(text)} » : ${read.reason}`);
        continue;
      }
      const organizer = `Établissement Onisep ${ens}`;
      const description = clean(text);
      rows.push({
        line,
        import_key: `${file.label}#${ens}#${hash(description)}`,
        ...eventColumns(file, 'jpo', 'Journée portes ouvertes', organizer, description, read.when),
        establishment: ens,
        url: `https://www.onisep.fr/http/redirection/etablissement/slug/${ens}`,
        search_text: searchText('jpo', [organizer, description, ens]),
      });
    }
  });
  const kept = uniqueByKey(rows, (r) => r.import_key, pending.reject);
  pending.notes.push(
    `${establishments} établissements, ${withDates} avec au moins une date ; ${kept.length} journées portes ouvertes importées`,
    'sans lieu : aucun fichier du lot ne relie un identifiant d’établissement Onisep (ENS.…) à une commune ; ' +
      'chaque journée garde son identifiant et le lien vers la fiche Onisep de l’établissement',
  );
  if (previous)
    pending.notes.push(`${previous} dates indicatives d’éditions précédentes non importées (ce ne sont pas des dates annoncées)`);
  const report = pending.open(ctx, file, `Onisep, journées portes ouvertes ${yearsOf(kept)}`);
  await syncReported(ctx, report, SPEC(file.label), kept);
  ctx.progress.done(report);
}

function eventColumns(file: BundleFile, kind: EventKind, title: string, organizer: string | null, description: string | null, w: When) {
  return {
    source_file: file.label,
    kind,
    title,
    organizer,
    description,
    start_date: w.startDate,
    end_date: w.endDate,
    start_time: w.startTime,
    end_time: w.endTime,
  };
}

function yearsOf(rows: readonly Row[]): string {
  const years = [...new Set(rows.map((r) => String(r.start_date).slice(0, 4)))].sort();
  return years.length ? (years.length > 1 ? `${years[0]}–${years.at(-1)}` : years[0]) : '';
}

// ---- Fairs and forums ----------------------------------------------------------------------------

const FIELDS = ['date', 'thème', 'organisateur', 'ville', 'durée'] as const;
const DURATION = /^(\d{1,2})\s*jours?$/i;

async function importFairs(ctx: ImportContext, file: BundleFile): Promise<void> {
  ctx.progress.start(file.label, fs.statSync(file.path).size);
  const { value, raw } = readJson(file);
  if (!Array.isArray(value)) {
    throw new ImportError(
      file.label,
      1,
      'structure inattendue : une liste d’objets { date, thème, organisateur, ville, durée } est attendue',
    );
  }
  const lines = entryLines(raw);
  const db = agendaDb(ctx.trx);
  const pending = new PendingReport();
  const rows: Row[] = [];
  const unplaced: string[] = [];
  const shared: string[] = [];
  let placed = 0;
  const cache = new Map();
  for (const [i, entry] of value.entries()) {
    const line = lines[i] ?? 0;
    const where = `élément ${i + 1}`;
    pending.read++;
    if (!isObject(entry)) {
      pending.reject(line, `${where} : un objet est attendu`);
      continue;
    }
    const missing = FIELDS.filter((f) => typeof entry[f] !== 'string');
    if (missing.length) {
      pending.reject(
        line,
        `${where} : champ${missing.length > 1 ? 's' : ''} absent${missing.length > 1 ? 's' : ''} ou non textuel${missing.length > 1 ? 's' : ''} : ${missing.join(', ')}`,
      );
      continue;
    }
    const f = entry as Record<(typeof FIELDS)[number], string>;
    const start = parseNumericFrenchDate(f.date);
    if (!start) {
      pending.reject(line, `${where} : date « ${f.date} » illisible (attendu JJ/MM/AAAA)`);
      continue;
    }
    const title = clean(f.thème);
    const ville = clean(f.ville);
    if (!title || !ville) {
      pending.reject(line, `${where} : ${title ? 'ville' : 'thème'} vide`);
      continue;
    }
    let days = 1;
    const duration = clean(f.durée);
    if (duration) {
      const m = DURATION.exec(duration);
      if (!m || Number(m[1]) < 1 || Number(m[1]) > 31) {
        pending.reject(line, `${where} : durée « ${f.durée} » illisible (attendu « 1 jour », « 3 jours »)`);
        continue;
      }
      days = Number(m[1]);
    } else {
      pending.notes.push(`ligne ${line} (${where}) : durée absente, un jour retenu`);
    }
    let end = start;
    for (let d = 1; d < days; d++) end = nextDay(end);
    const organizer = clean(f.organisateur) || null;
    const place = await placeOf(db, ville, cache);
    if (place.commune) placed++;
    else unplaced.push(`ligne ${line} « ${ville} »`);
    if (place.note) shared.push(place.note);
    const kind: EventKind = /\bforum\b/i.test(title) ? 'forum' : 'salon';
    const w: When = { startDate: start, endDate: end, startTime: null, endTime: null };
    rows.push({
      line,
      import_key: `${file.label}#${hash([f.date, title, ville, organizer].join('|'))}`,
      ...eventColumns(file, kind, title, organizer, null, w),
      venue: place.commune ? place.venue : null,
      city: ville,
      commune: place.commune?.code ?? null,
      establishment: null,
      url: null,
      search_text: searchText(kind, [title, organizer, ville, place.commune?.name]),
    });
  }
  const kept = uniqueByKey(rows, (r) => r.import_key, pending.reject);
  pending.notes.push(`${placed} événements placés sur une commune, ${unplaced.length} sans commune trouvée`);
  if (unplaced.length) pending.notes.push(`ville non reconnue comme une commune (événement gardé, sans lieu) : ${unplaced.join(' ; ')}`);
  for (const n of new Set(shared)) pending.notes.push(n);
  const report = pending.open(ctx, file, `salons et forums ${monthsOf(kept)}`);
  await syncReported(ctx, report, SPEC(file.label), kept);
  ctx.progress.done(report);
}

function monthsOf(rows: readonly Row[]): string {
  const months = [...new Set(rows.map((r) => String(r.start_date).slice(0, 7)))].sort();
  return months.length ? (months.length > 1 ? `${months[0]} à ${months.at(-1)}` : months[0]) : '';
}
