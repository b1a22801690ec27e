/**
 * Training offer search (`GET /api/v1/trainings`, `passerelles trainings search`): free text in
 * French, radius around a commune or a point, ROME code (through the offer's domains and its
 * certifications), certification, level, modalities, CPF eligibility, financeurs, départements and
 * start window; facets with counts; sort by relevance, distance, start date or employment rate.
 *
 * The unit of the results is the offer (LHEO `formation`); an offer matches when one of its
 * actions meets every action-level condition at once (modality, financeur, a place within the
 * radius, a session in the window). Its distance is that of its nearest matching place; its
 * sessions are those of its matching actions. Facets count offers among all the results.
 *
 * How: the text is matched in PostgreSQL (GIN over the offers' French vectors, search/text.ts);
 * every other condition, the facets, the sort and the page's details come from an in-memory index
 * of the offers (search/catalog.ts): radius as a bounding box (places sorted by latitude) then
 * exact haversine. Every value sent to the database is a parameter.
 */
import { sql, type Kysely } from 'kysely';
import type { TrainingSchema } from './db.ts';
import { InputError } from '../platform/errors.ts';
import { numericFrenchDate } from '../common/dates.ts';
import { findCommune, type FoundCommune } from '../territories/communes.ts';
import { Memo } from '../common/memo.ts';
import { analyseText, matchingDocs, type TextQuery } from './search/text.ts';
import { boundingBox, haversineKm } from './search/geo.ts';
import { dayNumber, NO_DAY, trainingIndex, type Rate, type TrainingIndex } from './search/catalog.ts';
import { territoryDb } from '../territories/db.ts';
import { financeurLabel, MODALITE_LABELS, MODALITES, modaliteName, NIVEAU_KEYS, NIVEAU_LABELS, type Modalite } from './search/labels.ts';
import { ROME_CODE } from '../common/codes.ts';
import { linkStrength, splitLinks, type LinkStrength } from '../referentials/certifications/ranking.ts';

type Db = Kysely<TrainingSchema>;

export type TrainingSort = 'relevance' | 'distance' | 'start' | 'employment';
export const TRAINING_SORTS: readonly TrainingSort[] = ['relevance', 'distance', 'start', 'employment'];

export interface TrainingQuery {
  /** Free text in French. */
  text?: string;
  /** A commune (INSEE code or postcode) or a point (WGS84). */
  near?: { commune: string } | { lat: number; lon: number };
  /** Radius around `near`, 1 to 200 km (default 30). */
  radiusKm?: number;
  /** ROME code: offers citing it, or holding a certification Certif Info links to it. */
  rome?: string;
  /** RNCP (RNCP34502), RS (RS5668) or Certif Info (107791) code. */
  certification?: string;
  /** Levels of the cadre national des certifications (1–8). */
  niveau?: number[];
  modalites?: Modalite[];
  cpf?: boolean;
  /** Only offers with an action in alternance (apprenticeship or professionalisation contract). */
  alternance?: boolean;
  /** dict-financeurs codes. */
  financeurs?: string[];
  departements?: string[];
  /** Sessions starting in this window (YYYY-MM-DD, bounds included). */
  startFrom?: string;
  startTo?: string;
  sort?: TrainingSort;
  page?: number;
  pageSize?: number;
  /**
   * With `rome`: on the last page (or when none match), also the offers only weakly linked to the
   * occupation (ranking.ts), in `seeAlso`: what a list shows under "Voir aussi".
   */
  seeAlso?: boolean;
}

export interface SearchOptions {
  /** Reference day for "next sessions" (YYYY-MM-DD, default today). */
  today?: string;
  /** The writable database when `db` is a read replica: the search's derived tables are refreshed there. */
  primary?: Db;
  /** Leave out `nearest` (callers that only want the radius asked, and the widened search itself). */
  noNearest?: boolean;
  /** With a ROME code: the offers only weakly linked to it instead of the strong ones (`seeAlso`). */
  weakLinks?: boolean;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface TrainingHit {
  source: string;
  /** LHEO identifier of the offer within its source. */
  formation: string;
  intitule: string;
  organisme: { siret: string; nom: string };
  /** The nearest matching place (the first one without `near`), with its distance when `near` is set. */
  lieu: {
    ville: string | null;
    codePostal: string | null;
    commune: string | null;
    departement: string | null;
    lat: number | null;
    lon: number | null;
    distanceKm: number | null;
  } | null;
  /** Up to 3 sessions of the matching actions: in the start window, or not yet over. */
  sessions: { action: string; session: string; debut: string | null; fin: string | null; ville: string | null }[];
  certification: { rncp: string | null; rs: string | null; certifinfo: string | null; label: string | null } | null;
  niveau: { value: number; label: string } | null;
  modalites: Modalite[];
  eligibleCpf: boolean;
  /** Set when sorting by employment rate: null when InserJeunes has no rate for it. */
  tauxEmploi?: { taux: number; indicateur: string; millesime: string; voie: string; region: string; source: string } | null;
  /** Why it matched, in French. */
  why: string[];
  /** Demonstration data, not a real offer. */
  demo: boolean;
}

export interface TrainingSearchResponse {
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  sort: TrainingSort;
  /** The point searched around, when `near` is set. */
  near: { label: string; commune: string | null; lat: number; lon: number; radiusKm: number } | null;
  results: TrainingHit[];
  facets: {
    niveau: FacetValue[];
    modalite: FacetValue[];
    cpf: FacetValue[];
    financeur: FacetValue[];
    departement: FacetValue[];
  };
  /** What the search understood or left out (typos, unknown words…). */
  notes: string[];
  /**
   * Nothing within the radius: the nearest offers beyond it (at most 5, up to 200 km) and the
   * radius that holds them, so that a person is never left with an empty list.
   */
  nearest?: { radiusKm: number; results: TrainingHit[] };
  /** Asked with `seeAlso`: the offers only weakly linked to the ROME code (at most 10, same sort), and how many. */
  seeAlso?: { total: number; results: TrainingHit[] };
}

/** Widest radius a search accepts, and how many offers beyond an empty radius are proposed. */
const MAX_RADIUS_KM = 200;
const NEAREST_BEYOND = 5;
/** How many weakly linked offers "Voir aussi" lists. */
const SEE_ALSO = 10;

// ---- validation --------------------------------------------------------------------------------

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_PAGE_SIZE = 100;
/** Deep pages cost a sort of every result: nobody reads past 10,000 offers. */
const MAX_OFFSET = 10_000;

function bad(field: string, message: string): never {
  throw new InputError(field, message);
}

function checkDay(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const d = DAY.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) {
    bad(field, `date invalide : « ${value.slice(0, 20)} » (AAAA-MM-JJ attendu)`);
  }
  return value;
}

