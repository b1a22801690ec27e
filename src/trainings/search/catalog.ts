/**
 * What the search filters, counts, sorts and shows, in memory: per offer its level, CPF flag,
 * title, organisme and codes; per action its modality, financeurs, places (position, département,
 * région, town) and sessions; certification labels; employment rates by certification and région.
 * No long text: full text stays in PostgreSQL.
 *
 * Why in memory: facets count offers over the whole result set, and a result set can be most of
 * the catalogue (a level and a modality). Counting 40,000 actions five ways in SQL costs hundreds
 * of ms on PGlite; here it is a loop over arrays (a few ms). The page's details come from here too:
 * a statement joining five tables for 20 offers took ≈ 7 ms just to plan on PGlite.
 *
 * The index is read from its serialised form (training_search_snapshot, written by sync.ts after
 * each import run, 17 MB for 50,000 actions): ≈ 0.5 s, once per process and import run.
 * Processes share nothing.
 */
import { sql, type Kysely } from 'kysely';
import type { TrainingSchema } from '../db.ts';
import { refreshTrainingSearch, RS, searchState, US, type SearchState, type SnapshotPart } from './sync.ts';
import { Batcher } from '../../platform/batch.ts';
import { niveauOfKey } from './labels.ts';

type Db = Kysely<TrainingSchema>;

/** A day as a number (days since 1970-01-01); NO_DAY when unknown. */
export const NO_DAY = -2_000_000_000;

export function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

export interface Rate {
  taux: number;
  millesime: string;
  voie: string;
  region: string;
  source: string;
}

export class TrainingIndex {
  // Offers, by position (0…offers-1), in doc id order.
  readonly docId: number[] = [];
  readonly source: string[] = [];
  readonly formation: string[] = [];
  /** Level (1–8) of niveau_sortie, 0 when none (see labels.ts). */
  niveau: Int8Array = new Int8Array(0);
  readonly cpf: boolean[] = [];
  readonly demo: boolean[] = [];
  /** intitule_folded (the order of last resort). */
  readonly title: string[] = [];
  /** Lexemes of the title, space-separated with a space on each side: ` soudeur tig `. */
  readonly titleLexemes: string[] = [];
  readonly intitule: string[] = [];
  readonly siret: string[] = [];
  readonly organisme: string[] = [];
  /** ROME codes of domaine-formation, Certif Info / RNCP / RS codes of its certifications. */
  readonly romes: string[][] = [];
  readonly certifinfo: string[][] = [];
  readonly rncp: string[][] = [];
  readonly rs: string[][] = [];
  /** Its first certification, as written. */
  readonly certification: ({ rncp: string | null; certifinfo: string | null; rs: string | null } | null)[] = [];
  /** Actions of offer p: actionStart[p] … actionStart[p + 1] - 1. */
  actionStart: Int32Array = new Int32Array(1);

  // Actions.
  readonly actionId: string[] = [];
  /** dict-modalites-enseignement key, and the same as a bit (1 << key) for counting. */
  readonly modalite: string[] = [];
  modaliteBit: Uint8Array = new Uint8Array(0);
  readonly permanent: boolean[] = [];
  /** Apprenticeship or another alternance contract (training_action.alternance). */
  readonly alternance: boolean[] = [];
  /** Financeur codes (dict-financeurs, 0–30) as bits. */
  readonly financeurs: number[] = [];
  /** Places of action a: placeStart[a] … placeStart[a + 1] - 1; the same for sessions. */
  placeStart: Int32Array = new Int32Array(1);
  sessionStart: Int32Array = new Int32Array(1);

  // Places.
  lat: Float64Array = new Float64Array(0);
  lon: Float64Array = new Float64Array(0);
  readonly departement: string[] = [];
  /** Département of each place as a number (index in `departements`), for counting. */
  departementNo: Int32Array = new Int32Array(0);
  readonly departements: string[] = [];
  readonly region: string[] = [];
  readonly ville: string[] = [];
  readonly codePostal: string[] = [];
  readonly commune: string[] = [];

  // Sessions.
  debut: Int32Array = new Int32Array(0);
  fin: Int32Array = new Int32Array(0);
  readonly sessionId: string[] = [];

  /** Certification labels by `C${certifinfo}` and `N${rncp number}`; département names by code. */
  readonly labels = new Map<string, string>();
  readonly departementNames = new Map<string, string>();

  /** Offer of each action, action of each place. */
  actionOffer: Int32Array = new Int32Array(0);
  placeAction: Int32Array = new Int32Array(0);

  /** Employment rates by `${certifinfo}\u001f${region}`. */
  readonly rates = new Map<string, Rate>();
  readonly byDoc = new Map<number, number>();

  private words?: Map<string, number>;
  private codeOffers?: Record<'R' | 'C' | 'N' | 'S', Map<string, number[]>>;
  private byLat?: { order: Int32Array; lat: Float64Array };

  constructor(readonly runId: number) {}

  get offers(): number {
    return this.docId.length;
  }

