import { sql } from 'kysely';
import type { ReferentialDb as Db } from './db.ts';
import { OCCUPATION_LEXICON } from './search-lexicon.ts';
import { foldAccents } from '../common/text.ts';
import { ROME_CODE_ANY_CASE } from '../common/codes.ts';

/**
 * Occupation search: "which ROME fiche does this person mean?". An in-memory index over the fiche
 * labels, their appellations and the ESCO labels linked to them, tolerant of typos, missing
 * accents, feminine and plural forms, abbreviations and partial words (autocomplete).
 *
 * Own index rather than MiniSearch: we need the last query term matched by prefix on unstemmed
 * words while full terms match on stems, per-term scores that do not reward fiches for having
 * many synonyms, and a coverage-based score suited to short labels rather than BM25 sums.
 */

export type OccupationDocumentKind = 'fiche' | 'appellation' | 'esco';

export interface OccupationDocument {
  code_rome: string;
  text: string;
  kind: OccupationDocumentKind;
  /** Relative trust in this text naming the fiche (1 = the fiche's own label). */
  weight: number;
}

export interface OccupationHit {
  code: string;
  /** The fiche label. */
  label: string;
  score: number;
  /** The document text that matched best. */
  matched: string;
}

export interface OccupationSearchOptions {
  /** Number of fiches returned (default 10). */
  limit?: number;
  /** Match the last term as a prefix (default: unless the query ends with a space). */
  prefix?: boolean;
}

export interface OccupationIndex {
  search(query: string, options?: OccupationSearchOptions): OccupationHit[];
  readonly stats: { fiches: number; documents: number; terms: number; stems: number };
}

// ---------------------------------------------------------------------------------------------
// Normalisation, shared by documents and queries

// Not "son" (sound: "ingénieur du son"), nor "travail" or "emploi", which name occupations.
const STOP_WORDS = new Set([
  'de',
  'du',
  'des',
  'la',
  'le',
  'les',
  'l',
  'd',
  'en',
  'et',
  'a',
  'au',
  'aux',
  'un',
  'une',
  'pour',
  'par',
  'sur',
  'dans',
  'avec',
  'ou',
  'chez',
  'hf',
]);

/** Words people add around an occupation in a query ("je cherche un poste de…", "CDI"). */
const QUERY_FILLERS = new Set([
  'je',
  'cherche',
  'recherche',
  'recherchons',
  'souhaite',
  'voudrais',
  'veux',
  'devenir',
  'etre',
  'metier',
  'metiers',
  'poste',
  'postes',
  'job',
  'jobs',
  'cdi',
  'cdd',
  'interim',
  'urgent',
]);

/**
 * Folded words without stop words. Apostrophes, hyphens, slashes and any other punctuation
 * separate words; single letters (the "h/f" of job ads, elided articles) are dropped.
 */
export function tokenize(text: string, keepLastLetter = false): string[] {
  const out: string[] = [];
  // "(H/F)" of job ads would otherwise leave a lone "f" to complete.
  const words = foldAccents(text)
    .replace(/\b[hf]\s*\/\s*[hf]\b/g, ' ')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  words.forEach((w, i) => {
    // While typing, a lone last letter is the start of a word ("gardien de la p").
    const lastLetter = keepLastLetter && i === words.length - 1 && out.length > 0;
    if (w.length < 2 && !/\d/.test(w) && !lastLetter) return;
    if (STOP_WORDS.has(w)) return;
    out.push(w);
  });
  return out;
}

/**
 * Light French stemmer for folded words: folds plural and feminine endings onto the masculine
 * singular so that "coiffeuses", "coiffeur" and "coiffeuse" meet. Not a linguistic stemmer:
 * the same function runs on documents and queries, so consistency matters more than truth.
 */