interface CodeSets {
  certifinfo: Set<string>;
  /** As offers write them: with and without the "RNCP" prefix. */
  rncp: Set<string>;
  rs: Set<string>;
  /** Certification labels by Certif Info code and by RNCP number. */
  labels: Map<string, string>;
}

interface Plan {
  text: TextQuery | null;
  near: { lat: number; lon: number; radiusKm: number; label: string; commune: string | null } | null;
  /** Strong links' certifications; `weak`: those only weakly linked (ranking.ts), left out. */
  rome: (CodeSets & { codes: string[]; weak: CodeSets }) | null;
  /** Which offers of the ROME code match: the strong ways into it, or only the weak ones (`seeAlso`). */
  romeLink: LinkStrength;
  certification: (CodeSets & { label: string }) | null;
  niveaux: Set<number> | null;
  modalites: Set<string> | null;
  cpf: boolean | undefined;
  alternance: boolean | undefined;
  financeurs: string[] | null;
  departements: Set<string> | null;
  startFrom: string | undefined;
  startTo: string | undefined;
  sort: TrainingSort;
  page: number;
  pageSize: number;
  today: string;
  notes: string[];
}

/** Checks a query and resolves what it names (commune, ROME, certification); 400 on a fault. */
async function plan(db: Db, q: TrainingQuery, options: SearchOptions, ix: TrainingIndex): Promise<Plan> {
  const known = resolvedFor(ix);
  const notes: string[] = [];
  const page = q.page ?? 1;
  const pageSize = q.pageSize ?? 20;
  if (!Number.isInteger(page) || page < 1) bad('page', 'page invalide : un entier ≥ 1 est attendu');
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    bad('pageSize', `taille de page invalide : un entier entre 1 et ${MAX_PAGE_SIZE} est attendu`);
  }
  if ((page - 1) * pageSize >= MAX_OFFSET) bad('page', `page trop lointaine : au plus ${MAX_OFFSET} résultats sont parcourus`);
  const today = checkDay('today', options.today) ?? new Date().toISOString().slice(0, 10);

  if (q.radiusKm !== undefined) {
    if (!q.near) bad('radiusKm', 'un rayon demande un point de départ (near : commune ou position)');
    if (!Number.isFinite(q.radiusKm) || q.radiusKm < 1 || q.radiusKm > 200) bad('radiusKm', 'rayon invalide : entre 1 et 200 km');
  }
  let near: Plan['near'] = null;
  if (q.near) {
    const radiusKm = q.radiusKm ?? 30;
    if ('commune' in q.near) {
      const code = q.near.commune.trim();
      const found = code ? await known.communes.get(code, () => findCommune(territoryDb(db), code)) : undefined;
      if (!found) bad('near', `commune inconnue : « ${code.slice(0, 20)} » (code INSEE ou code postal attendu)`);
      const c = found.commune;
      if (c.lat === null || c.lon === null) bad('near', `position de la commune ${c.name} (${c.code}) inconnue`);
      if (found.note) notes.push(found.note);
      near = { lat: c.lat, lon: c.lon, radiusKm, label: c.name, commune: c.code };
    } else {
      const { lat, lon } = q.near;
      if (!Number.isFinite(lat) || lat < -90 || lat > 90 || !Number.isFinite(lon) || lon < -180 || lon > 180) {
        bad('near', 'position invalide : latitude entre -90 et 90, longitude entre -180 et 180 (degrés décimaux)');
      }
      near = { lat, lon, radiusKm, label: 'la position indiquée', commune: null };
    }
  }

  let rome: Plan['rome'] = null;
  if (q.rome !== undefined) {
    const code = q.rome.trim().toUpperCase();
    if (!ROME_CODE.test(code)) bad('rome', `code ROME invalide : « ${q.rome.slice(0, 20)} » (une lettre A–N et 4 chiffres, ex. H2913)`);
    const links = await known.romes.get(code, () => romeCodes(db, code));
    if (links.note) notes.push(links.note);
    rome = links.rome;
  }
  const certification = q.certification !== undefined ? await certificationCodes(db, q.certification) : null;

  let niveaux: Set<number> | null = null;
  if (q.niveau?.length) {
    for (const n of q.niveau) if (!NIVEAU_KEYS[n]) bad('niveau', `niveau invalide : ${n} (de 1 à 8)`);
    niveaux = new Set(q.niveau);
  }
  let modalites: Set<string> | null = null;
  if (q.modalites?.length) {
    for (const m of q.modalites)
      if (!(m in MODALITES)) bad('modalites', `modalité invalide : « ${String(m).slice(0, 20)} » (presentiel, mixte ou distance)`);
    modalites = new Set(q.modalites.map((m) => MODALITES[m]));
  }
  let financeurs: string[] | null = null;
  if (q.financeurs?.length) {
    for (const f of q.financeurs) {
      if (!/^\d{1,2}$/.test(f) || Number(f) > 30)
        bad('financeurs', `code financeur invalide : « ${f.slice(0, 20)} » (table dict-financeurs, ex. 2 pour le Conseil régional)`);
    }
    financeurs = [...new Set(q.financeurs.map((f) => String(Number(f))))];
  }
  let departements: Set<string> | null = null;
  if (q.departements?.length) {
    for (const d of q.departements)
      if (!/^(\d{2,3}|2[AB])$/i.test(d)) bad('departements', `code de département invalide : « ${d.slice(0, 20)} »`);
    departements = new Set(q.departements.map((d) => d.toUpperCase()));
  }
  const startFrom = checkDay('startFrom', q.startFrom);
  const startTo = checkDay('startTo', q.startTo);
  if (startFrom && startTo && startFrom > startTo) bad('startTo', 'fenêtre de dates vide : startTo précède startFrom');

  let text: TextQuery | null = null;
  if (q.text !== undefined && q.text.trim()) {
    if (q.text.length > 200) bad('q', 'texte trop long : 200 caractères au plus');
    text = await analyseText(db, q.text, () => ix.titleWords());
    if (text) notes.push(...text.notes);
    else notes.push('le texte ne contient aucun mot cherchable (mots vides ou ponctuation) : il est ignoré');
  }

  const sort = q.sort ?? (text ? 'relevance' : near ? 'distance' : 'start');
  if (!TRAINING_SORTS.includes(sort)) bad('sort', `tri invalide : « ${String(sort).slice(0, 20)} » (${TRAINING_SORTS.join(', ')})`);
  if (sort === 'distance' && !near) bad('sort', 'le tri par distance demande un point de départ (near)');
  if (sort === 'relevance' && !text && q.sort) notes.push('tri par pertinence sans texte : les offres sont triées par date de début');

  return {
    text,
    near,
    rome,
    romeLink: options.weakLinks ? 'faible' : 'fort',
    certification,
    niveaux,
    modalites,
    cpf: q.cpf,
    alternance: q.alternance,
    financeurs,
    departements,
    startFrom,
    startTo,
    sort,
    page,
    pageSize,
    today,
    notes,
  };
}

