import { sql } from 'kysely';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { InputError, NotFoundError } from '../platform/errors.ts';
import type { Principal } from '../platform/http/access.ts';
import type { IdentityDb } from './db.ts';
import { checkPassword, checkPasswordHash, hashPassword } from './passwords.ts';
import { recordAccess } from './audit.ts';
import { enqueueMail } from './mail.ts';
import { ROLE_LABELS, STRUCTURE_KINDS, TOTP_ROLES, isRole, type Role, type StructureKind } from '../common/roles.ts';
import { keyOf, newSecret } from './secrets.ts';
import { type Client, closeOtherSessions, openSession } from './sessions.ts';
import { LockedError, checkNotLocked, clearFailures, recentCount, recordFailure, recordRequest } from './throttle.ts';

/** A sign-in refused; the message is the same whether the account exists or not. */
export class SignInError extends Error {
  override readonly name = 'SignInError';
  constructor(
    message: string,
    readonly code: 'identifiants' | 'totp-requis' | 'totp',
  ) {
    super(message);
  }
}
export { LockedError };

const WRONG_CREDENTIALS = 'Adresse électronique ou mot de passe incorrect.';
const TOKEN_LIFETIME_MS = { verification: 48 * 3600_000, reinitialisation: 3600_000, invitation: 7 * 24 * 3600_000 } as const;
type TokenPurpose = keyof typeof TOKEN_LIFETIME_MS;

export function normaliseEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (e.length > 254 || !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(e)) throw new InputError('email', 'Adresse électronique invalide.');
  return e;
}

function name(displayName: string): string {
  const n = displayName.trim().replace(/\s+/g, ' ');
  if (!n || n.length > 100) throw new InputError('name', 'Indiquez votre nom (100 caractères au plus).');
  return n;
}

async function issueToken(db: IdentityDb, accountId: number, purpose: TokenPurpose): Promise<string> {
  const { value, key } = newSecret();
  await db
    .insertInto('account_token')
    .values({ key, account_id: accountId, purpose, expires_at: new Date(Date.now() + TOKEN_LIFETIME_MS[purpose]), used_at: null })
    .execute();
  return value;
}

/** Uses up a link's token; the same French message for unknown, used or expired. */
async function spendToken(db: IdentityDb, value: string, purpose: TokenPurpose): Promise<number> {
  const row = await db
    .updateTable('account_token')
    .set({ used_at: sql<Date>`now()` })
    .where('key', '=', keyOf(value))
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .returning('account_id')
    .executeTakeFirst();
  if (!row) throw new InputError('token', 'Ce lien a expiré ou a déjà servi : demandez-en un nouveau.');
  return row.account_id;
}

export interface Links {
  /** The portal's address, for links in mail (PUBLIC_URL). */
  publicUrl: string;
}