export function stemWord(word: string): string {
  let w = word;
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('eaux')) w = w.slice(0, -1);
  else if (w.endsWith('aux') && w.length > 4) w = w.slice(0, -3) + 'al';
  else if ((w.endsWith('s') || w.endsWith('x')) && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.endsWith('euse')) w = w.slice(0, -4) + 'eur';
  else if (w.endsWith('trice')) w = w.slice(0, -5) + 'teur';
  else if (w.endsWith('ienne')) w = w.slice(0, -2);
  else if (w.endsWith('onne') || w.endsWith('enne') || w.endsWith('elle') || w.endsWith('ette')) w = w.slice(0, -2);
  else if (w.endsWith('esse') && w.length > 6) w = w.slice(0, -3);
  else if (w.endsWith('ere')) w = w.slice(0, -3) + 'er';
  else if (w.endsWith('ive')) w = w.slice(0, -3) + 'if';
  else if (w.endsWith('ffe')) w = w.slice(0, -2);
  else if (w.endsWith('ee')) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

const SHORT_FEMININE = /(\p{L})\((?:e|se|euse|trice|rice|ice|ne|le|ère|ere|te|esse)\)/giu;

/**
 * The forms a label stands for: "Boulanger / Boulangère" → ["Boulanger", "Boulangère"],
 * "Chef d'équipe plombier / Cheffe d'équipe plombière" → both full forms, "Conducteur /
 * Conductrice de bus" → ["Conducteur de bus", "Conductrice de bus"] (the right side carries the
 * shared complement); ESCO's "directeur technique/directrice technique" likewise. Short labels'
 * "Accueillant(e) familial(e)" become the masculine form. A slash between unrelated words
 * ("biologie/microbiologie") is not a gender pair and the label is kept whole.
 */
export function genderForms(label: string): string[] {
  const text = label.replace(SHORT_FEMININE, '$1').trim();
  let at = text.indexOf(' / ');
  let sep = 3;
  if (at < 0) {
    at = text.indexOf('/');
    sep = 1;
  }
  if (at < 0) return [text];
  const left = text.slice(0, at).trim();
  const right = text.slice(at + sep).trim();
  const lw = left.split(/\s+/);
  const rw = right.split(/\s+/);
  const a = foldAccents(lw[0] ?? '');
  const b = foldAccents(rw[0] ?? '');
  const n = Math.min(3, a.length, b.length);
  if (n === 0 || a.slice(0, n) !== b.slice(0, n)) return [text];
  const masculine = [...lw, ...rw.slice(lw.length)].join(' ');
  return masculine === right ? [right] : [masculine, right];
}

const ACRONYM = /\(([A-Z][A-Z0-9&]{1,7})\)|(?:^|\s)-\s?([A-Z][A-Z0-9&]{1,7})\s?-(?=\s|$)|\s-\s([A-Z][A-Z0-9&]{1,7})$/g;

/**
 * Forms under which a label is indexed: its gender forms, and the acronym it carries alone
 * ("Agent de service hospitalier (ASH)" → "ASH", "… financière -DAF-" → "DAF"), so that a
 * query made of the acronym meets a document made of it.
 */
export function labelForms(label: string): string[] {
  const forms = genderForms(label);
  for (const m of label.matchAll(ACRONYM)) {
    const acronym = m[1] ?? m[2] ?? m[3];
    if (acronym && !forms.includes(acronym)) forms.push(acronym);
  }
  return forms;
}

// ---------------------------------------------------------------------------------------------
// Typo tolerance

/** Allowed edits grow with the word: none up to 3 letters, 1 up to 6, then 2. */
export function maxEdits(length: number): number {
  return length <= 3 ? 0 : length <= 6 ? 1 : 2;
}

/** The set of letters of a word as bits (a–z, digits folded onto the 6 spare bits). */
function letterMask(word: string): number {
  let m = 0;
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    m |= 1 << (c >= 97 && c <= 122 ? c - 97 : 26 + (c % 6));
  }
  return m;
}