function codeSets(
  rows: { code: string; rncp: string | null; label: string }[],
  extra: { certifinfo?: string[]; rncp?: string[]; rs?: string[] } = {},
): CodeSets {
  const labels = new Map<string, string>();
  for (const r of rows) {
    labels.set(r.code, r.label);
    if (r.rncp) labels.set(`RNCP${r.rncp}`, r.label);
  }
  return {
    certifinfo: new Set([...rows.map((r) => r.code), ...(extra.certifinfo ?? [])]),
    rncp: new Set([...rows.flatMap((r) => (r.rncp ? [r.rncp, `RNCP${r.rncp}`] : [])), ...(extra.rncp ?? [])]),
    rs: new Set(extra.rs ?? []),
    labels,
  };
}

/**
 * Reads ahead, for the index searches use now (see Refreshable.warm), the certifications each ROME
 * code leads to and where each commune is: a search by ROME around a commune then starts from them.
 */
export async function warmSearch(db: Db, ahead: { romes?: readonly string[]; communes?: readonly string[] }): Promise<void> {
  const known = resolvedFor(await trainingIndex(db));
  for (const code of ahead.romes ?? []) await known.romes.get(code, () => romeCodes(db, code));
  for (const code of ahead.communes ?? []) await known.communes.get(code, () => findCommune(territoryDb(db), code));
}

/** Communes and ROME links the searches resolve, kept with the index they were read for: a new index comes with any import. */
const resolved = new WeakMap<TrainingIndex, { communes: Memo<FoundCommune | undefined>; romes: Memo<RomeLinks> }>();

function resolvedFor(ix: TrainingIndex) {
  let known = resolved.get(ix);
  if (!known) resolved.set(ix, (known = { communes: new Memo(), romes: new Memo() }));
  return known;
}

interface RomeLinks {
  rome: NonNullable<Plan['rome']>;
  note?: string;
}

/**
 * The ROME code, its ROME v3 parent (Certif Info still cites v3 codes) and the certifications
 * Certif Info links to either.
 */
async function romeCodes(db: Db, code: string): Promise<RomeLinks> {
  const fiche = await db.selectFrom('rome_fiche').select(['label', 'rome_v3_parent']).where('code', '=', code).executeTakeFirst();
  const note = fiche ? undefined : `code ROME ${code} absent du référentiel importé : seuls les codes cités tels quels sont cherchés`;
  const codes = [code];
  if (fiche?.rome_v3_parent && fiche.rome_v3_parent !== code) codes.push(fiche.rome_v3_parent);
  const { rows } = await sql<{ code: string; rncp: string | null; label: string; rang: number; romeCount: number }>`
    SELECT DISTINCT c.code, c.rncp, c.label, l.rang,
      (SELECT count(*) FROM certification_rome x WHERE x.certification = c.code)::int AS "romeCount"
    FROM certification_rome l JOIN certification c ON c.code = l.certification
    WHERE l.rome = ANY(${codes}::text[])`.execute(db);
  const { main, seeAlso } = splitLinks(rows.map((r) => ({ ...r, lien: linkStrength(r.rang, r.romeCount) })));
  return { rome: { codes, ...codeSets(main), weak: codeSets(seeAlso) }, note };
}