/** A new account, unverified, without second factor. */
async function insertAccount(
  db: IdentityDb,
  a: { email: string; display_name: string; roles: Role[]; structure_id: number | null; password_hash: string | null },
): Promise<number> {
  const row = await db
    .insertInto('account')
    .values({ ...a, email_verified_at: null, totp_secret: null, totp_enabled_at: null, totp_last_step: null, last_sign_in_at: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

// ——— structures and accounts created by an administrator (CLI, invitations) ———

export interface NewStructure {
  name: string;
  kind: StructureKind;
  siret?: string;
  code?: string;
}

export async function createStructure(db: IdentityDb, s: NewStructure): Promise<number> {
  if (!STRUCTURE_KINDS.includes(s.kind))
    throw new InputError('kind', `Type de structure inconnu : ${s.kind} (${STRUCTURE_KINDS.join(', ')}).`);
  if (s.siret !== undefined && !/^\d{14}$/.test(s.siret)) throw new InputError('siret', 'Un SIRET compte 14 chiffres.');
  if (!s.siret && !s.code) throw new InputError('siret', 'Indiquez le SIRET de la structure ou son code officiel.');
  const existing = s.siret ? await db.selectFrom('structure').select('id').where('siret', '=', s.siret).executeTakeFirst() : undefined;
  if (existing) return existing.id;
  const row = await db
    .insertInto('structure')
    .values({ name: name(s.name), kind: s.kind, siret: s.siret ?? null, code: s.code ?? null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function checkRoles(roles: readonly string[], structureId: number | null): Role[] {
  if (!roles.length) throw new InputError('role', 'Indiquez au moins un rôle.');
  for (const r of roles) if (!isRole(r)) throw new InputError('role', `Rôle inconnu : ${r}.`);
  if (structureId === null && roles.some((r) => r !== 'candidat')) {
    throw new InputError('structure', 'Ce rôle s’exerce au sein d’une structure : indiquez-la.');
  }
  return roles as Role[];
}

/**
 * Invites a person into a structure: an account without password, and a mail with the link to
 * choose one. By a structure's administrator (into their own structure), or from the CLI
 * (`inviter` null) for a structure's first administrator; the link is also returned.
 */
export async function invite(
  db: IdentityDb,
  inviter: Principal | null,
  i: { email: string; name: string; roles: string[]; structureId: number | null },
  links: Links,
  ip?: string,
): Promise<{ id: number; link: string }> {
  const structureId = inviter ? inviter.structureId : i.structureId;
  if (structureId === null) throw new InputError('structure', 'Votre compte n’est rattaché à aucune structure.');
  const email = normaliseEmail(i.email);
  const roles = checkRoles(i.roles, structureId);
  if (roles.includes('candidat')) throw new InputError('role', 'Un candidat crée son compte lui-même.');
  const displayName = name(i.name);
  return db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('account').select('id').where('email', '=', email).executeTakeFirst();
    if (taken) throw new InputError('email', 'Un compte existe déjà avec cette adresse.');
    const structure = await tx.selectFrom('structure').select('name').where('id', '=', structureId).executeTakeFirst();
    if (!structure) throw new NotFoundError('structure', 'Structure inconnue.');
    const id = await insertAccount(tx, { email, display_name: displayName, roles, structure_id: structureId, password_hash: null });
    const link = `${links.publicUrl}/invitation?jeton=${await issueToken(tx, id, 'invitation')}`;
    await enqueueMail(tx, {
      to: email,
      subject: `Invitation à rejoindre ${structure.name} sur Passerelles`,
      body: [
        'Bonjour,',
        '',
        `Vous êtes invité(e) à rejoindre ${structure.name} sur Passerelles, avec le rôle ${roles.map((r) => ROLE_LABELS[r]).join(', ')}.`,
        'Pour choisir votre mot de passe et activer votre compte, ouvrez ce lien (valable 7 jours) :',
        link,
        '',
        'Si vous n’attendiez pas cette invitation, ignorez ce message.',
      ].join('\n'),
    });
    const purpose = inviter ? 'gestion des comptes de la structure' : 'création d’un compte par la ligne de commande';
    await recordAccess(tx, {
      actor: inviter ?? { accountId: null, structureId },
      action: 'invitation',
      subjectType: 'compte',
      subjectId: id,
      purpose,
      ip,
    });
    return { id, link };
  });
}

/** The invited person chooses a password: the account is verified (the mail reached them). */
export async function acceptInvitation(db: IdentityDb, token: string, password: string): Promise<{ email: string }> {
  return db.transaction().execute(async (tx) => {
    const accountId = await spendToken(tx, token, 'invitation');
    const account = await tx.selectFrom('account').select('email').where('id', '=', accountId).executeTakeFirstOrThrow();
    checkPassword(password, account.email);
    await tx
      .updateTable('account')
      .set({ password_hash: await hashPassword(password), email_verified_at: new Date() })
      .where('id', '=', accountId)
      .execute();
    return { email: account.email };
  });
}

// ——— candidates who sign up alone ———

const SIGN_UP_DONE = 'Si cette adresse n’a pas encore de compte, un courriel vient de lui être envoyé pour le confirmer.';

export async function signUp(db: IdentityDb, s: { email: string; name: string; password: string }, links: Links, ip: string) {
  const email = normaliseEmail(s.email);
  checkPassword(s.password, email);
  const displayName = name(s.name);
  if ((await recentCount(db, `inscription:${ip}`, 3600_000)) >= 10) {
    throw new LockedError(60);
  }
  await recordRequest(db, `inscription:${ip}`);
  const hash = await hashPassword(s.password);
  await db.transaction().execute(async (tx) => {
    const taken = await tx.selectFrom('account').select('id').where('email', '=', email).executeTakeFirst();
    // Same answer either way: sign-up does not tell who has an account.
    if (taken) return;
    const id = await insertAccount(tx, { email, display_name: displayName, roles: ['candidat'], structure_id: null, password_hash: hash });
    const token = await issueToken(tx, id, 'verification');
    await enqueueMail(tx, {
      to: email,
      subject: 'Confirmez votre adresse sur Passerelles',
      body: [
        'Bonjour,',
        '',
        'Pour confirmer votre adresse et activer votre compte Passerelles, ouvrez ce lien (valable 48 heures) :',
        `${links.publicUrl}/verification?jeton=${token}`,
        '',
        'Si vous n’avez pas créé de compte, ignorez ce message : il sera supprimé.',
      ].join('\n'),
    });
  });
  return { message: SIGN_UP_DONE };
}

export async function verifyEmail(db: IdentityDb, token: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const accountId = await spendToken(tx, token, 'verification');
    await tx.updateTable('account').set({ email_verified_at: new Date() }).where('id', '=', accountId).execute();
  });
}

// ——— sign-in ———

export async function signIn(db: IdentityDb, s: { email: string; password: string; totp?: string }, client: Client) {
  const email = s.email.trim().toLowerCase().slice(0, 254);
  await checkNotLocked(db, email, client.ip);
  const account = await db
    .selectFrom('account')
    .select(['id', 'display_name', 'roles', 'password_hash', 'email_verified_at', 'totp_secret', 'totp_enabled_at', 'totp_last_step'])
    .where('email', '=', email)
    .executeTakeFirst();
  const ok = await checkPasswordHash(account?.password_hash ?? null, s.password);
  if (!account || !ok || !account.email_verified_at) {
    await recordFailure(db, email, client.ip);
    // An unverified account answers like a wrong password: nothing tells it exists.
    throw new SignInError(WRONG_CREDENTIALS, 'identifiants');
  }
  if (account.totp_enabled_at && account.totp_secret) {
    if (!s.totp) throw new SignInError('Saisissez le code à 6 chiffres de votre application d’authentification.', 'totp-requis');
    const step = acceptTotp(account.totp_secret, s.totp, account.totp_last_step);
    if (step === null) {
      await recordFailure(db, email, client.ip);
      throw new SignInError('Code de vérification incorrect ou déjà utilisé.', 'totp');
    }
    await db.updateTable('account').set({ totp_last_step: step }).where('id', '=', account.id).execute();
  }
  await clearFailures(db, email);
  const session = await openSession(db, account.id, client);
  return { ...session, name: account.display_name, roles: account.roles as Role[] };
}

// ——— password reset ———

const RESET_DONE =
  'Si un compte existe avec cette adresse, un courriel vient de lui être envoyé avec un lien pour choisir un nouveau mot de passe.';

export async function requestReset(db: IdentityDb, rawEmail: string, links: Links, ip: string) {
  const email = normaliseEmail(rawEmail);
  if ((await recentCount(db, `reinitialisation-adresse:${ip}`, 3600_000)) >= 10) throw new LockedError(60);
  await recordRequest(db, `reinitialisation-adresse:${ip}`);
  // At most 3 mails an hour to one address, silently: the answer never says more.
  const sent = await recentCount(db, `reinitialisation:${email}`, 3600_000);
  const account = await db.selectFrom('account').select(['id', 'password_hash']).where('email', '=', email).executeTakeFirst();
  if (account?.password_hash && sent < 3) {
    await db.transaction().execute(async (tx) => {
      await recordRequest(tx, `reinitialisation:${email}`);
      const token = await issueToken(tx, account.id, 'reinitialisation');
      await enqueueMail(tx, {
        to: email,
        subject: 'Nouveau mot de passe Passerelles',
        body: [
          'Bonjour,',
          '',
          'Pour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, une seule fois) :',
          `${links.publicUrl}/reinitialisation?jeton=${token}`,
          '',
          'Si vous n’avez rien demandé, ignorez ce message : votre mot de passe reste le même.',
        ].join('\n'),
      });
    });
  }
  return { message: RESET_DONE };
}

/** A new password from a reset link: every session of the account is closed. */
export async function resetPassword(db: IdentityDb, token: string, password: string): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const accountId = await spendToken(tx, token, 'reinitialisation');
    const account = await tx.selectFrom('account').select('email').where('id', '=', accountId).executeTakeFirstOrThrow();
    checkPassword(password, account.email);
    await tx
      .updateTable('account')
      .set({ password_hash: await hashPassword(password) })
      .where('id', '=', accountId)
      .execute();
    await closeOtherSessions(tx, accountId);
    await clearFailures(tx, account.email);
  });
}