function bitCount(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** A word with its doubled letters single ("carreleur" → "careleur"). */
function skeleton(word: string): string {
  return word.replace(/(.)\1+/g, '$1');
}

/**
 * Optimal string alignment distance (Levenshtein plus adjacent transposition), abandoned as soon
 * as it must exceed `max`; returns max + 1 then.
 */
function boundedDistance(a: string, b: string, max: number, rows: Int32Array[]): number {
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > max) return max + 1;
  let prev2 = rows[0];
  let prev = rows[1];
  let cur = rows[2];
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const cb = b.charCodeAt(j - 1);
      let v = prev[j - 1] + (ca === cb ? 0 : 1);
      const del = prev[j] + 1;
      if (del < v) v = del;
      const ins = cur[j - 1] + 1;
      if (ins < v) v = ins;
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb) {
        const tr = prev2[j - 2] + 1;
        if (tr < v) v = tr;
      }
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[m];
}

// ---------------------------------------------------------------------------------------------
// Index

/** Score tuning, measured on test/referentials/search-quality.test.ts. */
const TUNING = {
  prefixBase: 0.55,
  prefixSpan: 0.35,
  fuzzy: [1, 0.8, 0.62],
  doubledLetters: 0.9,
  /** Penalty per document word the query did not match (short exact labels first). */
  extraWord: 0.12,
  exactPhrase: 1.25,
  startsWith: 1.08,
  /** Expanded (lexicon) queries rank just under an equally good literal match. */
  expansion: 0.97,
  /** Fiche bonus per log(1 + other documents scoring ≥ supportRatio × its best), capped. */
  support: 0.03,
  supportRatio: 0.75,
  supportCap: 0.08,
  maxPrefixTerms: 150,
  maxWords: 12,
  maxVariants: 8,
};

interface QueryTerm {
  raw: string;
  prefix: boolean;
}

/** A term of a query variant and the stems it may match, with match quality in (0, 1]. */
interface TermMatches {
  stems: Map<number, number>;
  importance: number;
}