async function certificationCodes(db: Db, input: string): Promise<NonNullable<Plan['certification']>> {
  const code = input.trim().toUpperCase().replace(/\s+/g, '');
  let m: RegExpExecArray | null;
  if ((m = /^RNCP(\d{1,6})$/.exec(code))) {
    const { rows } = await sql<{ code: string; rncp: string | null; label: string }>`
      SELECT code, rncp, label FROM certification WHERE rncp = ${m[1]}`.execute(db);
    return { label: `RNCP${m[1]}`, ...codeSets(rows, { rncp: [m[1], `RNCP${m[1]}`] }) };
  }
  if ((m = /^RS(\d{1,8})$/.exec(code))) {
    const { rows } = await sql<{ code: string; rncp: string | null; label: string }>`
      SELECT code, NULL::text AS rncp, label FROM certification WHERE ${m[1]} = ANY(rs) OR ${`RS${m[1]}`} = ANY(rs)`.execute(db);
    return { label: `RS${m[1]}`, ...codeSets(rows, { rs: [m[1], `RS${m[1]}`] }) };
  }
  if (/^\d{1,10}$/.test(code)) {
    const { rows } = await sql<{ code: string; rncp: string | null; label: string }>`
      SELECT code, rncp, label FROM certification WHERE code = ${code}`.execute(db);
    return { label: `Certif Info ${code}`, ...codeSets(rows, { certifinfo: [code] }) };
  }
  bad('certification', `code de certification invalide : « ${input.slice(0, 20)} » (RNCP34502, RS5668 ou un code Certif Info)`);
}

// ---- matching over the in-memory index ---------------------------------------------------------

/**
 * The offers found, as parallel arrays (a result set can be the whole catalogue: no object per
 * offer until the page is cut).
 */
interface Matches {
  n: number;
  offer: Int32Array;
  /** Distance of the nearest matching place (Infinity without `near`). */
  km: Float64Array;
  /** That place (index position), -1 when none. */
  place: Int32Array;
  /** First day a matching session can be joined (Infinity when none or not computed). */
  nextStart: Float64Array;
  /** Relevance: each text word weighs 3 in the title, 2 by its family in the title, 1 elsewhere. */
  score: Float64Array;
  /** Employment rate (-1 when unknown or not asked for), and its details. */
  rate: Float64Array;
  rates: (Rate | null)[];
  /** Matching actions of match i, nearest first: acts[actStart[i]] … acts[actStart[i + 1] - 1]. */
  actStart: Int32Array;
  acts: Int32Array;
}

/** Which certification code of an offer a set names, if any. */
function certificationHit(ix: TrainingIndex, o: number, sets: CodeSets): string | null {
  for (const c of ix.certifinfo[o]) if (sets.certifinfo.has(c)) return c;
  for (const c of ix.rncp[o]) if (sets.rncp.has(c)) return c.startsWith('RNCP') ? c : `RNCP${c}`;
  for (const c of ix.rs[o]) if (sets.rs.has(c)) return c.startsWith('RS') ? c : `RS${c}`;
  return null;
}

/**
 * Whether an offer is a way into the occupation searched: its certification is strongly linked to
 * it, or (no weakly linked certification) the occupation heads the offer's own focused ROME list.
 */
function romeMatch(ix: TrainingIndex, o: number, rome: NonNullable<Plan['rome']>): boolean {
  if (certificationHit(ix, o, rome)) return true;
  if (certificationHit(ix, o, rome.weak)) return false;
  const own = ix.romes[o];
  const at = own.findIndex((c) => rome.codes.includes(c));
  return at >= 0 && linkStrength(at + 1, own.length) === 'fort';
}

/** A side way into the occupation searched: cites it (certification or ROME list) without being a strong way. */
function weakRomeMatch(ix: TrainingIndex, o: number, rome: NonNullable<Plan['rome']>): boolean {
  if (romeMatch(ix, o, rome)) return false;
  return certificationHit(ix, o, rome.weak) !== null || ix.romes[o].some((c) => rome.codes.includes(c));
}

/** Per text word: 2 = its stem is a lexeme of the title, 1 = its family starts one, 0 = elsewhere. */
function titleHits(lexemes: string, text: TextQuery): number[] {
  return text.terms.map((t) => {
    if (t.stem && lexemes.includes(` ${t.stem} `)) return 2;
    if (t.family && lexemes.includes(` ${t.family}`)) return 1;
    return 0;
  });
}

/** Below this many candidates from the codes or the text, the radius is checked offer by offer. */
const FEW_CANDIDATES = 200;

/** Offer lists from the text, the codes and the radius; the shortest one drives the loop. */
async function candidates(
  db: Db,
  ix: TrainingIndex,
  p: Plan,
  box: ReturnType<typeof boundingBox> | null,
): Promise<ArrayLike<number> | null> {
  const lists: number[][] = [];
  if (p.text) lists.push((await matchingDocs(db, p.text)).map((id) => ix.byDoc.get(id)).filter((o): o is number => o !== undefined));
  const codes = (sets: CodeSets, romes: string[] = []) => ix.offersWithCodes({ R: romes, C: sets.certifinfo, N: sets.rncp, S: sets.rs });
  if (p.rome) lists.push(codes(p.romeLink === 'fort' ? p.rome : p.rome.weak, p.rome.codes));
  if (p.certification) lists.push(codes(p.certification));
  // A radius holds thousands of offers: not worth scanning when the codes or the text already
  // name a few (each candidate is checked against the radius anyway).
  const shortest = Math.min(...lists.map((l) => l.length));
  if (box && shortest > FEW_CANDIDATES) lists.push(ix.offersInBox(box));
  return lists.length ? lists.reduce((a, b) => (b.length < a.length ? b : a)) : null;
}

