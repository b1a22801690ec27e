import { sql } from 'kysely';
import type { IdentityDb } from './db.ts';
import { keyOf, newSecret } from './secrets.ts';
import { ForbiddenError } from '../platform/errors.ts';

/**
 * CSRF: each form that changes state carries a one-time token, bound to the session (or, before
 * sign-in, to the visitor cookie) it was given to. A token missing, unknown, expired, bound to
 * another browser or already used is refused: a replayed form does nothing.
 */
export const VISITOR_COOKIE = 'passerelles_visiteur';
export const FORM_TOKEN_MS = 2 * 60 * 60 * 1000;

export class FormTokenError extends ForbiddenError {
  override readonly name = 'FormTokenError';
  override readonly code = 'formulaire-expire';
}

export async function issueFormToken(db: IdentityDb, binding: string): Promise<string> {
  const { value, key } = newSecret();
  await db
    .insertInto('form_token')
    .values({ key, binding, expires_at: new Date(Date.now() + FORM_TOKEN_MS), used_at: null })
    .execute();
  return value;
}

/** Uses up a form's token, or throws FormTokenError with the French reason. */
export async function spendFormToken(db: IdentityDb, value: string | undefined, binding: string | undefined): Promise<void> {
  if (!value) throw new FormTokenError('Jeton de sécurité du formulaire absent : rechargez la page puis envoyez à nouveau le formulaire.');
  const spent = binding
    ? await db
        .updateTable('form_token')
        .set({ used_at: sql<Date>`now()` })
        .where('key', '=', keyOf(value))
        .where('binding', '=', binding)
        .where('used_at', 'is', null)
        .where('expires_at', '>', sql<Date>`now()`)
        .executeTakeFirst()
    : undefined;
  if (!spent || Number(spent.numUpdatedRows) === 0) {
    throw new FormTokenError('Ce formulaire a expiré ou a déjà été envoyé : rechargez la page puis recommencez.');
  }
}