export function buildOccupationIndex(documents: Iterable<OccupationDocument>): OccupationIndex {
  const ficheCodes: string[] = [];
  const ficheLabels: string[] = [];
  const ficheByCode = new Map<string, number>();
  const fiche = (code: string): number => {
    let f = ficheByCode.get(code);
    if (f === undefined) {
      f = ficheCodes.length;
      ficheByCode.set(code, f);
      ficheCodes.push(code);
      ficheLabels.push('');
    }
    return f;
  };

  const stems: string[] = [];
  const stemIds = new Map<string, number>();
  const stemId = (s: string): number => {
    let id = stemIds.get(s);
    if (id === undefined) {
      id = stems.length;
      stemIds.set(s, id);
      stems.push(s);
    }
    return id;
  };
  const rawStem = new Map<string, number>();

  // Documents, deduplicated per fiche by their stem sequence (gender forms, short labels and
  // ESCO labels repeat appellations); the best weight wins.
  const docFiche: number[] = [];
  const docWeight: number[] = [];
  const docText: string[] = [];
  const docStems: Int32Array[] = [];
  const docKey = new Map<string, number>();
  for (const d of documents) {
    const f = fiche(d.code_rome);
    if (d.kind === 'fiche' && !ficheLabels[f]) ficheLabels[f] = d.text;
    for (const form of labelForms(d.text)) {
      const words = tokenize(form);
      if (!words.length) continue;
      const ids = new Int32Array(words.length);
      words.forEach((w, i) => {
        let id = rawStem.get(w);
        if (id === undefined) {
          id = stemId(stemWord(w));
          rawStem.set(w, id);
        }
        ids[i] = id;
      });
      const key = `${f}|${ids.join(' ')}`;
      const seen = docKey.get(key);
      if (seen !== undefined) {
        if (d.weight > docWeight[seen]) {
          docWeight[seen] = d.weight;
          docText[seen] = d.text;
        }
        continue;
      }
      docKey.set(key, docFiche.length);
      docFiche.push(f);
      docWeight.push(d.weight);
      docText.push(d.text);
      docStems.push(ids);
    }
  }
  docKey.clear();
  for (let f = 0; f < ficheCodes.length; f++) if (!ficheLabels[f]) ficheLabels[f] = ficheCodes[f];

  // Postings per stem (distinct documents) and idf over fiches, so that a word repeated across
  // one fiche's many synonyms is not mistaken for a rare one.
  const nDocs = docFiche.length;
  const postingLists: number[][] = stems.map(() => []);
  const stemFicheCount = new Int32Array(stems.length);
  const docLen = new Uint8Array(nDocs);
  for (let d = 0; d < nDocs; d++) {
    const ids = docStems[d];
    const distinct = new Set<number>(ids);
    docLen[d] = Math.min(255, distinct.size);
    for (const s of distinct) postingLists[s].push(d);
  }
  const postings = postingLists.map((l) => Int32Array.from(l));
  for (let s = 0; s < stems.length; s++) {
    const seen = new Set<number>();
    for (const d of postings[s]) seen.add(docFiche[d]);
    stemFicheCount[s] = seen.size;
  }
  const nFiches = ficheCodes.length;
  const idf = new Float64Array(stems.length);
  for (let s = 0; s < stems.length; s++) idf[s] = Math.log(1 + nFiches / Math.max(1, stemFicheCount[s]));
  const defaultImportance = Math.log(1 + nFiches);

  // Vocabularies for prefix (sorted raw words) and typo search (raw words and stems by length).
  const rawWords = [...rawStem.keys()].sort();
  const rawWordStem = Int32Array.from(rawWords, (w) => rawStem.get(w)!);
  const byLength = (words: readonly string[]): Map<number, number[]> => {
    const m = new Map<number, number[]>();
    words.forEach((w, i) => {
      let l = m.get(w.length);
      if (!l) m.set(w.length, (l = []));
      l.push(i);
    });
    return m;
  };
  const skeletonMap = new Map<string, Set<number>>();
  rawWords.forEach((w, i) => {
    const sk = skeleton(w);
    let set = skeletonMap.get(sk);
    if (!set) skeletonMap.set(sk, (set = new Set()));
    set.add(rawWordStem[i]);
  });
  const skeletonWords = [...skeletonMap.keys()];
  const skeletonStems = skeletonWords.map((w) => [...skeletonMap.get(w)!]);
  skeletonMap.clear();
  const skeletonsByLength = byLength(skeletonWords);
  // Letter sets: each edit changes at most two letters of the set, a cheap filter before the
  // distance itself.
  const skeletonMasks = Int32Array.from(skeletonWords, letterMask);
  const stemMasks = Int32Array.from(stems, letterMask);
  const stemsByLength = byLength(stems);
  const dpRows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

  // Lexicon: keys as token sequences, expansions as token lists.
  const lexicon = new Map<string, string[][]>();
  let lexiconMaxWords = 1;
  for (const [key, expansions] of Object.entries(OCCUPATION_LEXICON)) {
    const k = tokenize(key);
    if (!k.length) continue;
    lexiconMaxWords = Math.max(lexiconMaxWords, k.length);
    const list = lexicon.get(k.join(' ')) ?? [];
    for (const e of expansions) {
      const t = tokenize(e);
      if (t.length && t.join(' ') !== k.join(' ') && !list.some((x) => x.join(' ') === t.join(' '))) list.push(t);
    }
    if (list.length) lexicon.set(k.join(' '), list);
  }

  // Per-query scratch, reused: queries run one at a time in a Node process.
  const termQ = new Float64Array(nDocs);
  const accScore = new Float64Array(nDocs);
  const accMatched = new Uint8Array(nDocs);
  const accExact = new Uint8Array(nDocs);
  const docSeen = new Uint8Array(nDocs);
  const docScore = new Float64Array(nDocs);

  function fuzzyInto(word: string, into: Map<number, number>): void {
    const k = maxEdits(word.length);
    if (k === 0 || word.length > 60) return;
    // Words compared without doubled letters: a missing or extra double consonant
    // ("manutentionaire", "auxilliaire") is the commonest French misspelling and costs less.
    const sk = skeleton(word);
    const skMask = letterMask(sk);
    for (let len = sk.length - k; len <= sk.length + k; len++) {
      for (const i of skeletonsByLength.get(len) ?? []) {
        if (bitCount(skMask ^ skeletonMasks[i]) > 2 * k) continue;
        const dist = boundedDistance(sk, skeletonWords[i], k, dpRows);
        if (dist > k) continue;
        const q = dist === 0 ? TUNING.doubledLetters : TUNING.fuzzy[dist];
        for (const stem of skeletonStems[i]) if ((into.get(stem) ?? 0) < q) into.set(stem, q);
      }
    }
    const st = stemWord(word);
    const ks = maxEdits(st.length);
    const stMask = letterMask(st);
    for (let len = st.length - ks; len <= st.length + ks; len++) {
      for (const s of stemsByLength.get(len) ?? []) {
        if (bitCount(stMask ^ stemMasks[s]) > 2 * ks) continue;
        const dist = boundedDistance(st, stems[s], ks, dpRows);
        if (dist > 0 && dist <= ks) {
          const q = TUNING.fuzzy[dist];
          if ((into.get(s) ?? 0) < q) into.set(s, q);
        }
      }
    }
  }

  function prefixInto(word: string, into: Map<number, number>): void {
    let lo = 0;
    let hi = rawWords.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rawWords[mid] < word) lo = mid + 1;
      else hi = mid;
    }
    let taken = 0;
    for (let i = lo; i < rawWords.length && rawWords[i].startsWith(word); i++) {
      if (rawWords[i].length === word.length) continue;
      if (++taken > TUNING.maxPrefixTerms) break;
      const q = TUNING.prefixBase + TUNING.prefixSpan * (word.length / rawWords[i].length);
      const s = rawWordStem[i];
      if ((into.get(s) ?? 0) < q) into.set(s, q);
    }
  }

  function matchTerm(term: QueryTerm): TermMatches {
    const found = new Map<number, number>();
    const exact = stemIds.get(stemWord(term.raw)) ?? rawStem.get(term.raw);
    if (exact !== undefined) found.set(exact, 1);
    if (term.prefix) prefixInto(term.raw, found);
    if (exact === undefined) fuzzyInto(term.raw, found);
    // A term's weight is the rarity of its best reading, so that within one term documents are
    // ranked by match quality alone (a prefix should not prefer rare completions).
    let bestQ = 0;
    let importance = 0;
    for (const [s, q] of found) {
      if (q > bestQ || (q === bestQ && idf[s] > importance)) {
        bestQ = q;
        importance = idf[s];
      }
    }
    if (!found.size) return { stems: found, importance: defaultImportance };
    // A short partial word is weak evidence: it should not outweigh the words typed in full.
    if (exact === undefined && term.prefix) importance *= Math.min(1, term.raw.length / 3);
    return { stems: found, importance };
  }

  /** Query variants: as typed, and with lexicon phrases replaced by their expansions. */
  function variants(words: string[], prefixLast: boolean): { terms: QueryTerm[]; expanded: boolean }[] {
    type Option = { terms: QueryTerm[]; expanded: boolean };
    const slots: Option[][] = [];
    let i = 0;
    while (i < words.length) {
      let used = 0;
      let expansions: string[][] | undefined;
      for (let n = Math.min(lexiconMaxWords, words.length - i); n >= 1 && !expansions; n--) {
        expansions = lexicon.get(words.slice(i, i + n).join(' '));
        if (expansions) used = n;
      }
      if (!expansions) used = 1;
      const literal = words.slice(i, i + used).map((raw, j) => ({
        raw,
        prefix: prefixLast && i + j === words.length - 1,
      }));
      const options: Option[] = [{ terms: literal, expanded: false }];
      for (const e of expansions ?? []) options.push({ terms: e.map((raw) => ({ raw, prefix: false })), expanded: true });
      slots.push(options);
      i += used;
    }
    let out: Option[] = [{ terms: [], expanded: false }];
    for (const options of slots) {
      const next: Option[] = [];
      for (const v of out) {
        for (const o of options) {
          if (next.length >= TUNING.maxVariants) break;
          next.push({ terms: [...v.terms, ...o.terms], expanded: v.expanded || o.expanded });
        }
      }
      out = next;
    }
    return out;
  }

  /** "audio prothesiste" → "audioprothesiste" when the joined word is indexed. */
  function joinedCompounds(words: string[]): string[][] {
    const out: string[][] = [];
    for (let i = 0; i + 1 < words.length && out.length < 2; i++) {
      const joined = words[i] + words[i + 1];
      if (rawStem.has(joined) || stemIds.has(stemWord(joined))) {
        out.push([...words.slice(0, i), joined, ...words.slice(i + 2)]);
      }
    }
    return out;
  }

  const matchCache = new Map<string, TermMatches>();
  function cachedMatch(term: QueryTerm): TermMatches {
    const key = `${term.prefix ? '*' : ''}${term.raw}`;
    let m = matchCache.get(key);
    if (!m) {
      m = matchTerm(term);
      matchCache.set(key, m);
    }
    return m;
  }

  function search(query: string, options: OccupationSearchOptions = {}): OccupationHit[] {
    const limit = options.limit ?? 10;
    const prefixLast = options.prefix ?? !/[\s\p{P}]$/u.test(query);
    const typed = tokenize(query, prefixLast);
    let words = typed.filter((w) => !QUERY_FILLERS.has(w));
    if (!words.length) words = typed;
    // Past a dozen words this is not a job title; keep latency bounded.
    words = words.slice(0, TUNING.maxWords);
    if (!words.length || limit <= 0) return [];

    // Best score of each document over the query variants.
    const scored: number[] = [];
    matchCache.clear();
    for (const v of [words, ...joinedCompounds(words)].flatMap((w) => variants(w, prefixLast))) {
      const terms = v.terms.filter((t) => !ROME_CODE_ANY_CASE.test(t.raw));
      if (!terms.length) continue;
      const matches = terms.map(cachedMatch);
      const totalImportance = matches.reduce((a, m) => a + m.importance, 0);
      const touched: number[] = [];
      for (const m of matches) {
        const termTouched: number[] = [];
        for (const [s, q] of m.stems) {
          for (const d of postings[s]) {
            if (termQ[d] === 0) termTouched.push(d);
            if (q > termQ[d]) termQ[d] = q;
          }
        }
        for (const d of termTouched) {
          if (!docSeen[d]) {
            docSeen[d] = 1;
            touched.push(d);
          }
          accScore[d] += m.importance * termQ[d];
          accMatched[d]++;
          if (termQ[d] === 1) accExact[d]++;
          termQ[d] = 0;
        }
      }
      const queryStems = terms.map((t) => stemIds.get(stemWord(t.raw)) ?? -1);
      for (const d of touched) {
        const coverage = accScore[d] / totalImportance;
        const extra = Math.max(0, docLen[d] - accMatched[d]);
        let score = (docWeight[d] * coverage * coverage) / (1 + TUNING.extraWord * extra);
        if (accExact[d] === terms.length) score *= phraseFactor(docStems[d], queryStems);
        if (v.expanded) score *= TUNING.expansion;
        if (docScore[d] === 0) scored.push(d);
        if (score > docScore[d]) docScore[d] = score;
        accScore[d] = 0;
        accMatched[d] = 0;
        accExact[d] = 0;
        docSeen[d] = 0;
      }
    }

    // One entry per fiche: its best document, plus a small bonus growing with the log of the
    // number of its other documents that match almost as well (breaks ties towards the fiche
    // that is the usual home of the words typed), capped so that synonyms cannot win by count.
    const bestDoc = new Map<number, number>();
    for (const d of scored) {
      const f = docFiche[d];
      const b = bestDoc.get(f);
      if (b === undefined || docScore[d] > docScore[b]) bestDoc.set(f, d);
    }
    const support = new Map<number, number>();
    for (const d of scored) {
      const b = bestDoc.get(docFiche[d])!;
      if (d !== b && docScore[d] >= TUNING.supportRatio * docScore[b]) {
        support.set(docFiche[d], (support.get(docFiche[d]) ?? 0) + 1);
      }
    }
    const hits: OccupationHit[] = [];
    for (const w of words) {
      if (!ROME_CODE_ANY_CASE.test(w)) continue;
      const f = ficheByCode.get(w.toUpperCase());
      if (f === undefined || hits.some((h) => h.code === ficheCodes[f])) continue;
      hits.push({ code: ficheCodes[f], label: ficheLabels[f], score: 10, matched: ficheCodes[f] });
      bestDoc.delete(f);
    }
    const ranked = [...bestDoc].map(([f, d]) => {
      const bonus = Math.min(TUNING.supportCap, TUNING.support * Math.log1p(support.get(f) ?? 0));
      return { f, d, score: docScore[d] * (1 + bonus) };
    });
    for (const d of scored) docScore[d] = 0;
    ranked.sort((x, y) => y.score - x.score || ficheCodes[x.f].localeCompare(ficheCodes[y.f]));
    for (const { f, d, score } of ranked) {
      if (hits.length >= limit) break;
      hits.push({ code: ficheCodes[f], label: ficheLabels[f], score: Math.round(score * 1e4) / 1e4, matched: docText[d] });
    }
    return hits;
  }

  return {
    search,
    stats: { fiches: nFiches, documents: nDocs, terms: rawWords.length, stems: stems.length },
  };
}

