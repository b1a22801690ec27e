/**
 * Free text of a training search → a tsquery over the offers' full-text vectors (the `fr`
 * configuration: unaccent + French stemming), matched on training_search_doc.
 *
 * Each word is searched as its stem ("soudures" → soudur) and as its word family: the stem with
 * a derivational ending cut, as a prefix ("soudure", "soudeur", "soudage", "souder" all start with
 * soud). French stemming alone keeps those apart. A word neither form finds is taken as a typo
 * and replaced by the closest lexeme of the offers (edit distance 1, or 2 for long words:
 * "sodure" → soudur). Words are ANDed.
 *
 * Words are folded to [a-z0-9] before anything else, so the tsquery texts built here contain
 * only lexemes, quotes and operators: no user character reaches the tsquery parser unfolded, and
 * every value still goes to PostgreSQL as a parameter.
 */
import { sql, type Kysely } from 'kysely';
import type { TrainingSchema } from '../db.ts';
import { foldWords as foldText } from '../../common/text.ts';

type Db = Kysely<TrainingSchema>;

export interface TextTerm {
  /** The word as typed (folded). */
  typed: string;
  /** The word read instead, when the typed one was taken as a typo. */
  readAs?: string;
  /** Lexeme (stem) searched exactly; null when only the family matched. */
  stem: string | null;
  /** Prefix searched for the word family (null when none, or when it would reach other words). */
  family: string | null;
}

export interface TextQuery {
  terms: TextTerm[];
  /** tsquery text ('simple' configuration): every term as its stem or its family. */
  full: string;
  notes: string[];
}

const MAX_WORDS = 8;
/** Share of the offers above which a word is too common to filter on. */
const COMMON_SHARE = 0.6;

/** The folded words of a text (see common/text.ts). */
export function foldWords(text: string): string[] {
  const folded = foldText(text);
  return folded ? folded.split(' ') : [];
}

// Derivational endings of French stems (as the Snowball French stemmer leaves them), longest
// first: soudur|e, soudeur, soudag|e → soud; electricit|é, electricien → electric → electr.
const ENDINGS = [
  'ateur',
  'atric',
  'ement',
  'ation',
  'ment',
  'ier',
  'ien',
  'eur',
  'eus',
  'ist',
  'ism',
  'iqu',
  'ur',
  'ag',
  'er',
  'it',
  'ic',
  'i',
];

/** The prefix shared by a stem's word family, or null when it would be shorter than 4 letters. */
export function familyOf(stem: string): string | null {
  if (!/^[a-z]+$/.test(stem)) return null;
  let root = stem;
  for (const e of ENDINGS) {
    if (root.endsWith(e) && root.length - e.length >= 4) {
      root = root.slice(0, -e.length);
      break;
    }
  }
  if (root.endsWith('ic') && root.length >= 6) root = root.slice(0, -2);
  // développ|eur → developp → develop: a doubled final consonant is often single elsewhere.
  if (/([bcdfglmnprst])\1$/.test(root) && root.length >= 5) root = root.slice(0, -1);
  return root.length >= 4 ? root : null;
}

const quote = (lexeme: string) => `'${lexeme}'`;

function termQuery(t: TextTerm): string {
  const parts: string[] = [];
  if (t.stem) parts.push(quote(t.stem));
  if (t.family) parts.push(`${quote(t.family)}:*`);
  return parts.length === 1 ? parts[0] : `(${parts.join(' | ')})`;
}

/**
 * Analyses the text against the offers (their lexemes, training_search_lexeme). Returns null when
 * the text holds no searchable word (only stop words or punctuation).
 */