// ——— my account ———

export async function myAccount(db: IdentityDb, me: Principal) {
  const a = await db
    .selectFrom('account')
    .leftJoin('structure', 'structure.id', 'account.structure_id')
    .select([
      'account.email',
      'account.display_name',
      'account.roles',
      'account.totp_enabled_at',
      'account.created_at',
      'structure.name as structure',
    ])
    .where('account.id', '=', me.accountId)
    .executeTakeFirst();
  if (!a) throw new NotFoundError('account', 'Compte introuvable.');
  return a;
}

export async function changePassword(db: IdentityDb, me: Principal, current: string, password: string): Promise<void> {
  const a = await db.selectFrom('account').select(['email', 'password_hash']).where('id', '=', me.accountId).executeTakeFirstOrThrow();
  if (!(await checkPasswordHash(a.password_hash, current))) throw new InputError('current', 'Mot de passe actuel incorrect.');
  checkPassword(password, a.email);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('account')
      .set({ password_hash: await hashPassword(password) })
      .where('id', '=', me.accountId)
      .execute();
    await closeOtherSessions(tx, me.accountId, me.sessionKey);
  });
}

/** Deletes the account and what hangs on it; the access log keeps the bare account number. */
export async function deleteAccount(db: IdentityDb, me: Principal, password: string, ip: string): Promise<void> {
  const a = await db.selectFrom('account').select(['email', 'password_hash']).where('id', '=', me.accountId).executeTakeFirstOrThrow();
  if (!(await checkPasswordHash(a.password_hash, password))) throw new InputError('password', 'Mot de passe incorrect.');
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('outbox').where('recipient', '=', a.email).execute();
    await tx
      .deleteFrom('sign_in_failure')
      .where('subject', 'in', [`compte:${a.email}`, `reinitialisation:${a.email}`])
      .execute();
    await tx.deleteFrom('account').where('id', '=', me.accountId).execute();
    await recordAccess(tx, {
      actor: me,
      action: 'suppression',
      subjectType: 'compte',
      subjectId: me.accountId,
      purpose: 'suppression du compte par son titulaire',
      ip,
    });
  });
}