/** Bonus when the document says exactly the query (in order), or starts with it. */
function phraseFactor(doc: Int32Array, query: number[]): number {
  if (query.some((s) => s < 0)) return 1;
  if (doc.length < query.length) return 1;
  for (let i = 0; i < query.length; i++) if (doc[i] !== query[i]) return 1;
  return doc.length === query.length ? TUNING.exactPhrase : TUNING.startsWith;
}

// ---------------------------------------------------------------------------------------------
// Documents from the database

/** One searchable text as the SQL below returns it, before weighting. */
export interface OccupationTextRow {
  code_rome: string;
  text: string;
  kind: OccupationDocumentKind;
  /** fiche | principale | synonyme | peu_usite (appellations) | preferred | alt | hidden (ESCO). */
  origin: string;
  /** Short label of an appellation (libellé court). */
  short?: boolean;
  /** ESCO ↔ ROME relation (skos:exactMatch, closeMatch, narrowMatch, broadMatch). */
  relation?: string | null;
  /** Number of distinct fiches the ESCO occupation is linked to. */
  fiches?: number | null;
}

/** How far a text may be trusted to name its fiche (1 = the fiche's own label). */
export function occupationTextWeight(row: OccupationTextRow): number {
  if (row.kind === 'fiche') return 1;
  if (row.kind === 'appellation') {
    const base = row.origin === 'principale' ? 1 : row.origin === 'peu_usite' ? 0.85 : 0.96;
    return row.short ? base - 0.02 : base;
  }
  // ESCO labels reach a fiche through the crosswalk: exact matches are near-synonyms, broad ones
  // name a wider ESCO occupation; an occupation linked to many fiches says little about each;
  // hidden labels are misspellings and outdated terms.
  const r = (row.relation ?? '').toLowerCase();
  const base = r.includes('exact') ? 0.92 : r.includes('close') ? 0.88 : r.includes('narrow') ? 0.85 : 0.72;
  const spread = 1 / (1 + 0.2 * Math.max(0, (row.fiches ?? 1) - 1));
  const label = row.origin === 'hidden' ? 0.9 : row.origin === 'alt' ? 0.97 : 1;
  return base * spread * label;
}

