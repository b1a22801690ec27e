import { sql, type Kysely } from 'kysely';
import type { GuidanceSchema } from './db.ts';
import { foldWords } from '../common/text.ts';
import {
  COLUMNS,
  DEFAULT_RANKING,
  SIGNALS,
  SIGNAL_INDEX,
  componentsOf,
  confidenceOf,
  effortOf,
  logitOf,
  reasonsOf,
  relevanceOf,
  type CompiledRanking,
  type ConfidenceBand,
  type ScoreComponent,
  type TransitionEffort,
} from './transitions-model.ts';
import { loadTargetFacts, type ShortestCertification } from './transitions-targets.ts';

/**
 * The skills model of ROME 4.0, held in memory: every fiche with the items it cites (savoir-faire,
 * savoir-être, savoirs, contextes de travail), each item weighted by how specific it is, and the
 * referential's structure (macro-compétence of each compétence, domaine professionnel and grand
 * domaine of each fiche). Transitions between occupations are computed from it alone: the official
 * mobilités of the fiches are never read here, so they can serve as an independent yardstick
 * (`npm run eval:transitions`).
 */

export type SkillKind = 'savoir-faire' | 'savoir-etre' | 'savoir' | 'contexte';

/** One ROME item as shown to a user; `weight` is its share of the target fiche's total weight. */
export interface SkillRef {
  code: string;
  label: string;
  kind: SkillKind;
  weight: number;
}

/** Missing skills under one macro-compétence (or one savoirs catégorie / contextes type, code null). */
export interface MissingGroup {
  macro: { code: string | null; label: string };
  skills: SkillRef[];
}

export interface Transition {
  code: string;
  label: string;
  /** In [0, 1]: how much of the target's weighted skills the profile covers (see `compare`). */
  score: number;
  /** Share of the target's weight held exactly by the profile: the sum of `shared` weights. */
  coverage: number;
  /** Target items the profile holds, heaviest first. */
  shared: SkillRef[];
  /** Target items the profile lacks, grouped by macro-compétence, heaviest group first. */
  missing: MissingGroup[];
  /**
   * What orders the list: the learned ranking's chance, in [0, 1], that the target is among the
   * official mobilités of such an occupation (the hand-tuned `score` without a learned ranking).
   */
  relevance: number;
  confidence: ConfidenceBand;
  /** The three strongest reasons, in plain French. */
  reasons: string[];
  /** Every signal with its contribution, strongest first (the counsellor view). */
  components: ScoreComponent[];
  /** Share of the target held, the effort to close the rest (VAE or training), and the direction of the move. */
  effort: TransitionEffort;
}

/** A person's skills as the API and the CLI take them. */
export interface SkillsProfileInput {
  /** ROME codes of the occupations held: all their items are in the profile. */
  occupations?: string[];
  /** ROME item codes (code OGR) to remove: skills of those occupations not practised. */
  exclude?: string[];
  /** ROME item codes picked by search (`searchSkills`). */
  skills?: string[];
  /**
   * ESCO URIs: a skill is mapped to the ROME item of the same label when there is one; an
   * occupation is mapped through the ESCO ↔ ROME table to its fiche, whose items are added.
   */
  esco?: string[];
}

/**
 * A resolved skills profile. Callers may read `occupations` (the ROME codes held, including those
 * reached through ESCO occupations), `items` (the ROME item codes) and `unmappedEsco` (ESCO URIs
 * known but with no ROME counterpart); the rest is internal.
 */
export interface Profile {
  readonly occupations: readonly string[];
  readonly items: ReadonlySet<string>;
  readonly unmappedEsco: readonly string[];
  /** @internal weight of each feature (item or label word) in the profile, summing to 1. */
  readonly vector: Float32Array;
  /** @internal domaines professionnels and V3 parent fiches of the occupations held. */
  readonly domaines: ReadonlySet<string>;
  readonly parents: ReadonlySet<string>;
  /** @internal the profile's macro-compétences, and the mean text / appellation / classification vectors of the occupations held (null when none). */
  readonly facets: ProfileFacets;
  /** @internal the model the profile was built on (ids are only valid there). */
  readonly model: SkillsModel;
}

/** Bad profile input: `field` names the offending field, `code` the offending value. */
export class SkillsProfileError extends Error {
  constructor(
    message: string,
    readonly field: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'SkillsProfileError';
  }
}

/** A ROME item found by `searchSkills`. */
export interface SkillHit {
  code: string;
  label: string;
  kind: SkillKind;
  macro: { code: string; label: string } | null;
  /** Number of fiches citing the item. */
  fiches: number;
}

/** An item cited by one fiche, as `ficheSkills` lists them (to untick the ones not practised). */
export interface FicheSkill extends SkillRef {
  coeurMetier: boolean;
  macro: { code: string | null; label: string };
}

// ---------------------------------------------------------------------------------------------
// Raw input of the model: what the database (or a test fixture) provides.

export interface RawFiche {
  code: string;
  label: string;
  grandDomaine: string | null;
  domaineProfessionnel: string | null;
  /** The ROME V3 fiche this one comes from (itself for a fiche kept from V3). */
  parent?: string | null;
  /** The fiche's texts: définition and accès au métier. */
  text?: string | null;
  /** Labels of the fiche's appellations. */
  appellations?: string[];
  /** Thèmes and centres d'intérêt of the fiche ("kind:code"). */
  classes?: string[];
  /** Secteurs d'activité (the principal first), sous-secteurs d'activité and secteurs NAF of the fiche (codes). */
  secteurs?: string[];
  sousSecteurs?: string[];
  naf?: string[];
  /** The fiche's principal centre d'intérêt (code). */
  interetPrincipal?: string | null;
  /** RIASEC codes of the fiche: majeur then mineur ("RS", "C"). */
  riasec?: string | null;
  /** Emploi de cadre. */
  cadre?: boolean;
  /** ESCO occupations mapped to the fiche through the ESCO ↔ ROME table: their ISCO groups and texts. */
  isco?: string[];
  esco?: string | null;
  /** People in employment in the occupation (DARES, see transitions-targets.ts), and the shortest certification leading to it. */
  emploi?: number | null;
  certification?: ShortestCertification | null;
}
export interface RawItem {
  code: string;
  label: string;
  kind: SkillKind;
  /** Macro-compétence of a compétence (code OGR), null for other items. */
  macro: string | null;
  /** Grouping label for savoirs (catégorie) and contextes (type). */
  category: string | null;
  /** Technique expert / Technique / Transverse for savoir-faire. */
  subCategory: string | null;
}
export interface RawLink {
  fiche: string;
  item: string;
  coeurMetier: boolean;
}
export interface RawEscoSkill {
  uri: string;
  labels: string[];
}
export interface RawEscoOccupation {
  uri: string;
  fiche: string;
}

export interface RawSkillsData {
  fiches: RawFiche[];
  items: RawItem[];
  links: RawLink[];
  escoSkills?: RawEscoSkill[];
  escoOccupations?: RawEscoOccupation[];
}