async function match(db: Db, ix: TrainingIndex, p: Plan): Promise<Matches> {
  const near = p.near;
  const box = near && boundingBox(near.lat, near.lon, near.radiusKm);
  const list = await candidates(db, ix, p, box);
  const count = list ? list.length : ix.offers;
  const lo = p.startFrom ? dayNumber(p.startFrom) : -Infinity;
  const hi = p.startTo ? dayNumber(p.startTo) : Infinity;
  const window = p.startFrom !== undefined || p.startTo !== undefined;
  const floor = Math.max(dayNumber(p.today), lo);
  const wantStart = p.sort === 'start' || (p.sort === 'relevance' && !p.text);
  const modalites = p.modalites ? [...p.modalites].reduce((m, k) => m | (1 << Number(k)), 0) : 0;
  const finMask = p.financeurs ? p.financeurs.reduce((m, f) => m | (1 << Number(f)), 0) : 0;
  const romes = p.rome ? new Set(p.rome.codes) : null;
  const employment = p.sort === 'employment';

  const m: Matches = {
    n: 0,
    offer: new Int32Array(count),
    km: new Float64Array(count),
    place: new Int32Array(count),
    nextStart: new Float64Array(count),
    score: new Float64Array(count),
    rate: new Float64Array(count),
    rates: [],
    actStart: new Int32Array(count + 1),
    acts: new Int32Array(list ? Math.min(ix.actionId.length, count * 8) : ix.actionId.length),
  };
  // The matching actions of the offer at hand (an offer has a handful: insertion-sorted by distance).
  let found = 0;
  let sa = new Int32Array(16);
  let sk = new Float64Array(16);
  let sp = new Int32Array(16);
  const keep = (a: number, km: number, place: number) => {
    if (found === sa.length) {
      const grow = <T extends Int32Array | Float64Array>(x: T): T => {
        const y = new (x.constructor as new (n: number) => T)(x.length * 2);
        y.set(x);
        return y;
      };
      sa = grow(sa);
      sk = grow(sk);
      sp = grow(sp);
    }
    let i = found++;
    while (i > 0 && sk[i - 1] > km) {
      sa[i] = sa[i - 1];
      sk[i] = sk[i - 1];
      sp[i] = sp[i - 1];
      i--;
    }
    sa[i] = a;
    sk[i] = km;
    sp[i] = place;
  };
  for (let i = 0; i < count; i++) {
    const o = list ? list[i] : i;
    if (p.niveaux && !p.niveaux.has(ix.niveau[o])) continue;
    if (p.cpf !== undefined && ix.cpf[o] !== p.cpf) continue;
    if (romes && !(p.romeLink === 'fort' ? romeMatch : weakRomeMatch)(ix, o, p.rome!)) continue;
    if (p.certification && !certificationHit(ix, o, p.certification)) continue;

    found = 0;
    let nextStart = Infinity;
    for (let a = ix.actionStart[o]; a < ix.actionStart[o + 1]; a++) {
      if (modalites && !(ix.modaliteBit[a] & modalites)) continue;
      if (p.alternance !== undefined && ix.alternance[a] !== p.alternance) continue;
      if (finMask && !(ix.financeurs[a] & finMask)) continue;
      if (window) {
        let ok = false;
        for (let s = ix.sessionStart[a]; s < ix.sessionStart[a + 1] && !ok; s++) {
          const d = ix.debut[s];
          const f = ix.fin[s];
          if (d === NO_DAY) continue;
          ok = (d >= lo && d <= hi) || (ix.permanent[a] && d <= hi && (f === NO_DAY || f >= lo));
        }
        if (!ok) continue;
      }
      let km = Infinity;
      let place = ix.placeStart[a] < ix.placeStart[a + 1] ? ix.placeStart[a] : -1;
      if (box || p.departements) {
        let inside = false;
        for (let l = ix.placeStart[a]; l < ix.placeStart[a + 1]; l++) {
          if (p.departements && !p.departements.has(ix.departement[l])) continue;
          if (near && box) {
            const lat = ix.lat[l];
            const lon = ix.lon[l];
            // NaN (no position) fails every comparison.
            if (!(lat >= box.latMin && lat <= box.latMax && lon >= box.lonMin && lon <= box.lonMax)) continue;
            const d = haversineKm(near.lat, near.lon, lat, lon);
            if (d > near.radiusKm) continue;
            if (d < km) {
              km = d;
              place = l;
            }
          } else if (!inside) place = l;
          inside = true;
        }
        if (!inside) continue;
      }
      if (wantStart) {
        for (let s = ix.sessionStart[a]; s < ix.sessionStart[a + 1]; s++) {
          const d = ix.debut[s];
          const f = ix.fin[s];
          if (d === NO_DAY) continue;
          const start = d >= floor ? d : ix.permanent[a] && (f === NO_DAY || f >= floor) ? floor : Infinity;
          if (start <= hi && start < nextStart) nextStart = start;
        }
      }
      keep(a, km, place);
    }
    if (!found) continue;

    const k = m.n++;
    m.offer[k] = o;
    m.km[k] = sk[0];
    m.place[k] = sp[0];
    m.nextStart[k] = nextStart;
    if (p.text) m.score[k] = titleHits(ix.titleLexemes[o], p.text).reduce((sum, h) => sum + (h === 2 ? 3 : h === 1 ? 2 : 1), 0);
    if (employment) {
      const region = sp[0] >= 0 ? ix.region[sp[0]] : '';
      let rate: Rate | null = null;
      for (const c of ix.certifinfo[o]) {
        const r = ix.rates.get(`${c}\u001f${region}`);
        if (r && (!rate || r.taux > rate.taux)) rate = r;
      }
      m.rates[k] = rate;
      m.rate[k] = rate ? rate.taux : -1;
    }
    const at = m.actStart[k];
    if (at + found > m.acts.length) {
      const grown = new Int32Array(Math.max(m.acts.length * 2, at + found));
      grown.set(m.acts);
      m.acts = grown;
    }
    m.acts.set(sa.subarray(0, found), at);
    m.actStart[k + 1] = at + found;
  }
  return m;
}