// ——— TOTP ———

const TOTP_OPTIONS = { issuer: 'Passerelles', algorithm: 'SHA1', digits: 6, period: 30 } as const;

/** The time step a code matches (this one or the one either side), null if none or already used. */
function acceptTotp(secret: string, code: string, lastStep: number | null): number | null {
  if (!/^\d{6}$/.test(code.trim())) return null;
  const totp = new TOTP({ ...TOTP_OPTIONS, secret: Secret.fromBase32(secret) });
  const delta = totp.validate({ token: code.trim(), window: 1 });
  if (delta === null) return null;
  const step = Math.floor(Date.now() / 1000 / TOTP_OPTIONS.period) + delta;
  return lastStep !== null && step <= lastStep ? null : step;
}

/** Starts TOTP set-up: a new secret (not active until a code confirms it), its URI and QR code. */
export async function startTotp(db: IdentityDb, me: Principal) {
  if (!me.roles.some((r) => (TOTP_ROLES as readonly string[]).includes(r))) {
    throw new InputError('totp', 'La double authentification est proposée aux conseillers, superviseurs, pilotes et administrateurs.');
  }
  const { email } = await db.selectFrom('account').select('email').where('id', '=', me.accountId).executeTakeFirstOrThrow();
  const secret = new Secret({ size: 20 });
  await db
    .updateTable('account')
    .set({ totp_secret: secret.base32, totp_enabled_at: null, totp_last_step: null })
    .where('id', '=', me.accountId)
    .execute();
  const uri = new TOTP({ ...TOTP_OPTIONS, label: email, secret }).toString();
  const qrSvg = await QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  return { secret: secret.base32, uri, qrSvg };
}