/** Scoring parameters; the defaults are the ones `npm run eval:transitions` settled on. */
export interface ScoringParams {
  /** Weight of each facet, multiplied into every item of that kind. */
  facet: Record<SkillKind, number>;
  /** Exponent of the inverse document frequency (0: every item counts the same). */
  idfPower: number;
  /** Multiplier for items flagged "Principale" (cœur de métier) on the target fiche. */
  coeurMetier: number;
  /** Multiplier by sous-catégorie of savoir-faire (Technique expert, Technique, Transverse). */
  subCategory: Record<string, number>;
  /** Weight of the words of item labels beside the items themselves (two fiches' own wordings of one skill). */
  words: number;
  /** Exponent of the target's coverage; 1 minus it goes to the share of the profile the target reuses. */
  targetShare: number;
  /** Share of the score given to the cosine of the macro-compétences of the profile and the target. */
  macro: number;
  /**
   * Shares of the score given to the occupations held (none for a profile of picked skills alone):
   * cosine of the words of the fiches' texts (définition, accès), of their appellations' labels,
   * of their thèmes and centres d'intérêt; same domaine professionnel; same V3 parent fiche.
   */
  text: number;
  appellations: number;
  classes: number;
  structure: number;
  sameParent: number;
  /**
   * The learned ranking (transitions-model.ts) that orders transitions; null orders them by the
   * hand-tuned `score` of the shares above (today's ranking in `npm run eval:transitions`).
   */
  ranking: CompiledRanking | null;
}

export const DEFAULT_PARAMS: ScoringParams = {
  facet: { 'savoir-faire': 1, savoir: 1.2, 'savoir-etre': 0.15, contexte: 0.3 },
  idfPower: 1,
  coeurMetier: 1.5,
  subCategory: { 'Technique expert': 1, Technique: 1, Transverse: 1 },
  words: 0.5,
  targetShare: 0.65,
  macro: 0.06,
  text: 0.16,
  appellations: 0.09,
  classes: 0.03,
  structure: 0.02,
  sameParent: 0.01,
  ranking: DEFAULT_RANKING,
};

const KIND_ORDER: Record<SkillKind, number> = { 'savoir-faire': 0, savoir: 1, contexte: 2, 'savoir-etre': 3 };
const SAVOIR_ETRE_GROUP = 'Savoir-être professionnels';
const OTHER_SKILLS_GROUP = 'Autres savoir-faire';

const round = (x: number) => Math.round(x * 10000) / 10000;

function normalise(weights: Float64Array): void {
  let total = 0;
  for (const w of weights) total += w;
  if (total > 0) for (let k = 0; k < weights.length; k++) weights[k] /= total;
}

/** A sparse vector of term ids and weights, of unit length (empty when the fiche has no term). */
interface Sparse {
  ids: Int32Array;
  values: Float32Array;
}
const EMPTY: Sparse = { ids: new Int32Array(0), values: new Float32Array(0) };

/** @internal dense vectors of a profile, one per facet of `Bag` (see `SkillsModel.profile`). */
export interface ProfileFacets {
  macro: Float32Array;
  text: Float32Array | null;
  appellations: Float32Array | null;
  classes: Float32Array | null;
  themes: Float32Array | null;
  interests: Float32Array | null;
  esco: Float32Array | null;
  /** Mean RIASEC vector of the occupations held (R, I, A, S, E, C). */
  riasec: Float64Array | null;
  isco: ReadonlySet<string>;
  /** Whether an occupation held is an emploi de cadre (none held: null). */
  cadre: boolean | null;
  /** ISCO groups of the occupations held cut to 3, 2 and 1 digits. */
  iscoPrefixes: readonly ReadonlySet<string>[];
  /** Secteurs d'activité, principal ones, sous-secteurs, secteurs NAF and principal centres d'intérêt of the occupations held. */
  secteurs: ReadonlySet<string>;
  secteursPrincipaux: ReadonlySet<string>;
  sousSecteurs: ReadonlySet<string>;
  naf: ReadonlySet<string>;
  interetsPrincipaux: ReadonlySet<string>;
  /** Unit vector of the words of the held occupations' labels, in the appellations' terms (null when none). */
  intitule: Float32Array | null;
}

/**
 * Terms of the fiches for one facet (words of texts, macro-compétences…): each fiche's term
 * counts × inverse document frequency, as a unit vector; cosines are dot products.
 */
class Bag {
  private readonly index = new Map<string, number>();
  private idf = new Float32Array(0);
  readonly vectors: Sparse[] = [];
  private readonly counts: Map<number, number>[] = [];

