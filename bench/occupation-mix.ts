/**
 * The query mix of `npm run bench:occupations`: realistic queries, prefixes of them (typing in
 * progress) and appellation labels (one gender form) with typos injected, all drawn from a
 * seeded PRNG so that every run sees the same queries.
 */
import { genderForms, type OccupationDocument } from '../src/referentials/search.ts';
import type { RealisticQuery } from '../test/referentials/search-queries.ts';
import { seededRandom } from '../src/common/random.ts';

export interface BenchQuery {
  query: string;
  /** Expected fiche, when known (realistic queries and typed appellations). */
  code?: string;
  source: 'realistic' | 'prefix' | 'typo';
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyzéèàç';

/** One or two typing errors: dropped, doubled, swapped or wrong letter, or accents left out. */
export function injectTypos(text: string, random: () => number): string {
  let s = text;
  const edits = random() < 0.7 ? 1 : 2;
  for (let e = 0; e < edits; e++) {
    const kind = Math.floor(random() * 5);
    if (kind === 4) {
      s = s.normalize('NFD').replace(/\p{M}/gu, '');
      continue;
    }
    // Never the first letter: people rarely get it wrong.
    const positions = [...s].map((c, i) => (i > 0 && /\p{L}/u.test(c) ? i : -1)).filter((i) => i >= 0);
    if (!positions.length) break;
    const i = positions[Math.floor(random() * positions.length)];
    if (kind === 0) s = s.slice(0, i) + s.slice(i + 1);
    else if (kind === 1) s = s.slice(0, i) + s[i] + s.slice(i);
    else if (kind === 2 && i + 1 < s.length) s = s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2);
    else s = s.slice(0, i) + LETTERS[Math.floor(random() * LETTERS.length)] + s.slice(i + 1);
  }
  return s;
}

export function occupationQueryMix(
  documents: readonly OccupationDocument[],
  realistic: readonly RealisticQuery[],
  count: number,
  seed = 20261126,
): BenchQuery[] {
  const random = seededRandom(seed); // the same queries on every run
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  const appellations = documents.filter((d) => d.kind === 'appellation');
  const out: BenchQuery[] = [];
  while (out.length < count) {
    const r = random();
    if (r < 0.3) {
      const q = pick(realistic);
      out.push({ query: q.query, code: q.code, source: 'realistic' });
    } else if (r < 0.5) {
      const q = pick(realistic).query;
      const cut = 2 + Math.floor(random() * Math.max(1, q.length - 2));
      out.push({ query: q.slice(0, cut), source: 'prefix' });
    } else {
      const d = pick(appellations);
      // One gender form, as someone would type it: no parenthesised acronym.
      const form = pick(genderForms(d.text)).replace(/\s*\([^)]*\)/g, '');
      out.push({ query: injectTypos(form, random), code: d.code_rome, source: 'typo' });
    }
  }
  return out;
}