export async function confirmTotp(db: IdentityDb, me: Principal, code: string): Promise<void> {
  const a = await db
    .selectFrom('account')
    .select(['totp_secret', 'totp_last_step'])
    .where('id', '=', me.accountId)
    .executeTakeFirstOrThrow();
  if (!a.totp_secret) throw new InputError('code', 'Commencez par afficher le QR code.');
  const step = acceptTotp(a.totp_secret, code, a.totp_last_step);
  if (step === null) throw new InputError('code', 'Code de vérification incorrect : saisissez le code affiché par votre application.');
  await db.updateTable('account').set({ totp_enabled_at: new Date(), totp_last_step: step }).where('id', '=', me.accountId).execute();
}

export async function disableTotp(db: IdentityDb, me: Principal, password: string): Promise<void> {
  const a = await db.selectFrom('account').select('password_hash').where('id', '=', me.accountId).executeTakeFirstOrThrow();
  if (!(await checkPasswordHash(a.password_hash, password))) throw new InputError('password', 'Mot de passe incorrect.');
  await db
    .updateTable('account')
    .set({ totp_secret: null, totp_enabled_at: null, totp_last_step: null })
    .where('id', '=', me.accountId)
    .execute();
}

// ——— a structure's accounts ———

export async function structureAccounts(db: IdentityDb, me: Principal, ip: string) {
  if (me.structureId === null) return [];
  const rows = await db
    .selectFrom('account')
    .select(['id', 'email', 'display_name', 'roles', 'email_verified_at', 'last_sign_in_at', 'totp_enabled_at'])
    .where('structure_id', '=', me.structureId)
    .orderBy('display_name')
    .execute();
  await recordAccess(db, {
    actor: me,
    action: 'lecture',
    subjectType: 'comptes-structure',
    subjectId: me.structureId,
    purpose: 'gestion des comptes de la structure',
    ip,
  });
  return rows;
}

/** Everything kept about an account (right of access): the person's own download. */
export async function exportAccount(db: IdentityDb, accountId: number) {
  const account = await db
    .selectFrom('account')
    .leftJoin('structure', 'structure.id', 'account.structure_id')
    .select([
      'account.email',
      'account.display_name',
      'account.roles',
      'account.created_at',
      'account.email_verified_at',
      'account.last_sign_in_at',
      'account.totp_enabled_at',
      'structure.name as structure',
    ])
    .where('account.id', '=', accountId)
    .executeTakeFirstOrThrow();
  const sessions = await db
    .selectFrom('session')
    .select(['created_at', 'last_seen_at', 'expires_at', 'ip', 'user_agent'])
    .where('account_id', '=', accountId)
    .execute();
  const mails = await db.selectFrom('outbox').select(['subject', 'created_at', 'sent_at']).where('recipient', '=', account.email).execute();
  const accessLog = await db
    .selectFrom('audit_event')
    .select(['at', 'actor_account_id', 'action', 'subject_type', 'subject_id', 'purpose'])
    .where((eb) =>
      eb.or([
        eb('actor_account_id', '=', accountId),
        eb.and([eb('subject_type', '=', 'compte'), eb('subject_id', '=', String(accountId))]),
      ]),
    )
    .orderBy('at')
    .execute();
  const apiKeys = await db
    .selectFrom('api_key')
    .select(['name', 'prefix', 'scopes', 'created_at', 'revoked_at', 'last_used_at'])
    .where('created_by', '=', accountId)
    .orderBy('id')
    .execute();
  return { compte: account, sessions, courriels: mails, journalDesAcces: accessLog, clesApiCreees: apiKeys };
}