  add(terms: Iterable<string>): void {
    const counts = new Map<number, number>();
    for (const t of terms) {
      let id = this.index.get(t);
      if (id === undefined) this.index.set(t, (id = this.index.size));
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    this.counts.push(counts);
  }

  /** Once every fiche was added, in order. */
  build(): void {
    const n = this.counts.length;
    const df = new Int32Array(this.index.size);
    for (const c of this.counts) for (const id of c.keys()) df[id]++;
    this.idf = Float32Array.from(df, (d) => Math.max(0, Math.log((n + 1) / (d + 0.5))));
    for (const c of this.counts) this.vectors.push(this.sparse(c));
    this.counts.length = 0;
  }

  get size(): number {
    return this.index.size;
  }

  idOf(term: string): number | undefined {
    return this.index.get(term);
  }

  /** Unit vector of some terms (those unknown to the bag ignored), once built. */
  vectorOf(terms: Iterable<string>): Sparse {
    const counts = new Map<number, number>();
    for (const t of terms) {
      const id = this.index.get(t);
      if (id !== undefined) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return this.sparse(counts);
  }

  /** Unit vector of term counts (by term id) × idf. */
  sparse(counts: Map<number, number>): Sparse {
    const ids = Int32Array.from(counts.keys());
    const values = Float32Array.from(ids, (id) => counts.get(id)! * this.idf[id]);
    let norm = 0;
    for (const v of values) norm += v * v;
    if (norm === 0) return EMPTY;
    norm = Math.sqrt(norm);
    for (let k = 0; k < values.length; k++) values[k] /= norm;
    return { ids, values };
  }

  /** Dense unit vector of the mean of some fiches' vectors, or null when there are none. */
  mean(fiches: number[]): Float32Array | null {
    if (!fiches.length) return null;
    const out = new Float32Array(this.index.size);
    for (const i of fiches) {
      const v = this.vectors[i];
      for (let k = 0; k < v.ids.length; k++) out[v.ids[k]] += v.values[k];
    }
    return unit(out);
  }
}

const RIASEC = 'RIASEC';
/** Digits of the ISCO groups compared beside the whole group (`isco3`, `isco2`, `isco1` signals). */
const ISCO_LEVELS = [3, 2, 1] as const;
/** A target's breadth (appellations, items) as log(1 + count) / this, capped at 1 (e^5 ≈ 148). */
const BREADTH_LOG = 5;

/** Jaccard index of the profile's codes and the target's. */
function jaccard(held: ReadonlySet<string>, target: readonly string[]): number {
  if (!held.size || !target.length) return 0;
  let both = 0;
  for (const c of target) if (held.has(c)) both++;
  return both / (held.size + target.length - both);
}

/** Dense unit vector of the mean of sparse vectors. */
function meanOf(size: number, vectors: Sparse[]): Float32Array {
  const out = new Float32Array(size);
  for (const v of vectors) for (let k = 0; k < v.ids.length; k++) out[v.ids[k]] += v.values[k];
  return unit(out);
}

/** Unit vector of a fiche's RIASEC codes: majeur 1, mineur 0.5. */
function riasecVector(codes: string | null | undefined): Float64Array {
  const v = new Float64Array(6);
  [...(codes ?? '')].forEach((c, k) => {
    const i = RIASEC.indexOf(c);
    if (i >= 0 && k < 2) v[i] = Math.max(v[i], k === 0 ? 1 : 0.5);
  });
  const norm = Math.hypot(...v);
  if (norm > 0) for (let i = 0; i < 6; i++) v[i] /= norm;
  return v;
}

function meanRiasec(vectors: Float64Array[]): Float64Array {
  const out = new Float64Array(6);
  for (const v of vectors) for (let i = 0; i < 6; i++) out[i] += v[i];
  const norm = Math.hypot(...out);
  if (norm > 0) for (let i = 0; i < 6; i++) out[i] /= norm;
  return out;
}

function unit(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  if (norm > 0) {
    norm = Math.sqrt(norm);
    for (let k = 0; k < v.length; k++) v[k] /= norm;
  }
  return v;
}

function dot(dense: Float32Array | null, v: Sparse): number {
  if (!dense) return 0;
  let s = 0;
  for (let k = 0; k < v.ids.length; k++) s += dense[v.ids[k]] * v.values[k];
  return s;
}

/** Folded, stemmed words of a whole text (every word once). */
function textWords(text: string | null | undefined): string[] {
  return text ? labelWords(foldWords(text)) : [];
}

interface FicheEntry {
  code: string;
  label: string;
  gd: string | null;
  dp: string | null;
  parent: string | null;
  /** Item ids, and the normalised weight of each (summing to 1): what `shared` and `missing` show. */
  items: Int32Array;
  weights: Float64Array;
  coeur: Uint8Array;
  /** Scoring features (items, then label words), weights summing to 1. */
  features: Int32Array;
  featureWeights: Float64Array;
  /** Unit vectors of the other facets (see `ScoringParams`). */
  macro: Sparse;
  text: Sparse;
  appellations: Sparse;
  classes: Sparse;
  themes: Sparse;
  interests: Sparse;
  esco: Sparse;
  riasec: Float64Array;
  isco: string[];
  /** The ISCO groups cut to each of ISCO_LEVELS digits. */
  iscoPrefixes: string[][];
  cadre: boolean;
  /** Each appellation's unit vector of words (in the appellations' terms), and the label's. */
  appellationVectors: Sparse[];
  intitule: Sparse;
  appellationCount: number;
  secteurs: string[];
  sousSecteurs: string[];
  naf: string[];
  interetPrincipal: string | null;
  /** log(1 + people in employment) over the largest such figure, 0 when unknown. */
  emploi: number;
  certification: ShortestCertification | null;
}

/** Short French words that say nothing about a skill. */
const STOP_WORDS = new Set(
  (
    'les des une pour avec dans sur par aux son ses leur leurs que qui est sont selon ainsi entre lors ' +
    'sous vers chez son sans tout tous toute toutes autre autres etc cas non'
  ).split(' '),
);

/** Folded, stemmed words of an item label (crude suffix folding: plural, feminine, -ation…). */
function labelWords(folded: string): string[] {
  const out = new Set<string>();
  for (let w of folded.split(' ')) {
    if (w.length < 3 || STOP_WORDS.has(w)) continue;
    if (w.length > 4) {
      w = w.replace(/[sx]$/, '').replace(/(euse|eur|trice|teur|ements?|ations?|er|e)$/, '');
      w = w.slice(0, 7);
    }
    out.add(w);
  }
  return [...out];
}

/** The in-memory model built from raw rows; `SkillsCatalog` keeps one built from the database. */
export class SkillsModel {
  readonly params: ScoringParams;
  private readonly itemCodes: string[] = [];
  private readonly itemLabels: string[] = [];
  private readonly itemKinds: SkillKind[] = [];
  private readonly itemFolded: string[] = [];
  /** Macro-compétence id of each item (itself for a macro-compétence), -1 when none. */
  private readonly itemGroup: Int32Array;
  private readonly itemCategory: (string | null)[] = [];
  private readonly itemDf: Int32Array;
  /** Weight of an item before the target's cœur de métier flag: specificity × facet. */
  private readonly itemBase: Float64Array;
  /** Word feature ids (offset by the item count) of each item's label. */
  private readonly itemWords: Int32Array[] = [];
  /** Specificity × `words` of each word feature (indexed by word id, without the offset). */
  private readonly wordBase: Float64Array;
  private readonly itemIndex = new Map<string, number>();
  private readonly fiches: FicheEntry[] = [];
  private readonly ficheIndex = new Map<string, number>();
  private readonly ficheItems = new Map<string, Set<number>>();
  private readonly escoSkill = new Map<string, number | null>();
  private readonly escoOccupation = new Map<string, string[]>();
  private readonly macroBag = new Bag();
  private readonly textBag = new Bag();
  private readonly appellationBag = new Bag();
  private readonly classBag = new Bag();
  private readonly themeBag = new Bag();
  private readonly interestBag = new Bag();
  private readonly escoBag = new Bag();
  private readonly ranking: CompiledRanking | null;
  /** Reused buffers of one target's signals and model columns (scoring is synchronous). */
  private readonly scratch = new Float64Array(SIGNALS.length);
  private readonly columns = new Float64Array(COLUMNS.length);

  constructor(data: RawSkillsData, params: Partial<ScoringParams> = {}) {
    this.params = { ...DEFAULT_PARAMS, ...params };
    const p = this.params;
    this.ranking = p.ranking;
    const raw = new Map(data.items.map((i) => [i.code, i]));
    for (const item of data.items) this.addItem(item);
    const nItems = this.itemCodes.length;
    this.itemGroup = new Int32Array(nItems).fill(-1);
    for (let id = 0; id < nItems; id++) {
      const r = raw.get(this.itemCodes[id])!;
      if (r.macro !== null) {
        const g = this.itemIndex.get(r.macro);
        if (g !== undefined) this.itemGroup[id] = g;
      } else if (r.kind === 'savoir-faire') {
        this.itemGroup[id] = id;
      }
    }

    // Words of the labels, as features after the items.
    const wordIndex = new Map<string, number>();
    for (let id = 0; id < nItems; id++) {
      this.itemWords.push(
        Int32Array.from(labelWords(this.itemFolded[id]), (w) => {
          let wid = wordIndex.get(w);
          if (wid === undefined) wordIndex.set(w, (wid = wordIndex.size));
          return nItems + wid;
        }),
      );
    }

    // Links by fiche, document frequencies of items and words.
    const byFiche = new Map<string, { id: number; coeur: boolean }[]>();
    this.itemDf = new Int32Array(nItems);
    const wordDf = new Int32Array(wordIndex.size);
    const linked = new Set<string>();
    for (const f of data.fiches) byFiche.set(f.code, []);
    for (const l of data.links) {
      const id = this.itemIndex.get(l.item);
      const list = byFiche.get(l.fiche);
      const key = `${l.fiche}|${l.item}`;
      if (id === undefined || !list || linked.has(key)) continue;
      linked.add(key);
      list.push({ id, coeur: l.coeurMetier });
      this.itemDf[id]++;
    }
    for (const links of byFiche.values()) {
      const seen = new Set<number>();
      for (const l of links) for (const w of this.itemWords[l.id]) seen.add(w);
      for (const w of seen) wordDf[w - nItems]++;
    }
    const n = Math.max(1, data.fiches.length);
    const idf = (df: number) => Math.max(0, Math.log((n + 1) / (df + 0.5))) ** p.idfPower;
    this.itemBase = new Float64Array(nItems);
    for (let id = 0; id < nItems; id++) {
      const r = raw.get(this.itemCodes[id])!;
      let w = idf(this.itemDf[id]) * p.facet[r.kind];
      if (r.kind === 'savoir-faire' && r.subCategory) w *= p.subCategory[r.subCategory] ?? 1;
      this.itemBase[id] = w;
    }
    this.wordBase = Float64Array.from(wordDf, (df) => idf(df) * p.words);

    for (const f of data.fiches) {
      const links = byFiche.get(f.code)!;
      const items = new Int32Array(links.length);
      const weights = new Float64Array(links.length);
      const coeur = new Uint8Array(links.length);
      links.forEach((l, k) => {
        items[k] = l.id;
        weights[k] = this.itemBase[l.id] * (l.coeur ? p.coeurMetier : 1);
        coeur[k] = l.coeur ? 1 : 0;
      });
      const { features, featureWeights } = this.vectorOf(items, weights);
      normalise(weights);
      this.ficheIndex.set(f.code, this.fiches.length);
      this.ficheItems.set(f.code, new Set(items));
      this.macroBag.add(this.macrosOf(items));
      this.textBag.add(textWords(f.text));
      this.appellationBag.add((f.appellations ?? []).flatMap(textWords));
      this.classBag.add(f.classes ?? []);
      this.themeBag.add((f.classes ?? []).filter((c) => c.startsWith('theme:')));
      this.interestBag.add((f.classes ?? []).filter((c) => c.startsWith('centre_interet:')));
      this.escoBag.add(textWords(f.esco));
      this.fiches.push({
        code: f.code,
        label: f.label,
        gd: f.grandDomaine,
        dp: f.domaineProfessionnel,
        parent: f.parent ?? null,
        items,
        weights,
        coeur,
        features,
        featureWeights,
        macro: EMPTY,
        text: EMPTY,
        appellations: EMPTY,
        classes: EMPTY,
        themes: EMPTY,
        interests: EMPTY,
        esco: EMPTY,
        riasec: riasecVector(f.riasec),
        isco: f.isco ?? [],
        iscoPrefixes: ISCO_LEVELS.map((n) => (f.isco ?? []).map((g) => g.slice(0, n))),
        cadre: f.cadre ?? false,
        appellationVectors: [],
        intitule: EMPTY,
        appellationCount: f.appellations?.length ?? 0,
        secteurs: f.secteurs ?? [],
        sousSecteurs: f.sousSecteurs ?? [],
        naf: f.naf ?? [],
        interetPrincipal: f.interetPrincipal ?? null,
        emploi: Math.log1p(f.emploi ?? 0),
        certification: f.certification ?? null,
      });
    }
    const emploiMax = Math.max(0, ...this.fiches.map((f) => f.emploi));
    for (const f of this.fiches) f.emploi = emploiMax > 0 ? f.emploi / emploiMax : 0;
    const bags = [this.macroBag, this.textBag, this.appellationBag, this.classBag, this.themeBag, this.interestBag, this.escoBag];
    for (const bag of bags) bag.build();
    this.fiches.forEach((f, i) => {
      f.macro = this.macroBag.vectors[i];
      f.text = this.textBag.vectors[i];
      f.appellations = this.appellationBag.vectors[i];
      f.classes = this.classBag.vectors[i];
      f.themes = this.themeBag.vectors[i];
      f.interests = this.interestBag.vectors[i];
      f.esco = this.escoBag.vectors[i];
      // Each appellation and the label on their own, in the appellations' terms: one close appellation is enough.
      f.appellationVectors = (data.fiches[i].appellations ?? [])
        .map((a) => this.appellationBag.vectorOf(textWords(a)))
        .filter((v) => v.ids.length);
      f.intitule = this.appellationBag.vectorOf(textWords(f.label));
    });

    // ESCO: skills by identical label, occupations through the ESCO ↔ ROME table.
    const byLabel = new Map<string, number>();
    for (let id = 0; id < nItems; id++) {
      const key = this.itemFolded[id];
      const seen = byLabel.get(key);
      // Several items may share a label: keep the one most fiches cite.
      if (seen === undefined || this.itemDf[id] > this.itemDf[seen]) byLabel.set(key, id);
    }
    for (const s of data.escoSkills ?? []) {
      let found: number | null = null;
      for (const label of s.labels) {
        const id = byLabel.get(foldWords(label));
        if (id !== undefined) {
          found = id;
          break;
        }
      }
      this.escoSkill.set(s.uri, found);
    }
    for (const o of data.escoOccupations ?? []) {
      if (!this.ficheIndex.has(o.fiche)) continue;
      const list = this.escoOccupation.get(o.uri) ?? [];
      if (!list.includes(o.fiche)) list.push(o.fiche);
      this.escoOccupation.set(o.uri, list);
    }
  }

  /**
   * Scoring features of a set of items with their weights: the items, and each word of their
   * labels weighted by its specificity and by the heaviest facet it comes from; normalised.
   */
  private vectorOf(items: Int32Array, weights: Float64Array): { features: Int32Array; featureWeights: Float64Array } {
    const nItems = this.itemCodes.length;
    const words = new Map<number, number>();
    for (let k = 0; k < items.length; k++) {
      const id = items[k];
      const facet = (weights[k] / (this.itemBase[id] || 1)) * this.params.facet[this.itemKinds[id]];
      for (const w of this.itemWords[id]) {
        const v = this.wordBase[w - nItems] * facet;
        if (v > (words.get(w) ?? 0)) words.set(w, v);
      }
    }
    const features = new Int32Array(items.length + words.size);
    const featureWeights = new Float64Array(items.length + words.size);
    features.set(items);
    featureWeights.set(weights);
    let k = items.length;
    for (const [w, v] of words) {
      features[k] = w;
      featureWeights[k++] = v;
    }
    normalise(featureWeights);
    return { features, featureWeights };
  }

  /** Macro-compétence of each item that has one (items may repeat: a count per compétence). */
  private *macrosOf(items: Iterable<number>): Generator<string> {
    for (const id of items) {
      const g = this.itemGroup[id];
      if (g >= 0) yield String(g);
    }
  }

  private addItem(item: RawItem): void {
    if (this.itemIndex.has(item.code)) return;
    const id = this.itemCodes.length;
    this.itemIndex.set(item.code, id);
    this.itemCodes.push(item.code);
    this.itemLabels.push(item.label);
    this.itemKinds.push(item.kind);
    this.itemFolded.push(foldWords(item.label));
    this.itemCategory.push(item.category);
  }

  get ficheCount(): number {
    return this.fiches.length;
  }

  hasFiche(code: string): boolean {
    return this.ficheIndex.has(code);
  }

  ficheLabel(code: string): string | undefined {
    const i = this.ficheIndex.get(code);
    return i === undefined ? undefined : this.fiches[i].label;
  }

  /** Codes of every fiche, in the order of the referential. */
  ficheCodes(): string[] {
    return this.fiches.map((f) => f.code);
  }

  hasItem(code: string): boolean {
    return this.itemIndex.has(code);
  }

  /** The items a fiche cites, heaviest first, with their macro-compétence: to untick. Null if unknown. */
  ficheSkills(code: string): FicheSkill[] | null {
    const i = this.ficheIndex.get(code);
    if (i === undefined) return null;
    const f = this.fiches[i];
    const out: FicheSkill[] = [];
    for (let k = 0; k < f.items.length; k++) {
      out.push({ ...this.ref(f.items[k], f.weights[k]), coeurMetier: f.coeur[k] === 1, macro: this.groupOf(f.items[k]) });
    }
    return out.sort((a, b) => KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || b.weight - a.weight || a.label.localeCompare(b.label, 'fr'));
  }

  /** Items whose label holds every word of the query as a word or a word's start (accents and case ignored). */
  searchSkills(query: string, limit = 20): SkillHit[] {
    const words = foldWords(query).split(' ').filter(Boolean);
    if (!words.length) return [];
    const hits: { id: number; rank: number }[] = [];
    for (let id = 0; id < this.itemFolded.length; id++) {
      const label = ` ${this.itemFolded[id]} `;
      let ok = true;
      let exact = 0;
      for (let w = 0; w < words.length && ok; w++) {
        if (label.includes(` ${words[w]} `)) exact++;
        else if (!label.includes(` ${words[w]}`)) ok = false;
      }
      if (!ok) continue;
      // Whole words first, then labels that start with the query, then the most cited, then shortest.
      const starts = label.startsWith(` ${words[0]}`) ? 1 : 0;
      hits.push({ id, rank: exact * 4 + starts * 2 + Math.log1p(this.itemDf[id]) / 10 - label.length / 1000 });
    }
    hits.sort((a, b) => b.rank - a.rank);
    return hits.slice(0, limit).map(({ id }) => {
      const g = this.itemGroup[id];
      return {
        code: this.itemCodes[id],
        label: this.itemLabels[id],
        kind: this.itemKinds[id],
        macro: g >= 0 && g !== id ? { code: this.itemCodes[g], label: this.itemLabels[g] } : null,
        fiches: this.itemDf[id],
      };
    });
  }

  /** Resolves a profile; throws SkillsProfileError naming the field of the first bad value. */
  profile(input: SkillsProfileInput): Profile {
    const occupations: string[] = [];
    const held = new Set<number>();
    const unmappedEsco: string[] = [];
    const addFiche = (code: string) => {
      if (!occupations.includes(code)) occupations.push(code);
      for (const id of this.ficheItems.get(code)!) held.add(id);
    };
    (input.occupations ?? []).forEach((raw, k) => {
      const code = String(raw).trim().toUpperCase();
      if (!this.ficheIndex.has(code)) {
        throw new SkillsProfileError(`Fiche ROME inconnue : ${raw}`, `occupations/${k}`, String(raw));
      }
      addFiche(code);
    });
    (input.skills ?? []).forEach((code, k) => {
      const id = this.itemIndex.get(String(code).trim());
      if (id === undefined) throw new SkillsProfileError(`Compétence ROME inconnue : ${code}`, `skills/${k}`, String(code));
      held.add(id);
    });
    (input.esco ?? []).forEach((uri, k) => {
      const key = String(uri).trim();
      const fiches = this.escoOccupation.get(key);
      if (fiches) return fiches.forEach(addFiche);
      if (!this.escoSkill.has(key)) throw new SkillsProfileError(`URI ESCO inconnue : ${uri}`, `esco/${k}`, String(uri));
      const id = this.escoSkill.get(key);
      if (id === null || id === undefined) unmappedEsco.push(key);
      else held.add(id);
    });
    (input.exclude ?? []).forEach((code, k) => {
      const id = this.itemIndex.get(String(code).trim());
      if (id === undefined) throw new SkillsProfileError(`Compétence ROME inconnue : ${code}`, `exclude/${k}`, String(code));
      held.delete(id);
    });

    // The profile's vector: its items weighted as in a fiche (cœur de métier of an occupation held counts).
    const coeur = new Set<number>();
    for (const code of occupations) {
      const f = this.fiches[this.ficheIndex.get(code)!];
      for (let k = 0; k < f.items.length; k++) if (f.coeur[k]) coeur.add(f.items[k]);
    }
    const ids = Int32Array.from(held);
    const weights = Float64Array.from(ids, (id) => this.itemBase[id] * (coeur.has(id) ? this.params.coeurMetier : 1));
    const { features, featureWeights } = this.vectorOf(ids, weights);
    const vector = new Float32Array(this.itemCodes.length + this.wordBase.length);
    for (let k = 0; k < features.length; k++) vector[features[k]] = featureWeights[k];
    const domaines = new Set<string>();
    const parents = new Set<string>();
    const heldFiches = occupations.map((code) => this.ficheIndex.get(code)!);
    for (const i of heldFiches) {
      const f = this.fiches[i];
      if (f.dp) domaines.add(f.dp);
      if (f.gd) domaines.add(`gd:${f.gd}`);
      if (f.parent) parents.add(f.parent);
    }
    // Macro-compétences of the items held (not of the occupations: unticked skills do not count).
    const macroCounts = new Map<number, number>();
    for (const g of this.macrosOf(held)) {
      const id = this.macroBag.idOf(g);
      if (id !== undefined) macroCounts.set(id, (macroCounts.get(id) ?? 0) + 1);
    }
    const macro = new Float32Array(this.macroBag.size);
    const m = this.macroBag.sparse(macroCounts);
    for (let k = 0; k < m.ids.length; k++) macro[m.ids[k]] = m.values[k];
    return {
      occupations,
      items: new Set([...held].map((id) => this.itemCodes[id])),
      unmappedEsco,
      vector,
      domaines,
      parents,
      facets: {
        macro,
        text: this.textBag.mean(heldFiches),
        appellations: this.appellationBag.mean(heldFiches),
        classes: this.classBag.mean(heldFiches),
        themes: this.themeBag.mean(heldFiches),
        interests: this.interestBag.mean(heldFiches),
        esco: this.escoBag.mean(heldFiches),
        riasec: heldFiches.length ? meanRiasec(heldFiches.map((i) => this.fiches[i].riasec)) : null,
        isco: new Set(heldFiches.flatMap((i) => this.fiches[i].isco)),
        cadre: heldFiches.length ? heldFiches.some((i) => this.fiches[i].cadre) : null,
        iscoPrefixes: ISCO_LEVELS.map((n) => new Set(heldFiches.flatMap((i) => this.fiches[i].isco.map((g) => g.slice(0, n))))),
        secteurs: new Set(heldFiches.flatMap((i) => this.fiches[i].secteurs)),
        secteursPrincipaux: new Set(heldFiches.flatMap((i) => this.fiches[i].secteurs.slice(0, 1))),
        sousSecteurs: new Set(heldFiches.flatMap((i) => this.fiches[i].sousSecteurs)),
        naf: new Set(heldFiches.flatMap((i) => this.fiches[i].naf)),
        interetsPrincipaux: new Set(heldFiches.flatMap((i) => this.fiches[i].interetPrincipal ?? [])),
        intitule: heldFiches.length
          ? meanOf(
              this.appellationBag.size,
              heldFiches.map((i) => this.fiches[i].intitule),
            )
          : null,
      },
      model: this,
    };
  }

  /**
   * The evidence of one target for a profile, each signal in [0, 1] (indexed as `SIGNALS`), into
   * `out`; returns the hand-tuned score of the referential's facets (see `compare`), which is also
   * the signal `classement`.
   */
  private signalsOf(profile: Profile, f: FicheEntry, out: Float64Array): number {
    const vector = profile.vector;
    const p = this.params;
    // Share of the target's features the profile holds, and share of the profile's the target uses.
    let target = 0;
    let source = 0;
    for (let k = 0; k < f.features.length; k++) {
      const v = vector[f.features[k]];
      if (v > 0) {
        target += f.featureWeights[k];
        source += v;
      }
    }
    let held = 0;
    let coeurTotal = 0;
    let coeurHeld = 0;
    for (let k = 0; k < f.items.length; k++) {
      const has = vector[f.items[k]] > 0;
      if (has) held++;
      if (f.coeur[k]) {
        coeurTotal += f.weights[k];
        if (has) coeurHeld += f.weights[k];
      }
    }
    const facets = profile.facets;
    const occupations = profile.occupations.length > 0;
    const S = SIGNAL_INDEX;
    out[S.cible] = target;
    out[S.reprise] = source;
    out[S.coeur] = coeurTotal > 0 ? coeurHeld / coeurTotal : 0;
    out[S.items] = held > 0 ? held / Math.sqrt(profile.items.size * f.items.length) : 0;
    out[S.macro] = dot(facets.macro, f.macro);
    // Facets of the occupations held (null vectors, hence 0, for a profile of picked skills alone).
    out[S.texte] = dot(facets.text, f.text);
    out[S.appellations] = dot(facets.appellations, f.appellations);
    out[S.themes] = dot(facets.themes, f.themes);
    out[S.interets] = dot(facets.interests, f.interests);
    out[S.esco] = dot(facets.esco, f.esco);
    out[S.domaine] = f.dp && profile.domaines.has(f.dp) ? 1 : 0;
    out[S.grandDomaine] = f.gd && profile.domaines.has(`gd:${f.gd}`) ? 1 : 0;
    out[S.parent] = f.parent && profile.parents.has(f.parent) ? 1 : 0;
    let riasec = 0;
    if (facets.riasec) for (let i = 0; i < 6; i++) riasec += facets.riasec[i] * f.riasec[i];
    out[S.riasec] = riasec;
    let isco = 0;
    for (const g of f.isco) if (facets.isco.has(g)) isco++;
    out[S.isco] = f.isco.length ? isco / f.isco.length : 0;
    out[S.montee] = facets.cadre === false && f.cadre ? 1 : 0;
    out[S.descente] = facets.cadre === true && !f.cadre ? 1 : 0;
    for (let l = 0; l < ISCO_LEVELS.length; l++) {
      const held = facets.iscoPrefixes[l];
      let n = 0;
      for (const g of f.iscoPrefixes[l]) if (held.has(g)) n++;
      out[S.isco3 + l] = f.isco.length ? n / f.isco.length : 0;
    }
    out[S.secteurs] = jaccard(facets.secteurs, f.secteurs);
    out[S.secteurPrincipal] = f.secteurs.length && facets.secteursPrincipaux.has(f.secteurs[0]) ? 1 : 0;
    out[S.sousSecteurs] = jaccard(facets.sousSecteurs, f.sousSecteurs);
    out[S.naf] = jaccard(facets.naf, f.naf);
    out[S.interetPrincipal] = f.interetPrincipal !== null && facets.interetsPrincipaux.has(f.interetPrincipal) ? 1 : 0;
    let appellation = 0;
    let intitule = 0;
    for (const v of f.appellationVectors) {
      appellation = Math.max(appellation, dot(facets.appellations, v));
      intitule = Math.max(intitule, dot(facets.intitule, v));
    }
    out[S.appellation] = appellation;
    out[S.intitule] = intitule;
    out[S.cadre] = f.cadre ? 1 : 0;
    out[S.largeur] = Math.min(1, Math.log1p(f.appellationCount) / BREADTH_LOG);
    out[S.etendue] = Math.min(1, Math.log1p(f.items.length) / BREADTH_LOG);
    out[S.emploi] = f.emploi;

    // The hand-tuned score: the skills shares, then the other facets, each taking its share.
    const skills = target ** p.targetShare * source ** (1 - p.targetShare);
    let share = p.macro;
    let s = p.macro * out[S.macro];
    if (occupations) {
      share += p.text + p.appellations + p.classes + p.structure + p.sameParent;
      s +=
        p.text * out[S.texte] +
        p.appellations * out[S.appellations] +
        p.classes * dot(facets.classes, f.classes) +
        p.structure * out[S.domaine] +
        p.sameParent * out[S.parent];
    }
    s += (1 - share) * skills;
    out[S.classement] = Math.min(1, Math.max(0, s));
    return out[S.classement];
  }

  /** Signals of every fiche with items for a profile (the occupations held left out), to fit and evaluate the ranking. */
  signalTable(profile: Profile): { codes: string[]; signals: Float64Array; hand: Float64Array } {
    this.check(profile);
    const codes: string[] = [];
    const rows: number[] = [];
    for (let i = 0; i < this.fiches.length; i++) {
      if (this.fiches[i].items.length && !profile.occupations.includes(this.fiches[i].code)) rows.push(i);
    }
    const signals = new Float64Array(rows.length * SIGNALS.length);
    const hand = new Float64Array(rows.length);
    rows.forEach((i, r) => {
      codes.push(this.fiches[i].code);
      hand[r] = this.signalsOf(profile, this.fiches[i], this.scratch);
      signals.set(this.scratch, r * SIGNALS.length);
    });
    return { codes, signals, hand };
  }

  /**
   * How far a profile covers a target fiche, or null for an unknown code.
   *
   * `coverage` is the sum of the weights of the target items the profile holds: item weight =
   * specificity (inverse document frequency over fiches: a skill cited by hundreds of fiches says
   * little) × facet (savoirs, savoir-faire > contextes > savoir-être) × cœur de métier, normalised
   * per target. Use it for "how much of this occupation does the person already have" (VAE).
   *
   * `score` ranks transitions: the target's coverage, counted on the items and on the words of
   * their labels (two fiches word one skill differently: "superviser une équipe de boulangers /
   * de pâtissiers"), raised to `targetShare`, times the share of the profile's own skills the
   * target reuses to the complement. Smaller shares go to the cosine of the macro-compétences (a
   * compétence the target cites and the profile lacks still counts when both practise its
   * macro-compétence) and, when the profile holds occupations, to what the referential says of the
   * fiches beside their items: words of their texts and appellations, thèmes and centres
   * d'intérêt, same domaine professionnel, same V3 parent fiche (see `ScoringParams`). Both are in [0, 1].
   */
  compare(profile: Profile, targetCode: string): Transition | null {
    this.check(profile);
    const i = this.ficheIndex.get(targetCode.trim().toUpperCase());
    if (i === undefined) return null;
    return this.detail(profile, this.fiches[i]);
  }

  /** Target fiches ranked by the learned ranking (or the hand-tuned score without one), best first, without the occupations held nor `exclude`. */
  transitions(profile: Profile, opts: { limit: number; exclude?: string[] }): Transition[] {
    this.check(profile);
    const skip = new Set([...profile.occupations, ...(opts.exclude ?? []).map((c) => c.toUpperCase())]);
    const limit = Math.max(0, Math.floor(opts.limit));
    const top = this.rank(profile, skip, limit);
    return top.map(({ fiche }) => this.detail(profile, this.fiches[fiche]));
  }

  /** Ranked fiche codes only (the evaluation needs the whole ranking, not the details). */
  rankCodes(profile: Profile, limit: number, exclude: string[] = []): string[] {
    this.check(profile);
    const skip = new Set([...profile.occupations, ...exclude]);
    return this.rank(profile, skip, limit).map(({ fiche }) => this.fiches[fiche].code);
  }

  private rank(profile: Profile, skip: Set<string>, limit: number): { fiche: number; score: number }[] {
    const scored: { fiche: number; score: number }[] = [];
    const ranking = this.ranking;
    for (let i = 0; i < this.fiches.length; i++) {
      const f = this.fiches[i];
      if (skip.has(f.code) || f.items.length === 0) continue;
      const hand = this.signalsOf(profile, f, this.scratch);
      scored.push({ fiche: i, score: ranking ? logitOf(ranking, this.scratch, this.columns) : hand });
    }
    scored.sort((a, b) => b.score - a.score || (this.fiches[a.fiche].code < this.fiches[b.fiche].code ? -1 : 1));
    return scored.slice(0, limit);
  }

  private check(profile: Profile): void {
    if (profile.model !== this) throw new Error('profil construit sur un autre modèle de compétences');
  }

  private detail(profile: Profile, f: FicheEntry): Transition {
    const signals = new Float64Array(SIGNALS.length);
    const score = this.signalsOf(profile, f, signals);
    const shared: SkillRef[] = [];
    const groups = new Map<string, MissingGroup & { total: number; order: number }>();
    let coverage = 0;
    for (let k = 0; k < f.items.length; k++) {
      const id = f.items[k];
      const w = f.weights[k];
      if (profile.items.has(this.itemCodes[id])) {
        shared.push(this.ref(id, w));
        coverage += w;
        continue;
      }
      const macro = this.groupOf(id);
      const key = `${this.itemKinds[id]}|${macro.code ?? macro.label}`;
      let g = groups.get(key);
      if (!g) groups.set(key, (g = { macro, skills: [], total: 0, order: KIND_ORDER[this.itemKinds[id]] }));
      g.skills.push(this.ref(id, w));
      g.total += w;
    }
    const byWeight = (a: SkillRef, b: SkillRef) => b.weight - a.weight || a.label.localeCompare(b.label, 'fr');
    shared.sort(byWeight);
    const missing = [...groups.values()]
      .sort((a, b) => a.order - b.order || b.total - a.total)
      .map((g) => ({ macro: g.macro, skills: g.skills.sort(byWeight) }));
    const ranking = this.ranking;
    const relevance = ranking ? relevanceOf(ranking, logitOf(ranking, signals)) : score;
    const components = ranking ? componentsOf(ranking, signals) : [];
    const savoirFaire = shared.filter((s) => s.kind === 'savoir-faire');
    const sharedMacros = [
      ...new Set(
        savoirFaire
          .map((s) => this.groupOf(this.itemIndex.get(s.code)!))
          .filter((g) => g.code)
          .map((g) => g.label),
      ),
    ];
    const missingSkills = missing.reduce((n, g) => n + g.skills.filter((s) => s.kind === 'savoir-faire').length, 0);
    return {
      code: f.code,
      label: f.label,
      score: round(score),
      coverage: round(coverage),
      shared,
      missing,
      relevance: round(relevance),
      confidence: confidenceOf(relevance),
      reasons: reasonsOf(components, signals, {
        coverage,
        sharedSkills: savoirFaire.map((s) => s.label),
        sharedMacros,
        toAcquire: missing
          .flatMap((g) => g.skills)
          .filter((s) => s.kind === 'savoir-faire')
          .sort(byWeight)
          .map((s) => s.label),
        certification: f.certification,
      }),
      components,
      effort: effortOf(signals, round(coverage), missingSkills),
    };
  }

  private ref(id: number, weight: number): SkillRef {
    return { code: this.itemCodes[id], label: this.itemLabels[id], kind: this.itemKinds[id], weight: round(weight) };
  }

  /** The group a missing item is shown under. */
  private groupOf(id: number): { code: string | null; label: string } {
    const kind = this.itemKinds[id];
    if (kind === 'savoir-faire') {
      const g = this.itemGroup[id];
      return g >= 0 ? { code: this.itemCodes[g], label: this.itemLabels[g] } : { code: null, label: OTHER_SKILLS_GROUP };
    }
    if (kind === 'savoir-etre') return { code: null, label: SAVOIR_ETRE_GROUP };
    if (kind === 'savoir') return { code: null, label: `Savoirs : ${this.itemCategory[id] ?? 'autres'}` };
    return { code: null, label: `Contextes de travail : ${this.itemCategory[id] ?? 'autres'}` };
  }
}

/** Reads the raw rows of the model from the database (never rome_mobilite). */
export async function loadSkillsData(db: Kysely<GuidanceSchema>): Promise<RawSkillsData> {
  const fiches = await db
    .selectFrom('rome_fiche')
    .select([
      'code',
      'label',
      'grand_domaine',
      'domaine_professionnel',
      'rome_v3_parent',
      'definition',
      'acces_metier',
      'riasec_majeur',
      'riasec_mineur',
      'emploi_cadre',
    ])
    .orderBy('code')
    .execute();
  // ESCO occupations of each fiche through the ESCO ↔ ROME table (appellations): ISCO groups and texts.
  const escoByFiche = new Map<string, { isco: Set<string>; texts: string[] }>();
  const escoRows = await db
    .selectFrom('esco_rome as r')
    .innerJoin('rome_appellation as a', 'a.code_ogr', 'r.code_ogr')
    .innerJoin('esco_occupation as o', 'o.uri', 'r.esco_uri')
    .select(['a.code_rome', 'o.uri', 'o.isco_group', 'o.label', 'o.description'])
    .distinct()
    .orderBy('a.code_rome')
    .orderBy('o.uri')
    .execute();
  for (const o of escoRows) {
    let e = escoByFiche.get(o.code_rome);
    if (!e) escoByFiche.set(o.code_rome, (e = { isco: new Set(), texts: [] }));
    if (o.isco_group) e.isco.add(o.isco_group);
    e.texts.push([o.label, o.description].filter(Boolean).join('. '));
  }
  const appellations = new Map<string, string[]>();
  for (const a of await db.selectFrom('rome_appellation').select(['code_rome', 'label']).orderBy('code_ogr').execute()) {
    const list = appellations.get(a.code_rome);
    if (list) list.push(a.label);
    else appellations.set(a.code_rome, [a.label]);
  }
  // Thèmes and centres d'intérêt ("kind:code"), secteurs d'activité (the principal first), sous-secteurs, secteurs NAF.
  const classes = new Map<string, string[]>();
  const groups = new Map<string, { secteurs: string[]; sousSecteurs: string[]; naf: string[]; interetPrincipal: string | null }>();
  const classRows = await db
    .selectFrom('rome_fiche_classification')
    .select(['kind', 'code', 'code_rome', 'principal'])
    .orderBy('code_rome')
    .orderBy('kind')
    .orderBy('principal', 'desc')
    .orderBy('code')
    .execute();
  for (const c of classRows) {
    let g = groups.get(c.code_rome);
    if (!g) groups.set(c.code_rome, (g = { secteurs: [], sousSecteurs: [], naf: [], interetPrincipal: null }));
    if (c.kind === 'secteur_activite') g.secteurs.push(c.code);
    else if (c.kind === 'sous_secteur_activite') g.sousSecteurs.push(c.code);
    else if (c.kind === 'secteur_naf') g.naf.push(c.code);
    if (c.kind !== 'theme' && c.kind !== 'centre_interet') continue;
    if (c.kind === 'centre_interet' && c.principal) g.interetPrincipal ??= c.code;
    const list = classes.get(c.code_rome);
    if (list) list.push(`${c.kind}:${c.code}`);
    else classes.set(c.code_rome, [`${c.kind}:${c.code}`]);
  }
  const links = await db
    .selectFrom('rome_fiche_item')
    .select(['code_rome', 'code_ogr', 'coeur_metier', 'bloc', 'rubrique'])
    .where('bloc', 'in', ['5', '6'])
    .orderBy('code_rome')
    .orderBy('code_ogr')
    .execute();
  const { rows: items } = await sql<{
    code_ogr: string;
    label: string;
    rubrique: string | null;
    macro: boolean | null;
    macro_code_ogr: string | null;
    sous_categorie: string | null;
    s_categorie: string | null;
    x_type: string | null;
    is_contexte: boolean;
  }>`
    SELECT i.code_ogr, coalesce(c.label, s.label, x.label, i.label) AS label, i.rubrique,
           c.macro, c.macro_code_ogr, c.sous_categorie, s.categorie AS s_categorie, x.type_label AS x_type,
           (x.code_ogr IS NOT NULL) AS is_contexte
      FROM rome_item i
      LEFT JOIN rome_competence c ON c.code_ogr = i.code_ogr
      LEFT JOIN rome_savoir s ON s.code_ogr = i.code_ogr
      LEFT JOIN rome_contexte x ON x.code_ogr = i.code_ogr
     ORDER BY i.code_ogr`.execute(db);
  // Links also tell the kind of an item (bloc 6: contexte; rubrique 1/2/3).
  const linkKind = new Map<string, SkillKind>();
  for (const l of links) if (!linkKind.has(l.code_ogr)) linkKind.set(l.code_ogr, kindOf(l.bloc, l.rubrique));
  const escoSkills = await db.selectFrom('esco_skill').select(['uri', 'label', 'alt_labels']).execute();
  const targets = await loadTargetFacts(db);
  const escoOccupations = await db
    .selectFrom('esco_rome as r')
    .innerJoin('rome_appellation as a', 'a.code_ogr', 'r.code_ogr')
    .select(['r.esco_uri', 'a.code_rome'])
    .distinct()
    .execute();
  return {
    fiches: fiches.map((f) => ({
      code: f.code,
      label: f.label,
      grandDomaine: f.grand_domaine,
      domaineProfessionnel: f.domaine_professionnel,
      parent: f.rome_v3_parent,
      text: [f.definition, f.acces_metier].filter(Boolean).join('\n') || null,
      appellations: appellations.get(f.code) ?? [],
      classes: classes.get(f.code) ?? [],
      secteurs: groups.get(f.code)?.secteurs ?? [],
      sousSecteurs: groups.get(f.code)?.sousSecteurs ?? [],
      naf: groups.get(f.code)?.naf ?? [],
      interetPrincipal: groups.get(f.code)?.interetPrincipal ?? null,
      riasec: (f.riasec_majeur ?? '') + (f.riasec_mineur ?? '') || null,
      cadre: f.emploi_cadre,
      isco: [...(escoByFiche.get(f.code)?.isco ?? [])].sort(),
      esco: escoByFiche.get(f.code)?.texts.join('\n') || null,
      emploi: targets.get(f.code)?.emploi ?? null,
      certification: targets.get(f.code)?.certification ?? null,
    })),
    items: items.map((i) => {
      const kind = linkKind.get(i.code_ogr) ?? (i.is_contexte ? 'contexte' : kindOf('5', i.rubrique));
      return {
        code: i.code_ogr,
        label: i.label,
        kind,
        macro: i.macro === false ? i.macro_code_ogr : null,
        category: kind === 'savoir' ? i.s_categorie : kind === 'contexte' ? i.x_type : null,
        subCategory: i.sous_categorie,
      };
    }),
    links: links.map((l) => ({ fiche: l.code_rome, item: l.code_ogr, coeurMetier: l.coeur_metier === 'Principale' })),
    escoSkills: escoSkills.map((s) => ({ uri: s.uri, labels: [s.label, ...(s.alt_labels ?? [])] })),
    escoOccupations: escoOccupations.map((o) => ({ uri: o.esco_uri, fiche: o.code_rome })),
  };
}

function kindOf(bloc: string, rubrique: string | null): SkillKind {
  if (bloc === '6') return 'contexte';
  if (rubrique === '2') return 'savoir-etre';
  if (rubrique === '3') return 'savoir';
  return 'savoir-faire';
}

/**
 * The skills model of the database, rebuilt when a new import has committed (whichever process
 * ran it). Routes share one (`ctx.skills`); the methods below delegate to the current model.
 */
export class SkillsCatalog {
  private current = new SkillsModel({ fiches: [], items: [], links: [] });
  private loadedRun: number | null = -1;

  constructor(
    private readonly db: Kysely<GuidanceSchema>,
    private readonly params: Partial<ScoringParams> = {},
  ) {}

  /** Rebuilds the model if the data changed since the last build; says whether it did. */
  async refresh(): Promise<boolean> {
    const { rows } = await sql<{ run: number | null }>`SELECT max(id) AS run FROM import_run`.execute(this.db);
    const run = rows[0]?.run ?? null;
    if (run === this.loadedRun) return false;
    this.current = new SkillsModel(await loadSkillsData(this.db), this.params);
    this.loadedRun = run;
    return true;
  }

  /** The model in use (a profile must be compared on the model that built it). */
  get model(): SkillsModel {
    return this.current;
  }

  profile(input: SkillsProfileInput): Profile {
    return this.current.profile(input);
  }

  /** Coverage of a target by a profile; also serves "how much of a certification's occupation". */
  compare(profile: Profile, targetCode: string): Transition | null {
    return profile.model.compare(profile, targetCode);
  }

  transitions(profile: Profile, opts: { limit: number; exclude?: string[] }): Transition[] {
    return profile.model.transitions(profile, opts);
  }

  hasFiche(code: string): boolean {
    return this.current.hasFiche(code);
  }

  ficheLabel(code: string): string | undefined {
    return this.current.ficheLabel(code);
  }

  ficheSkills(code: string): FicheSkill[] | null {
    return this.current.ficheSkills(code);
  }

  searchSkills(query: string, limit = 20): SkillHit[] {
    return this.current.searchSkills(query, limit);
  }
}
