/**
 * Apprenticeship offers: deposited by an employer (or by a CFA for a company), searched by
 * everyone with the training search's ways of reading text and place (French stems and word
 * families, a radius around a commune), ranked so that recruiters who do not answer fall.
 */
import { sql } from 'kysely';
import type { Principal } from '../platform/http/access.ts';
import { ForbiddenError, InputError, NotFoundError } from '../platform/errors.ts';
import { COMMUNE_CODE, ROME_CODE } from '../common/codes.ts';
import { findCommune, territoryDb } from '../territories/index.ts';
import { familyOf, foldWords, haversineKm } from '../trainings/index.ts';
import type { RecruitmentDb } from './db.ts';
import { type RecruiterStats, recruiterStats, NEUTRAL_RESPONSIVENESS, responsiveness } from './stats.ts';
import type { OfferDetail, OfferSummary } from './contract.ts';

export interface OfferInput {
  title: string;
  appellation: string;
  company?: string;
  companySiret?: string;
  description: string;
  commune: string;
  startDate: string;
  diploma: string;
  level?: number | null;
  rhythm: string;
  places: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const today = () => new Date().toISOString().slice(0, 10);

/** Checks an offer's fields against the referentials; returns the row's values. */
async function checkOffer(db: RecruitmentDb, me: Principal, input: OfferInput) {
  const text = (field: string, value: string | undefined, label: string, max: number, min = 1) => {
    const v = (value ?? '').trim();
    if (v.length < min) throw new InputError(field, `${label} : champ obligatoire.`);
    if (v.length > max) throw new InputError(field, `${label} : ${max} caractères au plus.`);
    return v;
  };
  const appellation = await db
    .selectFrom('rome_appellation')
    .select(['code_ogr', 'code_rome'])
    .where('code_ogr', '=', String(input.appellation ?? '').trim())
    .executeTakeFirst();
  if (!appellation) throw new InputError('appellation', 'Métier : choisissez une appellation du ROME dans la liste.');
  if (!COMMUNE_CODE.test(input.commune ?? '')) throw new InputError('commune', 'Commune : choisissez une commune dans la liste.');
  const commune = await db.selectFrom('commune').select('code').where('code', '=', input.commune).executeTakeFirst();
  if (!commune) throw new InputError('commune', `Commune inconnue : ${input.commune}.`);
  if (!DAY.test(input.startDate ?? '') || Number.isNaN(Date.parse(input.startDate))) {
    throw new InputError('startDate', 'Date de début : une date au format AAAA-MM-JJ.');
  }
  const structure = await db
    .selectFrom('structure')
    .select(['name', 'kind'])
    .where('id', '=', me.structureId ?? -1)
    .executeTakeFirst();
  if (!structure) throw new ForbiddenError('Votre compte n’est rattaché à aucune structure : il ne peut pas déposer d’offre.');
  // A CFA deposits for a company, which it names; an employer deposits for itself.
  const forCompany = me.roles.includes('cfa');
  const company = forCompany ? text('company', input.company, 'Entreprise', 200) : structure.name;
  const siret = (input.companySiret ?? '').replace(/\s/g, '');
  if (siret && !/^\d{14}$/.test(siret)) throw new InputError('companySiret', 'SIRET de l’entreprise : 14 chiffres.');
  if (input.level != null && !(Number.isInteger(input.level) && input.level >= 3 && input.level <= 8)) {
    throw new InputError('level', 'Niveau visé : de 3 (CAP) à 8 (doctorat).');
  }
  if (!Number.isInteger(input.places) || input.places < 1 || input.places > 50) {
    throw new InputError('places', 'Nombre de places : de 1 à 50.');
  }
  return {
    title: text('title', input.title, 'Intitulé', 150, 3),
    appellation: appellation.code_ogr,
    rome: appellation.code_rome,
    company,
    company_siret: forCompany ? siret || null : null,
    description: text('description', input.description, 'Description', 5000, 20),
    commune: commune.code,
    start_date: input.startDate,
    diploma: text('diploma', input.diploma, 'Diplôme préparé', 200),
    level: input.level ?? null,
    rhythm: text('rhythm', input.rhythm, 'Rythme de l’alternance', 200),
    places: input.places,
  };
}

export async function createOffer(db: RecruitmentDb, me: Principal, input: OfferInput): Promise<{ id: number }> {
  const values = await checkOffer(db, me, input);
  if (values.start_date < today()) throw new InputError('startDate', 'Date de début : elle est déjà passée.');
  const row = await db
    .insertInto('recruitment_offer')
    .values({ ...values, structure_id: me.structureId!, created_by: me.accountId, state: 'publiee' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id };
}

/** The offer, if the caller's structure deposited it; else NotFound / Forbidden. */
export async function ownOffer(db: RecruitmentDb, me: Principal, id: number) {
  const offer = await db.selectFrom('recruitment_offer').select(['id', 'structure_id', 'state']).where('id', '=', id).executeTakeFirst();
  if (!offer) throw new NotFoundError(`Offre inconnue : ${id}.`, 'id');
  if (offer.structure_id !== me.structureId)
    throw new ForbiddenError('Cette offre a été déposée par une autre structure : vous ne pouvez pas la modifier.');
  return offer;
}

export async function updateOffer(
  db: RecruitmentDb,
  me: Principal,
  id: number,
  input: OfferInput & { state?: 'publiee' | 'pourvue' | 'retiree' },
): Promise<{ id: number }> {
  const offer = await ownOffer(db, me, id);
  if (offer.state === 'moderee') throw new ForbiddenError('Cette offre a été retirée par la modération : elle ne peut plus être modifiée.');
  const values = await checkOffer(db, me, input);
  await db
    .updateTable('recruitment_offer')
    .set({ ...values, state: input.state ?? offer.state, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
  return { id };
}

export interface OfferQuery {
  q?: string;
  /** INSEE code or postcode. */
  commune?: string;
  rayon?: number;
  rome?: string;
  niveau?: number;
  tri?: 'pertinence' | 'distance' | 'debut';
  page?: number;
}

const PAGE_SIZE = 20;

/** The tsquery of a text, read as the training search reads it (stem or word family, ANDed). */
export async function textQuery(db: RecruitmentDb, text: string): Promise<string | null> {
  const words = [...new Set(foldWords(text))].filter((w) => w.length >= 2).slice(0, 8);
  if (!words.length) return null;
  const { rows } = await sql<{ lexemes: string[] }>`
    SELECT tsvector_to_array(to_tsvector('fr', w)) AS lexemes FROM unnest(${words}::text[]) WITH ORDINALITY AS t(w, i) ORDER BY i`.execute(
    db,
  );
  const terms = rows
    .filter((r) => r.lexemes.length)
    .map((r) => {
      const stem = r.lexemes[0];
      const family = familyOf(stem);
      return family ? `('${stem}' | '${family}':*)` : `'${stem}'`;
    });
  return terms.length ? terms.join(' & ') : null;
}

/** Offers with their commune and appellation: the columns every listing of an offer shows. */
function offerRows(db: RecruitmentDb) {
  return db
    .selectFrom('recruitment_offer as o')
    .innerJoin('commune as c', 'c.code', 'o.commune')
    .innerJoin('rome_appellation as a', 'a.code_ogr', 'o.appellation')
    .select([
      'o.id',
      'o.title',
      'o.company',
      'o.structure_id',
      'o.appellation',
      'a.label as appellation_label',
      'o.rome',
      'o.commune',
      'c.name as commune_name',
      'c.departement',
      sql<string>`to_char(o.start_date, 'YYYY-MM-DD')`.as('start_date'),
      'o.diploma',
      'o.level',
      'o.rhythm',
      'o.places',
      'o.state',
    ]);
}

/** The fields of a listed offer, from a row of offerRows. */
function summaryOf(
  r: Awaited<ReturnType<ReturnType<typeof offerRows>['executeTakeFirstOrThrow']>>,
  recruiter: RecruiterStats,
  distanceKm: number | null,
): OfferSummary {
  return {
    id: r.id,
    title: r.title,
    company: r.company,
    appellation: { code: r.appellation, label: r.appellation_label },
    rome: r.rome,
    commune: { code: r.commune, name: r.commune_name, departement: r.departement },
    distanceKm: distanceKm === null ? null : Math.round(distanceKm * 10) / 10,
    startDate: r.start_date,
    diploma: r.diploma,
    level: r.level,
    rhythm: r.rhythm,
    places: r.places,
    state: r.state,
    recruiter,
  };
}

export async function searchOffers(
  db: RecruitmentDb,
  query: OfferQuery,
): Promise<{
  total: number;
  page: number;
  pages: number;
  near: { code: string; name: string } | null;
  notes: string[];
  results: OfferSummary[];
}> {
  const notes: string[] = [];
  let near: { code: string; name: string; lat: number; lon: number } | null = null;
  if (query.commune) {
    const found = await findCommune(territoryDb(db), query.commune);
    if (!found || found.commune.lat == null || found.commune.lon == null) {
      throw new InputError('commune', `Commune inconnue ou sans position : ${query.commune}.`);
    }
    near = { code: found.commune.code, name: found.commune.name, lat: found.commune.lat, lon: found.commune.lon! };
    if (found.note) notes.push(found.note);
  }
  if (query.rome && !ROME_CODE.test(query.rome)) throw new InputError('rome', 'Code ROME : une lettre et quatre chiffres (ex. F1603).');
  const radius = query.rayon ?? 30;
  const tsquery = query.q ? await textQuery(db, query.q) : null;
  if (query.q && !tsquery) notes.push(`« ${query.q} » ne contient aucun mot cherchable : texte ignoré.`);

  let select = offerRows(db)
    .select([
      'c.lat',
      'c.lon',
      tsquery ? sql<number>`ts_rank(o.fts, to_tsquery('simple', ${tsquery}))`.as('rank') : sql<number>`1`.as('rank'),
    ])
    .where('o.state', '=', 'publiee');
  if (tsquery) select = select.where(sql<boolean>`o.fts @@ to_tsquery('simple', ${tsquery})`);
  if (query.rome) select = select.where('o.rome', '=', query.rome);
  if (query.niveau) select = select.where('o.level', '=', query.niveau);
  const rows = await select.execute();

  const hits = rows
    .map((r) => ({ r, distanceKm: near && r.lat != null && r.lon != null ? haversineKm(near.lat, near.lon, r.lat, r.lon) : null }))
    .filter((h) => !near || (h.distanceKm !== null && h.distanceKm <= radius));
  const stats = await recruiterStats(db, [...new Set(hits.map((h) => h.r.structure_id))]);
  const scored = hits.map((h) => {
    const recruiter = stats.get(h.r.structure_id)!;
    const proximity = h.distanceKm === null ? 1 : 1 / (1 + h.distanceKm / 20);
    const score = h.r.rank * proximity * (responsiveness(recruiter) ?? NEUTRAL_RESPONSIVENESS);
    return { ...h, recruiter, score };
  });
  const tri = query.tri ?? (near ? 'pertinence' : 'debut');
  scored.sort((a, b) => {
    if (tri === 'distance' && a.distanceKm !== b.distanceKm) return (a.distanceKm ?? 1e9) - (b.distanceKm ?? 1e9);
    if (tri === 'debut' && a.r.start_date !== b.r.start_date) return a.r.start_date < b.r.start_date ? -1 : 1;
    return b.score - a.score || a.r.id - b.r.id;
  });
  const pages = Math.max(1, Math.ceil(scored.length / PAGE_SIZE));
  const page = Math.min(Math.max(1, query.page ?? 1), pages);
  return {
    total: scored.length,
    page,
    pages,
    near: near && { code: near.code, name: near.name },
    notes,
    results: scored
      .slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)
      .map(({ r, distanceKm, recruiter }) => summaryOf(r, recruiter, distanceKm)),
  };
}

/** One offer: published ones for everyone; the others for their own structure only. */
export async function getOffer(db: RecruitmentDb, id: number, me: Principal | null): Promise<OfferDetail> {
  const r = await offerRows(db).select(['o.description', 'o.company_siret', 'o.created_at']).where('o.id', '=', id).executeTakeFirst();
  const mine = !!r && me?.structureId != null && r.structure_id === me.structureId;
  if (!r || (r.state !== 'publiee' && !mine)) throw new NotFoundError(`Offre inconnue ou retirée : ${id}.`, 'id');
  const stats = await recruiterStats(db, [r.structure_id]);
  return {
    ...summaryOf(r, stats.get(r.structure_id)!, null),
    description: r.description,
    companySiret: r.company_siret,
    createdAt: r.created_at.toISOString(),
    mine,
  };
}

/** The offers of the caller's structure, every state, with their applications by status. */
export async function structureOffers(db: RecruitmentDb, me: Principal) {
  const rows = await db
    .selectFrom('recruitment_offer as o')
    .leftJoin('recruitment_application as ap', 'ap.offer_id', 'o.id')
    .select([
      'o.id',
      'o.title',
      'o.company',
      'o.state',
      sql<string>`to_char(o.start_date, 'YYYY-MM-DD')`.as('start_date'),
      sql<number>`count(ap.id)::int`.as('applications'),
      sql<number>`(count(ap.id) FILTER (WHERE ap.status IN ('envoyee', 'lue')))::int`.as('waiting'),
    ])
    .where('o.structure_id', '=', me.structureId ?? -1)
    .groupBy('o.id')
    .orderBy('o.created_at', 'desc')
    .execute();
  const stats = await recruiterStats(db, me.structureId == null ? [] : [me.structureId]);
  return {
    recruiter: me.structureId == null ? null : stats.get(me.structureId)!,
    offers: rows.map((r) => ({
      id: r.id,
      title: r.title,
      company: r.company,
      state: r.state,
      startDate: r.start_date,
      applications: r.applications,
      waiting: r.waiting,
    })),
  };
}

/** Appellations whose label holds the words (stems and families, as the offers' text search). */
export async function searchAppellations(db: RecruitmentDb, q: string) {
  const tsquery = await textQuery(db, q);
  if (!tsquery) return [];
  const rows = await db
    .selectFrom('rome_appellation')
    .select(['code_ogr as code', 'label', 'code_rome as rome'])
    .where(sql<boolean>`to_tsvector('fr', label) @@ to_tsquery('simple', ${tsquery})`)
    .orderBy(sql`peu_usite`)
    .orderBy(sql`length(label)`)
    .limit(15)
    .execute();
  return rows;
}