/** Order of the matches (indexes into Matches): the sort asked for, then title, then offer. */
function compare(ix: TrainingIndex, p: Plan, m: Matches): (a: number, b: number) => number {
  const tie = (a: number, b: number) => {
    const ta = ix.title[m.offer[a]];
    const tb = ix.title[m.offer[b]];
    return (ta < tb ? -1 : ta > tb ? 1 : 0) || m.offer[a] - m.offer[b];
  };
  const relevance = (a: number, b: number) => m.score[b] - m.score[a] || ix.title[m.offer[a]].length - ix.title[m.offer[b]].length;
  const start = (a: number, b: number) => (m.nextStart[a] === m.nextStart[b] ? 0 : m.nextStart[a] < m.nextStart[b] ? -1 : 1);
  switch (p.sort) {
    case 'distance':
      return (a, b) => m.km[a] - m.km[b] || tie(a, b);
    case 'employment':
      return (a, b) => m.rate[b] - m.rate[a] || (p.text ? relevance(a, b) : 0) || tie(a, b);
    case 'relevance':
      return p.text ? (a, b) => relevance(a, b) || start(a, b) || tie(a, b) : (a, b) => start(a, b) || tie(a, b);
    case 'start':
      return (a, b) => start(a, b) || tie(a, b);
  }
}

function facets(ix: TrainingIndex, m: Matches, p: Plan): TrainingSearchResponse['facets'] {
  const niveau = new Int32Array(9);
  let cpf = 0;
  const modalite = new Int32Array(8);
  const financeur = new Int32Array(31);
  const departement = new Int32Array(ix.departements.length);
  // Last match that counted each département: a département counts once per offer.
  const seen = new Int32Array(ix.departements.length).fill(-1);
  const placeFilter = p.near !== null || p.departements !== null;
  for (let k = 0; k < m.n; k++) {
    const o = m.offer[k];
    niveau[ix.niveau[o]]++;
    if (ix.cpf[o]) cpf++;
    let mods = 0;
    let mask = 0;
    for (let j = m.actStart[k]; j < m.actStart[k + 1]; j++) {
      const a = m.acts[j];
      mods |= ix.modaliteBit[a];
      mask |= ix.financeurs[a];
      // With a radius or a département filter, the département is that of the matching place.
      if (!placeFilter) {
        for (let l = ix.placeStart[a]; l < ix.placeStart[a + 1]; l++) {
          const d = ix.departementNo[l];
          if (seen[d] !== k) {
            seen[d] = k;
            departement[d]++;
          }
        }
      }
    }
    if (placeFilter && m.place[k] >= 0) departement[ix.departementNo[m.place[k]]]++;
    for (let bit = 0; mods; bit++, mods >>>= 1) if (mods & 1) modalite[bit]++;
    for (let bit = 0; mask; bit++, mask >>>= 1) if (mask & 1) financeur[bit]++;
  }
  const byCount = (a: FacetValue, b: FacetValue) => b.count - a.count || (a.value < b.value ? -1 : 1);
  const list = <T>(counts: Int32Array, value: (i: number) => T | null, make: (v: T, count: number) => FacetValue) => {
    const out: FacetValue[] = [];
    counts.forEach((count, i) => {
      const v = value(i);
      if (count > 0 && v !== null) out.push(make(v, count));
    });
    return out;
  };
  return {
    niveau: list(
      niveau,
      (i) => (i > 0 ? i : null),
      (v, count) => ({ value: String(v), label: NIVEAU_LABELS[v], count }),
    ),
    modalite: list(
      modalite,
      (i) => String(i),
      (v, count) => ({ value: modaliteName(v) ?? v, label: MODALITE_LABELS[v] ?? v, count }),
    ),
    cpf: [
      ...(cpf ? [{ value: 'true', label: 'Éligible au CPF', count: cpf }] : []),
      ...(m.n - cpf ? [{ value: 'false', label: 'Non éligible au CPF', count: m.n - cpf }] : []),
    ],
    financeur: list(
      financeur,
      (i) => String(i),
      (v, count) => ({ value: v, label: financeurLabel(v), count }),
    ).sort(byCount),
    departement: list(
      departement,
      (i) => ix.departements[i] || null,
      (v, count) => ({ value: v, label: ix.departementNames.get(v) ?? v, count }),
    ).sort(byCount),
  };
}

/** The page's matches, as objects. */
interface Match {
  offer: number;
  actions: number[];
  km: number | null;
  place: number;
  inTitle: number[];
  rate: Rate | null;
}

function pageMatch(ix: TrainingIndex, p: Plan, m: Matches, k: number): Match {
  const o = m.offer[k];
  return {
    offer: o,
    actions: Array.from(m.acts.subarray(m.actStart[k], m.actStart[k + 1])),
    km: p.near ? m.km[k] : null,
    place: m.place[k],
    inTitle: p.text ? titleHits(ix.titleLexemes[o], p.text) : [],
    rate: m.rates[k] ?? null,
  };
}

// ---- what a hit shows -------------------------------------------------------------------------