/** Rows of the query below → index documents. */
export function occupationDocuments(rows: Iterable<OccupationTextRow>): OccupationDocument[] {
  const out: OccupationDocument[] = [];
  for (const r of rows) {
    if (r.text && r.text.trim()) out.push({ code_rome: r.code_rome, text: r.text.trim(), kind: r.kind, weight: occupationTextWeight(r) });
  }
  return out;
}

/**
 * Every searchable text of every fiche: fiche labels, appellations (long and, when different,
 * short labels) and the ESCO labels (preferred, alt, hidden) of occupations linked to one of the
 * fiche's appellations by the ESCO ↔ ROME crosswalk. Two queries; ESCO labels travel as arrays
 * (a third of the rows of unnesting them in SQL, twice as fast on PGlite).
 */
export async function loadOccupationDocuments(db: Db): Promise<OccupationDocument[]> {
  const rome = await sql<{ code_rome: string; label: string; label_court: string | null; origin: string }>`
    SELECT code AS code_rome, label, NULL AS label_court, 'fiche' AS origin FROM rome_fiche
    UNION ALL
    SELECT code_rome, label, label_court,
           CASE WHEN principale THEN 'principale' WHEN peu_usite THEN 'peu_usite' ELSE 'synonyme' END
      FROM rome_appellation
  `.execute(db);
  const esco = await sql<{
    code_rome: string;
    relation: string;
    fiches: number;
    label: string;
    alt_labels: string[] | null;
    hidden_labels: string[] | null;
  }>`
    WITH link AS (
      SELECT DISTINCT er.esco_uri, er.relation, a.code_rome, er.esco_label
        FROM esco_rome er JOIN rome_appellation a ON a.code_ogr = er.code_ogr
    ), spread AS (
      SELECT esco_uri, count(DISTINCT code_rome)::int AS fiches FROM link GROUP BY esco_uri
    )
    -- The crosswalk names a few occupations missing from the occupations file: its own label
    -- stands in for them.
    SELECT l.code_rome, l.relation, s.fiches, coalesce(o.label, l.esco_label) AS label,
           o.alt_labels, o.hidden_labels
      FROM link l
      JOIN spread s ON s.esco_uri = l.esco_uri
      LEFT JOIN esco_occupation o ON o.uri = l.esco_uri
     WHERE o.uri IS NOT NULL OR l.esco_label IS NOT NULL
  `.execute(db);
  const rows: OccupationTextRow[] = [];
  for (const r of rome.rows) {
    const kind = r.origin === 'fiche' ? 'fiche' : 'appellation';
    rows.push({ code_rome: r.code_rome, text: r.label, kind, origin: r.origin });
    if (r.label_court && r.label_court !== r.label) {
      rows.push({ code_rome: r.code_rome, text: r.label_court, kind, origin: r.origin, short: true });
    }
  }
  for (const r of esco.rows) {
    const link = { code_rome: r.code_rome, kind: 'esco' as const, relation: r.relation, fiches: r.fiches };
    rows.push({ ...link, text: r.label, origin: 'preferred' });
    for (const text of r.alt_labels ?? []) rows.push({ ...link, text, origin: 'alt' });
    for (const text of r.hidden_labels ?? []) rows.push({ ...link, text, origin: 'hidden' });
  }
  return occupationDocuments(rows);
}