  /**
   * Offers citing any of these codes: R (ROME of domaine-formation), C (Certif Info), N (RNCP),
   * S (RS). Sorted, without repeats.
   */
  offersWithCodes(codes: Partial<Record<'R' | 'C' | 'N' | 'S', Iterable<string>>>): number[] {
    if (!this.codeOffers) {
      const maps = {
        R: new Map<string, number[]>(),
        C: new Map<string, number[]>(),
        N: new Map<string, number[]>(),
        S: new Map<string, number[]>(),
      };
      const lists = { R: this.romes, C: this.certifinfo, N: this.rncp, S: this.rs };
      for (const k of ['R', 'C', 'N', 'S'] as const) {
        lists[k].forEach((list, o) => {
          for (const c of list) (maps[k].get(c) ?? maps[k].set(c, []).get(c)!).push(o);
        });
      }
      this.codeOffers = maps;
    }
    const out = new Set<number>();
    for (const k of ['R', 'C', 'N', 'S'] as const) {
      for (const c of codes[k] ?? []) for (const o of this.codeOffers[k].get(c) ?? []) out.add(o);
    }
    return [...out].sort((a, b) => a - b);
  }

  /** Offers with a place inside the box (places sorted by latitude: a binary search, then a scan of the band). */
  offersInBox(box: { latMin: number; latMax: number; lonMin: number; lonMax: number }): number[] {
    if (!this.byLat) {
      const located: number[] = [];
      for (let l = 0; l < this.lat.length; l++) if (!Number.isNaN(this.lat[l]) && !Number.isNaN(this.lon[l])) located.push(l);
      located.sort((a, b) => this.lat[a] - this.lat[b]);
      this.byLat = { order: Int32Array.from(located), lat: Float64Array.from(located, (l) => this.lat[l]) };
    }
    const { order, lat } = this.byLat;
    let lo = 0;
    let hi = lat.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (lat[mid] < box.latMin) lo = mid + 1;
      else hi = mid;
    }
    const out = new Set<number>();
    for (let i = lo; i < lat.length && lat[i] <= box.latMax; i++) {
      const l = order[i];
      if (this.lon[l] >= box.lonMin && this.lon[l] <= box.lonMax) out.add(this.actionOffer[this.placeAction[l]]);
    }
    return [...out].sort((a, b) => a - b);
  }

  /** Words of the titles (folded) and how many titles hold each: the vocabulary typos are read against. */
  titleWords(): Map<string, number> {
    if (!this.words) {
      this.words = new Map();
      for (const t of this.title) {
        for (const w of new Set(t.split(/[^a-z0-9]+/))) if (w.length >= 4) this.words.set(w, (this.words.get(w) ?? 0) + 1);
      }
    }
    return this.words;
  }
}

function records(data: string | undefined): string[][] {
  if (!data) return [];
  return data.split(RS).map((r) => r.split(US));
}