const nonEmpty = (v: string) => (v === '' ? null : v);

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Up to 3 sessions of the matching actions: in the window, or not over yet; earliest first. */
function sessionsOf(ix: TrainingIndex, p: Plan, m: Match): TrainingHit['sessions'] {
  const lo = p.startFrom ? dayNumber(p.startFrom) : -Infinity;
  const hi = p.startTo ? dayNumber(p.startTo) : Infinity;
  const window = p.startFrom !== undefined || p.startTo !== undefined;
  const today = dayNumber(p.today);
  const found: { s: number; a: number; rank: number }[] = [];
  m.actions.forEach((a, rank) => {
    for (let s = ix.sessionStart[a]; s < ix.sessionStart[a + 1]; s++) {
      const d = ix.debut[s];
      const f = ix.fin[s];
      const ok = window
        ? d !== NO_DAY && ((d >= lo && d <= hi) || (ix.permanent[a] && d <= hi && (f === NO_DAY || f >= lo)))
        : f === NO_DAY || f >= today;
      if (ok) found.push({ s, a, rank });
    }
  });
  const key = (x: { s: number }) => (ix.debut[x.s] === NO_DAY ? Infinity : ix.debut[x.s]);
  found.sort((x, y) => key(x) - key(y) || x.rank - y.rank || x.s - y.s);
  return found.slice(0, 3).map(({ s, a }) => {
    const l = ix.placeStart[a] < ix.placeStart[a + 1] ? ix.placeStart[a] : -1;
    return {
      action: ix.actionId[a],
      session: ix.sessionId[s],
      debut: ix.debut[s] === NO_DAY ? null : isoDay(ix.debut[s]),
      fin: ix.fin[s] === NO_DAY ? null : isoDay(ix.fin[s]),
      ville: l >= 0 ? nonEmpty(ix.ville[l]) : null,
    };
  });
}

function certificationOf(ix: TrainingIndex, o: number): TrainingHit['certification'] {
  const c = ix.certification[o];
  if (!c) return null;
  const label = (c.certifinfo && ix.labels.get(`C${c.certifinfo}`)) || (c.rncp && ix.labels.get(`N${c.rncp.replace(/^RNCP/, '')}`)) || null;
  return { rncp: c.rncp, rs: c.rs, certifinfo: c.certifinfo, label };
}

// ---- answer ------------------------------------------------------------------------------------

/** "12 km", "3,4 km": one decimal under 10 km, in French. */
export function formatKm(km: number): string {
  return km < 10 ? `${km.toFixed(1).replace('.', ',')} km` : `${Math.round(km)} km`;
}

function why(ix: TrainingIndex, p: Plan, m: Match, sessions: TrainingHit['sessions']): string[] {
  const out: string[] = [];
  const o = m.offer;
  if (p.text) {
    p.text.terms.forEach((t, i) => {
      const word = t.readAs ? `« ${t.typed} » (lu « ${t.readAs} »)` : `« ${t.typed} »`;
      if (m.inTitle[i] === 2) out.push(t.readAs ? `texte : ${word} dans l’intitulé` : `texte : ${t.typed}`);
      else if (m.inTitle[i] === 1) out.push(`texte : un mot de la famille de ${word} dans l’intitulé`);
      else out.push(`texte : ${word} ou un mot de sa famille dans la description`);
    });
  }
  if (p.rome) {
    const code = p.rome.codes[0];
    const domain = ix.romes[o].find((c) => p.rome!.codes.includes(c));
    if (domain) out.push(`ROME ${code} parmi les domaines de l’offre${domain !== code ? ` (par son code ROME v3 ${domain})` : ''}`);
    else {
      const sets = p.romeLink === 'fort' ? p.rome : p.rome.weak;
      const cert = certificationHit(ix, o, sets);
      const label = cert ? sets.labels.get(cert) : undefined;
      const name = cert && /^\d+$/.test(cert) ? `Certif Info ${cert}` : cert;
      if (cert) out.push(`ROME ${code} via la certification ${name}${label ? ` (${label})` : ''}`);
    }
  }
  if (p.certification) out.push(`certification ${p.certification.label}`);
  if (p.niveaux && ix.niveau[o]) out.push(`niveau ${ix.niveau[o]}`);
  if (p.modalites) {
    const mods = [...new Set(m.actions.map((a) => ix.modalite[a]))];
    out.push(`modalité : ${mods.map((x) => MODALITE_LABELS[x]?.toLowerCase() ?? x).join(', ')}`);
  }
  if (p.cpf !== undefined) out.push(ix.cpf[o] ? 'éligible au CPF' : 'non éligible au CPF');
  if (p.alternance !== undefined) out.push(p.alternance ? 'en alternance (apprentissage ou professionnalisation)' : 'hors alternance');
  if (p.financeurs) out.push(`financement : ${p.financeurs.map(financeurLabel).join(' ou ')}`);
  if (p.departements && m.place >= 0) out.push(`département ${ix.departement[m.place]}`);
  if (p.startFrom || p.startTo) {
    const first = sessions[0]?.debut;
    out.push(first ? `session le ${numericFrenchDate(first)}` : 'session ouverte dans la période');
  }
  if (p.near && m.km !== null) out.push(`à ${formatKm(m.km)} de ${p.near.label}`);
  if (p.sort === 'employment') {
    out.push(
      m.rate
        ? `taux d’emploi à 6 mois : ${m.rate.taux} % (InserJeunes ${m.rate.millesime.replace('_', '-')}, voie ${m.rate.voie}, région ${m.rate.region})`
        : 'taux d’emploi inconnu (pas d’indicateur InserJeunes publié pour sa certification dans la région) : classée après les autres',
    );
  }
  return out;
}