export async function analyseText(db: Db, text: string, vocabulary: () => Map<string, number>): Promise<TextQuery | null> {
  const notes: string[] = [];
  let words = [...new Set(foldWords(text))].filter((w) => w.length >= 2 || /\d/.test(w));
  if (words.length > MAX_WORDS) {
    notes.push(`texte limité à ses ${MAX_WORDS} premiers mots`);
    words = words.slice(0, MAX_WORDS);
  }
  if (!words.length) return null;

  // Stems from the same configuration as the stored vectors (stop words come back empty).
  const { rows: stems } = await sql<{ w: string; lexemes: string[] }>`
    SELECT w, tsvector_to_array(to_tsvector('fr', w)) AS lexemes
    FROM unnest(${words}::text[]) WITH ORDINALITY AS t(w, i) ORDER BY i`.execute(db);
  const candidates = stems
    .filter((r) => r.lexemes.length > 0)
    .map((r) => ({ typed: r.w, stem: r.lexemes[0], family: familyOf(r.lexemes[0]) }));
  if (!candidates.length) return null;
  const counts = await lexemeCounts(
    db,
    candidates.map((c) => c.stem),
    candidates.map((c) => c.family ?? ''),
  );

  let terms: TextTerm[] = [];
  const common: TextTerm[] = [];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    const { stem: stemDocs, family: familyDocs } = counts.terms[i];
    if (stemDocs || familyDocs) {
      const family = c.family && familyWorth(familyDocs, stemDocs, counts.docs) ? c.family : null;
      const term: TextTerm = { typed: c.typed, stem: stemDocs ? c.stem : null, family: family ?? (stemDocs ? null : c.family) };
      terms.push(term);
      if (stemDocs > COMMON_SHARE * counts.docs) common.push(term);
      continue;
    }
    const fix = (await correctFromTitles(db, c.typed, vocabulary())) ?? (await correctTypo(db, c.stem));
    if (fix) {
      const family = familyOf(fix.lexeme);
      terms.push({ typed: c.typed, readAs: fix.word, stem: fix.lexeme, family });
      notes.push(`« ${c.typed} » ne figure dans aucune offre : lu « ${fix.word} »`);
    } else {
      notes.push(`« ${c.typed} » ne figure dans aucune offre`);
      // Kept with its stem alone: the AND of the query then finds nothing, which is the answer.
      terms.push({ typed: c.typed, stem: c.stem, family: null });
    }
  }
  // A word most offers hold filters nothing and costs a pass over them all ("formation"): left
  // out when other words say what is sought.
  if (common.length && common.length < terms.length) {
    for (const t of common) notes.push(`« ${t.typed} » figure dans la plupart des offres : ignoré`);
    terms = terms.filter((t) => !common.includes(t));
  }
  return { terms, full: terms.map(termQuery).join(' & '), notes };
}

/**
 * A family prefix that reaches far more offers than the word itself is another word
 * ("formateur" → form…: forme, formel, formation): only kept when it stays close.
 */
function familyWorth(familyDocs: number, stemDocs: number, docs: number): boolean {
  return familyDocs > 0 && (familyDocs <= 4 * Math.max(stemDocs, 1) || familyDocs <= 0.05 * docs);
}

/** Offers holding each stem, and (an upper bound) each family prefix; the number of offers. */
async function lexemeCounts(
  db: Db,
  stems: string[],
  families: string[],
): Promise<{ docs: number; terms: { stem: number; family: number }[] }> {
  const { rows } = await sql<{ i: number; stem: number; family: number; docs: number }>`
    SELECT t.i::int AS i,
      coalesce((SELECT x.ndoc FROM training_search_lexeme x WHERE x.lexeme = t.stem), 0)::int AS stem,
      CASE WHEN t.family = '' THEN 0 ELSE coalesce((SELECT sum(x.ndoc) FROM training_search_lexeme x
        WHERE x.lexeme >= t.family COLLATE "C" AND x.lexeme < (t.family || '{') COLLATE "C"), 0) END::int AS family,
      coalesce((SELECT docs FROM training_search_state WHERE id = 1), 0)::int AS docs
    FROM unnest(${stems}::text[], ${families}::text[]) WITH ORDINALITY AS t(stem, family, i)
    ORDER BY t.i`.execute(db);
  return { docs: rows[0]?.docs ?? 0, terms: rows.map((r) => ({ stem: r.stem, family: r.family })) };
}

