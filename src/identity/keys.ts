import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { FastifyRequest } from 'fastify';
import { CallerRefused, type Principal } from '../platform/http/access.ts';
import { ForbiddenError, InputError, NotFoundError } from '../platform/errors.ts';
import { countHit } from '../platform/db/counters.ts';
import { API_KEY_LIMITS, API_SCOPES, isApiScope } from '../common/api-scopes.ts';
import type { IdentityDb } from './db.ts';
import { keyOf } from './secrets.ts';
import { recordAccess } from './audit.ts';

/**
 * Partners' API keys (issue 14). A structure's administrator creates a key with its scopes and
 * limits; the secret is shown once, then only its prefix. A request that presents a key
 * (`Authorization: Bearer <key>` or `X-Api-Key: <key>`) is that key's: it passes the routes whose
 * rule names one of its scopes, never the 'account' ones, within its requests per minute and per
 * day (429 with Retry-After beyond). Every creation and revocation is in the access log.
 */

/** The secret's marker, so that a key found in a file or a log is recognised for what it is. */
const MARK = 'psl_';
/** Characters of the secret kept and shown to recognise a key (the marker and 8 random ones). */
const PREFIX_LENGTH = MARK.length + 8;
const MAX_KEY_LENGTH = 200;
/** last_used_at is written at most once a minute per key. */
const TOUCH_MS = 60 * 1000;
const AUDIT_SUBJECT = 'clé d’API';

export interface NewApiKey {
  name: string;
  scopes: readonly string[];
  quotaPerDay?: number;
  ratePerMinute?: number;
}

/** A new secret: 256 random bits behind the marker. */
function newKeySecret(): { secret: string; prefix: string; hash: string } {
  const secret = MARK + randomBytes(32).toString('base64url');
  // SHA-256, not a password hash (argon2): the secret is 256 random bits, there is no dictionary
  // to try against a copy of the table, and a fast hash keeps the check cheap on every request.
  return { secret, prefix: secret.slice(0, PREFIX_LENGTH), hash: keyOf(secret) };
}

function administeredStructure(me: Principal): number {
  if (me.structureId === null) throw new ForbiddenError('Votre compte n’est rattaché à aucune structure : il ne gère pas de clés d’API.');
  return me.structureId;
}

function limit(field: 'quotaPerDay' | 'ratePerMinute', value: number | undefined, what: string): number {
  const l = API_KEY_LIMITS[field];
  if (value === undefined) return l.default;
  if (!Number.isInteger(value) || value < l.min || value > l.max) {
    throw new InputError(field, `${what} : un nombre entier entre ${l.min} et ${l.max.toLocaleString('fr-FR')}.`);
  }
  return value;
}

/** Creates a key for the administrator's structure; the secret is in the answer and nowhere else. */
export async function createApiKey(db: IdentityDb, me: Principal, input: NewApiKey, ip?: string) {
  const structureId = administeredStructure(me);
  const name = input.name.trim();
  if (!name) throw new InputError('name', 'Donnez un nom à la clé (le partenaire ou l’usage, par exemple « Logiciel de gestion du CFA »).');
  if (name.length > 100) throw new InputError('name', 'Le nom de la clé doit contenir au plus 100 caractères.');
  const unknown = input.scopes.find((s) => !isApiScope(s));
  if (unknown) throw new InputError('scopes', `Permission inconnue : « ${unknown} » (permises : ${API_SCOPES.join(', ')}).`);
  const scopes = API_SCOPES.filter((s) => input.scopes.includes(s));
  if (!scopes.length) throw new InputError('scopes', 'Cochez au moins une permission pour la clé.');
  const quotaPerDay = limit('quotaPerDay', input.quotaPerDay, 'Requêtes par jour');
  const ratePerMinute = limit('ratePerMinute', input.ratePerMinute, 'Requêtes par minute');
  const { secret, prefix, hash } = newKeySecret();
  const { id } = await db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('api_key')
      .values({
        structure_id: structureId,
        created_by: me.accountId,
        name,
        prefix,
        hash,
        scopes: [...scopes],
        quota_per_day: quotaPerDay,
        rate_per_minute: ratePerMinute,
        revoked_at: null,
        last_used_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAccess(tx, {
      actor: me,
      action: 'création',
      subjectType: AUDIT_SUBJECT,
      subjectId: row.id,
      purpose: `clé « ${name} » (${prefix}…) : ${scopes.join(', ')}, ${quotaPerDay} requêtes par jour, ${ratePerMinute} par minute`,
      ip,
    });
    return row;
  });
  return { id, secret, prefix, name, scopes, quotaPerDay, ratePerMinute };
}

