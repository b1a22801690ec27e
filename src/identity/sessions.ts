import { sql } from 'kysely';
import type { Principal } from '../platform/http/access.ts';
import type { IdentityDb } from './db.ts';
import { keyOf, newSecret } from './secrets.ts';

export const SESSION_COOKIE = 'passerelles_session';
/** A session ends after an hour without a request, and twelve hours after sign-in whatever happens. */
export const SESSION_IDLE_MS = 60 * 60 * 1000;
export const SESSION_MAX_MS = 12 * 60 * 60 * 1000;
/** last_seen_at is written at most once a minute per session. */
const TOUCH_MS = 60 * 1000;

export interface Client {
  ip: string;
  userAgent: string;
}

/** Opens a session; the value goes in the cookie, the database keeps its hash. */
export async function openSession(db: IdentityDb, accountId: number, client: Client): Promise<{ value: string; expiresAt: Date }> {
  const { value, key } = newSecret();
  const now = new Date();
  const expiresAt = new Date(now.getTime() + SESSION_MAX_MS);
  await db
    .insertInto('session')
    .values({
      key,
      account_id: accountId,
      last_seen_at: now,
      expires_at: expiresAt,
      ip: client.ip,
      user_agent: client.userAgent.slice(0, 200),
    })
    .execute();
  await db.updateTable('account').set({ last_sign_in_at: now }).where('id', '=', accountId).execute();
  return { value, expiresAt };
}

/** The account behind a session cookie, or null when the session is unknown, idle too long or over. */
export async function sessionPrincipal(db: IdentityDb, value: string | undefined): Promise<Principal | null> {
  if (!value || value.length > 100) return null;
  const key = keyOf(value);
  const now = Date.now();
  const row = await db
    .selectFrom('session')
    .innerJoin('account', 'account.id', 'session.account_id')
    .select(['session.key', 'session.last_seen_at', 'session.expires_at', 'account.id', 'account.structure_id', 'account.roles'])
    .where('session.key', '=', key)
    .executeTakeFirst();
  if (!row) return null;
  if (row.expires_at.getTime() <= now || row.last_seen_at.getTime() + SESSION_IDLE_MS <= now) {
    await db.deleteFrom('session').where('key', '=', key).execute();
    return null;
  }
  if (now - row.last_seen_at.getTime() > TOUCH_MS) {
    await db
      .updateTable('session')
      .set({ last_seen_at: new Date(now) })
      .where('key', '=', key)
      .execute();
  }
  return { accountId: row.id, structureId: row.structure_id, roles: row.roles, sessionKey: key };
}

export async function listSessions(db: IdentityDb, accountId: number) {
  return db
    .selectFrom('session')
    .select(['key', 'created_at', 'last_seen_at', 'ip', 'user_agent'])
    .where('account_id', '=', accountId)
    .where('expires_at', '>', sql<Date>`now()`)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

/** Ends one of the account's sessions (never another account's); true when there was one. */
export async function closeSession(db: IdentityDb, accountId: number, key: string): Promise<boolean> {
  const r = await db.deleteFrom('session').where('key', '=', key).where('account_id', '=', accountId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Ends every session of the account but `keep` (after a password change: the other devices). */
export async function closeOtherSessions(db: IdentityDb, accountId: number, keep?: string): Promise<void> {
  let q = db.deleteFrom('session').where('account_id', '=', accountId);
  if (keep) q = q.where('key', '!=', keep);
  await q.execute();
}