/** Runs a search. Throws InputError(field, French message) on a faulty query. */
export async function searchTrainings(db: Db, query: TrainingQuery, options: SearchOptions = {}): Promise<TrainingSearchResponse> {
  return searchIn(db, await trainingIndex(db, options.primary), query, options);
}

/** The search over an index: the widened search and "Voir aussi" use the same one (one freshness check). */
async function searchIn(db: Db, ix: TrainingIndex, query: TrainingQuery, options: SearchOptions): Promise<TrainingSearchResponse> {
  const p = await plan(db, query, options, ix);
  const matches = await match(db, ix, p);
  const f = facets(ix, matches, p);
  const from = (p.page - 1) * p.pageSize;
  const order = Array.from({ length: matches.n }, (_, k) => k);
  const page = topK(order, compare(ix, p, matches), from + p.pageSize)
    .slice(from)
    .map((k) => pageMatch(ix, p, matches, k));
  const results = page.map((m): TrainingHit => {
    const o = m.offer;
    const n = ix.niveau[o];
    const l = m.place;
    const sessions = sessionsOf(ix, p, m);
    const hit: TrainingHit = {
      source: ix.source[o],
      formation: ix.formation[o],
      intitule: ix.intitule[o],
      organisme: { siret: ix.siret[o], nom: ix.organisme[o] },
      lieu:
        l >= 0
          ? {
              ville: nonEmpty(ix.ville[l]),
              codePostal: nonEmpty(ix.codePostal[l]),
              commune: nonEmpty(ix.commune[l]),
              departement: nonEmpty(ix.departement[l]),
              lat: Number.isNaN(ix.lat[l]) ? null : ix.lat[l],
              lon: Number.isNaN(ix.lon[l]) ? null : ix.lon[l],
              distanceKm: m.km === null ? null : Math.round(m.km * 10) / 10,
            }
          : null,
      sessions,
      certification: certificationOf(ix, o),
      niveau: n ? { value: n, label: NIVEAU_LABELS[n] } : null,
      modalites: [...new Set(m.actions.map((a) => ix.modalite[a]))].map(modaliteName).filter((x): x is Modalite => x !== undefined),
      eligibleCpf: ix.cpf[o],
      why: why(ix, p, m, sessions),
      demo: ix.demo[o],
    };
    if (p.sort === 'employment') hit.tauxEmploi = m.rate ? { indicateur: 'taux d’emploi à 6 mois', ...m.rate } : null;
    return hit;
  });
  const nearest =
    !matches.n && p.near && p.near.radiusKm < MAX_RADIUS_KM && !options.noNearest ? await nearestBeyond(db, ix, query, options) : undefined;
  // "Voir aussi" follows the strong offers: on their last page, or alone when there are none.
  const seeAlso =
    query.seeAlso && p.rome && p.romeLink === 'fort' && p.page >= Math.ceil(matches.n / p.pageSize)
      ? await weaklyLinked(db, ix, query, options)
      : undefined;
  return {
    ...(nearest ? { nearest } : {}),
    ...(seeAlso ? { seeAlso } : {}),
    total: matches.n,
    page: p.page,
    pageSize: p.pageSize,
    pages: Math.ceil(matches.n / p.pageSize),
    sort: p.sort,
    near: p.near ? { label: p.near.label, commune: p.near.commune, lat: p.near.lat, lon: p.near.lon, radiusKm: p.near.radiusKm } : null,
    results,
    facets: f,
    notes: p.notes,
  };
}

/** The same search up to the widest radius, nearest first: what an empty radius proposes instead. */
async function nearestBeyond(
  db: Db,
  ix: TrainingIndex,
  query: TrainingQuery,
  options: SearchOptions,
): Promise<TrainingSearchResponse['nearest']> {
  const wide = await searchIn(
    db,
    ix,
    { ...query, radiusKm: MAX_RADIUS_KM, sort: 'distance', page: 1, pageSize: NEAREST_BEYOND },
    { ...options, noNearest: true },
  );
  if (!wide.results.length) return undefined;
  const farthest = Math.max(...wide.results.map((h) => h.lieu?.distanceKm ?? 0));
  // A round radius that holds them all: 10 km steps, never past the widest one.
  return { radiusKm: Math.min(MAX_RADIUS_KM, Math.ceil((farthest + 0.1) / 10) * 10), results: wide.results };
}

/** The offers only weakly linked to the ROME code, with the same conditions and sort. */
async function weaklyLinked(
  db: Db,
  ix: TrainingIndex,
  query: TrainingQuery,
  options: SearchOptions,
): Promise<TrainingSearchResponse['seeAlso']> {
  const weak = await searchIn(
    db,
    ix,
    { ...query, seeAlso: false, page: 1, pageSize: SEE_ALSO },
    { ...options, noNearest: true, weakLinks: true },
  );
  return weak.total ? { total: weak.total, results: weak.results } : undefined;
}

/** The first k items in order, without sorting them all (k is small, the list may be long). */
function topK<T>(items: T[], cmp: (a: T, b: T) => number, k: number): T[] {
  if (items.length <= k * 4) return items.sort(cmp).slice(0, k);
  const top: T[] = [];
  for (const it of items) {
    if (top.length < k) {
      top.push(it);
      if (top.length === k) top.sort(cmp);
    } else if (cmp(it, top[k - 1]) < 0) {
      let i = k - 1;
      while (i > 0 && cmp(it, top[i - 1]) < 0) i--;
      top.splice(i, 0, it);
      top.pop();
    }
  }
  return top.length < k ? top.sort(cmp) : top;
}