/** Revokes one of the structure's keys (another structure's is unknown: 404); revoking twice changes nothing. */
export async function revokeApiKey(db: IdentityDb, me: Principal, id: number, ip?: string): Promise<{ name: string; prefix: string }> {
  const structureId = administeredStructure(me);
  return db.transaction().execute(async (tx) => {
    const key = await tx
      .selectFrom('api_key')
      .select(['name', 'prefix', 'revoked_at'])
      .where('id', '=', id)
      .where('structure_id', '=', structureId)
      .executeTakeFirst();
    if (!key) throw new NotFoundError('Clé d’API introuvable dans votre structure.', 'key');
    if (key.revoked_at) return key;
    await tx.updateTable('api_key').set({ revoked_at: sql<Date>`now()` }).where('id', '=', id).execute();
    await recordAccess(tx, {
      actor: me,
      action: 'révocation',
      subjectType: AUDIT_SUBJECT,
      subjectId: id,
      purpose: `clé « ${key.name} » (${key.prefix}…)`,
      ip,
    });
    return key;
  });
}

/** The structure's keys, the newest first, with their use today and over the last 30 days (Paris days). */
export async function listApiKeys(db: IdentityDb, me: Principal) {
  const structureId = administeredStructure(me);
  const today = parisDay(new Date());
  const since = parisDay(new Date(Date.now() - 29 * 24 * 3600_000));
  return db
    .selectFrom('api_key')
    .leftJoin('account', 'account.id', 'api_key.created_by')
    .select([
      'api_key.id',
      'api_key.name',
      'api_key.prefix',
      'api_key.scopes',
      'api_key.quota_per_day',
      'api_key.rate_per_minute',
      'api_key.created_at',
      'api_key.revoked_at',
      'api_key.last_used_at',
      'account.email as created_by',
      sql<number>`coalesce((SELECT count FROM api_key_usage u WHERE u.key_id = api_key.id AND u.day = ${today}::date), 0)::int`.as('today'),
      sql<number>`coalesce((SELECT sum(count) FROM api_key_usage u WHERE u.key_id = api_key.id AND u.day >= ${since}::date), 0)::int`.as(
        'last30',
      ),
    ])
    .where('api_key.structure_id', '=', structureId)
    .orderBy('api_key.id', 'desc')
    .execute();
}

// ——— A request that presents a key ———

/**
 * The key a request presents: `Authorization: Bearer <key>` or `X-Api-Key: <key>`; undefined when
 * it presents none (a session's request, or an anonymous one).
 */
export function presentedKey(request: Pick<FastifyRequest, 'headers'>): string | undefined {
  const header = request.headers['x-api-key'];
  if (typeof header === 'string') return header.trim();
  const auth = request.headers.authorization;
  if (typeof auth !== 'string') return undefined;
  const m = /^Bearer\s+(.*)$/i.exec(auth.trim());
  return m ? m[1].trim() : undefined;
}