/** Builds the index from its serialised parts (field order: see SNAPSHOT in sync.ts). */
export function parseIndex(runId: number, parts: Partial<Record<SnapshotPart, string>>): TrainingIndex {
  const ix = new TrainingIndex(runId);
  const offers = records(parts.offers);
  ix.niveau = new Int8Array(offers.length);
  for (const [id, niveau, cpf, demo, title, lexemes, source, formation, intitule, siret, organisme] of offers) {
    ix.byDoc.set(Number(id), ix.docId.length);
    ix.niveau[ix.docId.length] = niveauOfKey(niveau) ?? 0;
    ix.docId.push(Number(id));
    ix.cpf.push(cpf === '1');
    ix.demo.push(demo === '1');
    ix.title.push(title);
    ix.titleLexemes.push(` ${lexemes} `);
    ix.source.push(source);
    ix.formation.push(formation);
    ix.intitule.push(intitule);
    ix.siret.push(siret);
    ix.organisme.push(organisme);
    ix.romes.push([]);
    ix.certifinfo.push([]);
    ix.rncp.push([]);
    ix.rs.push([]);
    ix.certification.push(null);
  }
  for (const [id, code] of records(parts.romes)) {
    const p = ix.byDoc.get(Number(id));
    if (p !== undefined) ix.romes[p].push(code);
  }
  for (const [id, rncp, certifinfo, rs] of records(parts.certifications)) {
    const p = ix.byDoc.get(Number(id));
    if (p === undefined) continue;
    if (rncp) ix.rncp[p].push(rncp);
    if (certifinfo) ix.certifinfo[p].push(certifinfo);
    if (rs) ix.rs[p].push(rs);
    ix.certification[p] ??= { rncp: rncp || null, certifinfo: certifinfo || null, rs: rs || null };
  }
  for (const [key, label] of records(parts.labels)) ix.labels.set(key, label);
  for (const [code, name] of records(parts.departements)) ix.departementNames.set(code, name);

  // Actions arrive grouped by offer, in doc id order (the order of the offers); places and
  // sessions arrive grouped by action number, in that order too.
  const actionStart = new Int32Array(ix.offers + 1);
  for (const [id, modalite, permanent, mask, action, alternance] of records(parts.actions)) {
    const p = ix.byDoc.get(Number(id));
    if (p === undefined) continue;
    actionStart[p + 1]++;
    ix.actionId.push(action);
    ix.modalite.push(modalite);
    ix.permanent.push(permanent === '1');
    ix.alternance.push(alternance === '1');
    ix.financeurs.push(Number(mask));
  }
  for (let p = 0; p < ix.offers; p++) actionStart[p + 1] += actionStart[p];
  ix.actionStart = actionStart;
  const actions = ix.actionId.length;
  ix.modaliteBit = Uint8Array.from(ix.modalite, (m) => (/^[0-7]$/.test(m) ? 1 << Number(m) : 0));
  ix.actionOffer = new Int32Array(actions);
  for (let p = 0; p < ix.offers; p++) ix.actionOffer.fill(p, actionStart[p], actionStart[p + 1]);
  const starts = (numbers: number[]): Int32Array => {
    const start = new Int32Array(actions + 1);
    for (const a of numbers) if (a >= 0 && a < actions) start[a + 1]++;
    for (let a = 0; a < actions; a++) start[a + 1] += start[a];
    return start;
  };

  const places = records(parts.places);
  ix.placeStart = starts(places.map((r) => Number(r[0])));
  ix.placeAction = new Int32Array(places.length);
  for (let a = 0; a < actions; a++) ix.placeAction.fill(a, ix.placeStart[a], ix.placeStart[a + 1]);
  ix.lat = new Float64Array(places.length);
  ix.lon = new Float64Array(places.length);
  ix.departementNo = new Int32Array(places.length);
  const depNo = new Map<string, number>();
  places.forEach((r, i) => {
    const ok = r[1] !== '' && r[2] !== '';
    ix.lat[i] = ok ? Number(r[1]) : NaN;
    ix.lon[i] = ok ? Number(r[2]) : NaN;
    ix.departement.push(r[3]);
    let no = depNo.get(r[3]);
    if (no === undefined) {
      depNo.set(r[3], (no = ix.departements.length));
      ix.departements.push(r[3]);
    }
    ix.departementNo[i] = no;
    ix.region.push(r[4]);
    ix.ville.push(r[5]);
    ix.codePostal.push(r[6]);
    ix.commune.push(r[7]);
  });

  const sessions = records(parts.sessions);
  ix.sessionStart = starts(sessions.map((r) => Number(r[0])));
  ix.debut = new Int32Array(sessions.length);
  ix.fin = new Int32Array(sessions.length);
  sessions.forEach((r, i) => {
    ix.debut[i] = r[1] === '' ? NO_DAY : Number(r[1]);
    ix.fin[i] = r[2] === '' ? NO_DAY : Number(r[2]);
    ix.sessionId.push(r[3]);
  });

  for (const [code, region, taux, millesime, voie, source] of records(parts.rates)) {
    ix.rates.set(`${code}${US}${region}`, { taux: Number(taux), millesime, voie, region, source });
  }
  return ix;
}

async function loadIndex(db: Db): Promise<TrainingIndex> {
  const { rows } = await sql<{ run_id: number | null; part: SnapshotPart; data: string }>`
    SELECT (SELECT run_id FROM training_search_state WHERE id = 1) AS run_id, part, data FROM training_search_snapshot`.execute(db);
  const parts: Partial<Record<SnapshotPart, string>> = {};
  for (const r of rows) parts[r.part] = r.data;
  return parseIndex(rows[0]?.run_id ?? 0, parts);
}

const cache = new WeakMap<object, { runId: number; index: Promise<TrainingIndex> }>();
/** Searches that come while the state is being read share the next reading (see Batcher). */
const stateChecks = new WeakMap<object, Batcher<undefined, SearchState>>();

function currentState(db: Db): Promise<SearchState> {
  let checks = stateChecks.get(db);
  if (!checks) {
    const read = async (callers: undefined[]) => {
      const state = await searchState(db);
      return callers.map(() => state);
    };
    stateChecks.set(db, (checks = new Batcher(read)));
  }
  return checks.do(undefined);
}

/**
 * The index for the database's current import run: refreshes the derived tables first when an
 * import happened since, and reloads the index when it is stale. One small query when nothing
 * changed, shared by the searches that come while it runs. `db` may be a read replica: the
 * refresh then runs on `primary`, and until the replica has it, the index stays the one of the
 * replica's own (older, consistent) tables.
 */
export async function trainingIndex(db: Db, primary: Db = db): Promise<TrainingIndex> {
  let state = await currentState(db);
  if (state.synced !== state.runId) {
    await refreshTrainingSearch(primary);
    state = await searchState(db);
  }
  const cached = cache.get(db);
  if (cached && cached.runId === state.synced) return cached.index;
  const index = loadIndex(db);
  cache.set(db, { runId: state.synced ?? 0, index });
  index.catch(() => cache.delete(db));
  return index;
}
