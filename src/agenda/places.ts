/**
 * Where an event takes place: the town of a "ville" as the salon agendas write it ("Parc Expo —
 * Rennes", "Grande Halle de La Cité de la Mer — Cherbourg — en — Cotentin", "Nancy") found in
 * the communes of the territories capability, by folded name.
 */
import { sql } from 'kysely';
import { foldWords } from '../common/text.ts';
import type { AgendaDb } from './db.ts';

export interface Placed {
  /** The hall or address, the part before the town ("Parc Expo"); null when the text is the town alone. */
  venue: string | null;
  commune: { code: string; name: string; departement: string } | null;
  /** Set when several communes bear the name: the most populated one is kept. */
  note?: string;
}

/** The parts of a "ville" text, split on its dashes (— – or - between spaces). */
const SEPARATOR = /\s+[—–-]\s+/;

/**
 * The commune of a "ville" text: the longest run of its last parts that is a commune's name
 * ("Cherbourg — en — Cotentin" → Cherbourg-en-Cotentin), the most populated when several
 * communes share it. Nothing is guessed beyond the name: "Paris Montreuil Expo" stays unplaced.
 */
export async function placeOf(db: AgendaDb, ville: string, cache = new Map<string, Candidate[]>()): Promise<Placed> {
  const parts = ville
    .split(SEPARATOR)
    .map((p) => p.trim())
    .filter(Boolean);
  for (let from = 0; from < parts.length; from++) {
    const name = parts.slice(from).join('-');
    const found = await communesNamed(db, name, cache);
    if (!found.length) continue;
    const [best] = found;
    const placed: Placed = {
      venue: from > 0 ? parts.slice(0, from).join(' — ') : null,
      commune: { code: best.code, name: best.name, departement: best.departement },
    };
    if (found.length > 1) {
      placed.note = `« ${name} » : ${found.length} communes de ce nom, la plus peuplée est retenue (${best.name}, ${best.code})`;
    }
    return placed;
  }
  return { venue: null, commune: null };
}

interface Candidate {
  code: string;
  name: string;
  departement: string;
}

async function communesNamed(db: AgendaDb, name: string, cache: Map<string, Candidate[]>): Promise<Candidate[]> {
  const folded = foldWords(name)
    .replace(/\bst\b/g, 'saint')
    .replace(/\bste\b/g, 'sainte');
  if (!folded) return [];
  const hit = cache.get(folded);
  if (hit) return hit;
  const { rows } = await sql<Candidate>`
    SELECT code, name, departement FROM commune
    WHERE search_name = ${folded} OR search_alt = ${folded}
    ORDER BY population DESC NULLS LAST, code`.execute(db);
  cache.set(folded, rows);
  return rows;
}