/** Doc ids (training_search_doc) of the offers matching the text (GIN index, see the migration). */
export async function matchingDocs(db: Db, q: TextQuery): Promise<number[]> {
  const { rows } = await sql<{ ids: string | null }>`
    SELECT string_agg(id::text, ',') AS ids FROM training_search_match(to_tsquery('simple', ${q.full})) AS id`.execute(db);
  return rows[0]?.ids ? rows[0].ids.split(',').map(Number) : [];
}

/** Optimal string alignment distance (transpositions count 1), or max + 1 when above max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const prev2 = new Array<number>(b.length + 1).fill(0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
      cur.push(v);
      if (v < best) best = v;
    }
    if (best > max) return max + 1;
    for (let j = 0; j <= b.length; j++) prev2[j] = prev[j];
    prev = cur;
  }
  return prev[b.length];
}

/**
 * The closest word of the titles ("logisitque" → logistique), when it is within the edit distance
 * and its stem is in the offers. Titles name what is taught: the likeliest intended words.
 */
async function correctFromTitles(db: Db, word: string, titles: Map<string, number>): Promise<{ lexeme: string; word: string } | null> {
  if (!/^[a-z]{5,}$/.test(word)) return null;
  const max = word.length >= 8 ? 2 : 1;
  let best: { word: string; n: number; d: number } | null = null;
  for (const [w, n] of titles) {
    if (Math.abs(w.length - word.length) > max) continue;
    const d = editDistance(word, w, max);
    if (d > max) continue;
    if (!best || d < best.d || (d === best.d && (n > best.n || (n === best.n && w < best.word)))) best = { word: w, n, d };
  }
  if (!best) return null;
  const { rows } = await sql<{ lexeme: string | null }>`
    SELECT (tsvector_to_array(to_tsvector('fr', ${best.word}::text)))[1] AS lexeme`.execute(db);
  const lexeme = rows[0]?.lexeme;
  if (!lexeme) return null;
  const { rows: known } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM training_search_lexeme WHERE lexeme = ${lexeme}`.execute(
    db,
  );
  return known[0].n ? { lexeme, word: best.word } : null;
}

/** The closest lexeme of the offers, and a word of their texts that has it as its stem. */
async function correctTypo(db: Db, stem: string): Promise<{ lexeme: string; word: string } | null> {
  if (!/^[a-z]{4,}$/.test(stem)) return null;
  const max = stem.length >= 8 ? 2 : 1;
  // Trigram neighbours (indexed), then the edit distance decides.
  const { rows: near } = await sql<{ lexeme: string; ndoc: number }>`
    SELECT lexeme, ndoc FROM training_search_lexeme WHERE lexeme % ${stem}::text
    ORDER BY similarity(lexeme, ${stem}::text) DESC, ndoc DESC, lexeme LIMIT 40`.execute(db);
  let best: { lexeme: string; ndoc: number; d: number } | null = null;
  for (const cand of near) {
    const d = editDistance(stem, cand.lexeme, max);
    if (d > max) continue;
    if (!best || d < best.d || (d === best.d && cand.ndoc > best.ndoc)) best = { ...cand, d };
  }
  if (!best) return null;
  // Show the user a word, not a stem: one from the texts of an offer holding the lexeme.
  const { rows } = await sql<{ w: string }>`
    SELECT w FROM (
      SELECT f.intitule || ' ' || f.objectif || ' ' || f.contenu AS t
      FROM training_search_doc d JOIN training_formation f ON f.source = d.source AND f.formation = d.formation
      WHERE d.fts @@ to_tsquery('simple', ${quote(best.lexeme)}) LIMIT 3) x,
      regexp_split_to_table(lower(x.t), '[^[:alnum:]]+') AS w
    WHERE tsvector_to_array(to_tsvector('fr', w)) = ARRAY[${best.lexeme}::text]
    LIMIT 1`.execute(db);
  return { lexeme: best.lexeme, word: rows[0]?.w ?? best.lexeme };
}