interface KeyRow {
  id: number;
  structure_id: number;
  created_by: number | null;
  scopes: string[];
  quota_per_day: number;
  rate_per_minute: number;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

/** Each request's key, read once (the rate limiter and the guard may both ask). */
const looked = new WeakMap<object, Promise<KeyRow | null>>();

/** The row of the key a request presents, or null when it is unknown (or malformed). */
export function keyOfRequest(db: IdentityDb, request: FastifyRequest, value: string): Promise<KeyRow | null> {
  let row = looked.get(request);
  if (!row) {
    row =
      !value.startsWith(MARK) || value.length > MAX_KEY_LENGTH
        ? Promise.resolve(null)
        : db
            .selectFrom('api_key')
            .select(['id', 'structure_id', 'created_by', 'scopes', 'quota_per_day', 'rate_per_minute', 'revoked_at', 'last_used_at'])
            .where('hash', '=', keyOf(value))
            .executeTakeFirst()
            .then((r) => r ?? null);
    looked.set(request, row);
  }
  return row;
}

/** A still valid key of a request, for the global rate limiter's buckets (null: none, or not valid). */
export async function validKeyOfRequest(db: IdentityDb, request: FastifyRequest): Promise<{ id: number; rate_per_minute: number } | null> {
  const value = presentedKey(request);
  if (value === undefined) return null;
  const row = await keyOfRequest(db, request, value);
  return row && !row.revoked_at && row.created_by !== null ? row : null;
}

/**
 * Resolves a request that presents a key into the key's principal, or refuses it in French: an
 * unknown or revoked key (401), too many requests this minute or today (429, Retry-After). Each
 * request let through is counted in api_key_usage: one upsert per request (an index lookup and a
 * row update), plus an update of last_used_at at most once a minute. The per-minute count is one
 * of the shared counters (src/platform/db/counters.ts), so that every process counts together.
 */
export function apiKeyAuthenticator(db: IdentityDb) {
  return async (request: FastifyRequest, value: string): Promise<Principal> => {
    const key = await keyOfRequest(db, request, value);
    if (!key) {
      throw new CallerRefused(
        401,
        'cle-inconnue',
        'Clé d’API inconnue : vérifiez la clé envoyée (en-tête « Authorization: Bearer … » ou « X-Api-Key »).',
      );
    }
    if (key.revoked_at) {
      throw new CallerRefused(
        401,
        'cle-revoquee',
        `Cette clé d’API a été révoquée le ${FRENCH_DATE.format(key.revoked_at)} : demandez une nouvelle clé à l’administrateur de votre structure.`,
      );
    }
    if (key.created_by === null) {
      throw new CallerRefused(
        401,
        'cle-revoquee',
        'Cette clé d’API n’est plus valable : le compte qui l’a créée a été supprimé. Demandez une nouvelle clé à l’administrateur de votre structure.',
      );
    }
    const now = Date.now();
    const { count, resetMs } = await countHit(db, `cle-minute:${key.id}`, 60_000);
    if (count > key.rate_per_minute) {
      const wait = Math.max(1, Math.ceil(resetMs / 1000));
      throw new CallerRefused(
        429,
        'cle-trop-de-requetes',
        `Trop de requêtes pour cette clé d’API (${key.rate_per_minute} par minute au plus) : réessayez dans ${wait} seconde${wait > 1 ? 's' : ''}.`,
        wait,
      );
    }
    const day = parisDay(new Date(now));
    const counted = await sql<{ count: number }>`
      INSERT INTO api_key_usage (key_id, day, count) VALUES (${key.id}, ${day}::date, 1)
      ON CONFLICT (key_id, day) DO UPDATE SET count = api_key_usage.count + 1 WHERE api_key_usage.count < ${key.quota_per_day}
      RETURNING count`.execute(db);
    if (!counted.rows.length) {
      throw new CallerRefused(
        429,
        'cle-quota-atteint',
        `Quota quotidien de cette clé d’API atteint (${key.quota_per_day.toLocaleString('fr-FR')} requêtes par jour) : réessayez après minuit, heure de Paris.`,
        secondsToParisMidnight(new Date(now)),
      );
    }
    if (!key.last_used_at || now - key.last_used_at.getTime() > TOUCH_MS) {
      await db
        .updateTable('api_key')
        .set({ last_used_at: new Date(now) })
        .where('id', '=', key.id)
        .execute();
    }
    return { accountId: key.created_by, structureId: key.structure_id, roles: [], sessionKey: '', keyId: key.id, scopes: key.scopes };
  };
}

const FRENCH_DATE = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' });
const PARIS = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parisParts(d: Date): Record<string, string> {
  return Object.fromEntries(PARIS.formatToParts(d).map((p) => [p.type, p.value]));
}

/** The day in Paris, YYYY-MM-DD: quotas start again at midnight, Paris time. */
export function parisDay(d: Date): string {
  const p = parisParts(d);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Seconds until the next midnight in Paris (a day of a clock change may be an hour off: it is a hint). */
function secondsToParisMidnight(d: Date): number {
  const p = parisParts(d);
  return Math.max(1, 86_400 - (Number(p.hour) * 3600 + Number(p.minute) * 60 + Number(p.second)));
}
