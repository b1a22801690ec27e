import { sql } from 'kysely';
import type { IdentityDb } from './db.ts';

/**
 * Lockout with back-off on sign-in, per account and per address: from the 5th failure on one
 * account within 15 minutes (the 20th from one address), each further try waits 1, 2, 4… up to
 * 60 minutes after the last failure. The answer is the same whether the account exists or not.
 */
const WINDOW_MS = 15 * 60 * 1000;
const FREE = { compte: 5, adresse: 20 } as const;
const MAX_WAIT_MIN = 60;

export class LockedError extends Error {
  override readonly name = 'LockedError';
  constructor(readonly minutes: number) {
    super(`Trop de tentatives de connexion : réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`);
  }
}

const subjects = (email: string, ip: string) => [`compte:${email}`, `adresse:${ip}`];

/** Throws LockedError while the account or the address must wait. */
export async function checkNotLocked(db: IdentityDb, email: string, ip: string): Promise<void> {
  const rows = await db
    .selectFrom('sign_in_failure')
    .select(['subject', sql<number>`count(*)::int`.as('n'), sql<Date>`max(at)`.as('last')])
    .where('subject', 'in', subjects(email, ip))
    .where('at', '>', new Date(Date.now() - WINDOW_MS))
    .groupBy('subject')
    .execute();
  let waitMs = 0;
  for (const r of rows) {
    const free = r.subject.startsWith('compte:') ? FREE.compte : FREE.adresse;
    if (r.n < free) continue;
    const minutes = Math.min(2 ** (r.n - free), MAX_WAIT_MIN);
    waitMs = Math.max(waitMs, new Date(r.last).getTime() + minutes * 60_000 - Date.now());
  }
  if (waitMs > 0) throw new LockedError(Math.ceil(waitMs / 60_000));
}

export async function recordFailure(db: IdentityDb, email: string, ip: string): Promise<void> {
  const at = new Date();
  await db
    .insertInto('sign_in_failure')
    .values(subjects(email, ip).map((subject) => ({ subject, at })))
    .execute();
}

/** A successful sign-in clears the account's failures (not the address's). */
export async function clearFailures(db: IdentityDb, email: string): Promise<void> {
  await db.deleteFrom('sign_in_failure').where('subject', '=', `compte:${email}`).execute();
}

/** How many requests of a kind came from a subject within the window (password reset, sign-up). */
export async function recentCount(db: IdentityDb, subject: string, windowMs: number): Promise<number> {
  const r = await db
    .selectFrom('sign_in_failure')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('subject', '=', subject)
    .where('at', '>', new Date(Date.now() - windowMs))
    .executeTakeFirstOrThrow();
  return r.n;
}

export async function recordRequest(db: IdentityDb, subject: string): Promise<void> {
  await db.insertInto('sign_in_failure').values({ subject, at: new Date() }).execute();
}
