/**
 * The identity capability's HTTP contract: sign-up, sign-in, sessions, password reset,
 * invitations, my account, a structure's accounts and access log. Every route that changes state
 * takes the form's one-time token (`csrf`, from POST /api/v1/auth/form-token).
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';
import { ROLES, type Role as RoleName } from '../common/roles.ts';

const Csrf = Type.String({ maxLength: 100, description: 'jeton du formulaire (POST /api/v1/auth/form-token), à usage unique' });
const Email = Type.String({ minLength: 3, maxLength: 254, description: 'adresse électronique' });
const Password = Type.String({ minLength: 1, maxLength: 1024, description: 'mot de passe (12 caractères au moins)' });
const LinkToken = Type.String({ minLength: 10, maxLength: 100, description: 'jeton reçu par courriel' });
const Message = Type.Object({ message: Type.String() });
const Role = Type.Unsafe<RoleName>(Type.String({ enum: [...ROLES], description: 'rôle' }));
const Time = Type.String({ description: 'date et heure ISO 8601' });

export const Me = Type.Object({
  email: Type.String(),
  name: Type.String(),
  roles: Type.Array(Role),
  structure: Nullable(Type.String()),
  totp: Type.Object({ enabled: Type.Boolean(), offered: Type.Boolean() }),
  sessions: Type.Array(
    Type.Object({
      id: Type.String({ description: 'identifiant de la session (pour la fermer)' }),
      current: Type.Boolean(),
      createdAt: Time,
      lastSeenAt: Time,
      ip: Type.String(),
      userAgent: Type.String(),
    }),
  ),
});
export type Me = Static<typeof Me>;

export const StructureAccount = Type.Object({
  id: Type.Integer(),
  email: Type.String(),
  name: Type.String(),
  roles: Type.Array(Role),
  /** Invitation not yet accepted. */
  pending: Type.Boolean(),
  totp: Type.Boolean(),
  lastSignInAt: Nullable(Time),
});
export type StructureAccount = Static<typeof StructureAccount>;

export const AuditEvent = Type.Object({
  at: Time,
  actor: Nullable(Type.String({ description: 'adresse du compte, ou le numéro d’un compte supprimé' })),
  action: Type.String(),
  subject: Type.String(),
  purpose: Type.String(),
  ip: Nullable(Type.String()),
});
export type AuditEvent = Static<typeof AuditEvent>;

export const OutboxMail = Type.Object({
  id: Type.Integer(),
  to: Type.String(),
  subject: Type.String(),
  body: Type.String(),
  createdAt: Time,
  sentAt: Nullable(Time),
});

const refusals = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 429: ErrorBody };

export const identityRoutes = {
  formToken: {
    method: 'POST',
    url: '/api/v1/auth/form-token',
    access: 'public',
    schema: {
      summary: 'Jeton à usage unique pour un formulaire (protection CSRF)',
      tags: ['comptes'],
      response: { 200: Type.Object({ token: Type.String() }) },
    },
  },
  signUp: {
    method: 'POST',
    url: '/api/v1/auth/sign-up',
    access: 'public',
    schema: {
      summary: 'Créer un compte candidat (un courriel de confirmation suit)',
      tags: ['comptes'],
      body: Type.Object({ email: Email, name: Type.String({ maxLength: 200 }), password: Password, csrf: Type.Optional(Csrf) }),
      response: { 200: Message, ...refusals },
    },
  },
  verify: {
    method: 'POST',
    url: '/api/v1/auth/verify',
    access: 'public',
    schema: {
      summary: 'Confirmer son adresse (lien reçu par courriel)',
      tags: ['comptes'],
      body: Type.Object({ token: LinkToken }),
      response: { 200: Message, 400: ErrorBody },
    },
  },
  signIn: {
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    access: 'public',
    schema: {
      summary: 'Se connecter (ouvre une session : cookie httpOnly)',
      tags: ['comptes'],
      body: Type.Object({
        email: Email,
        password: Password,
        totp: Type.Optional(Type.String({ maxLength: 10 })),
        csrf: Type.Optional(Csrf),
      }),
      response: { 200: Type.Object({ name: Type.String(), roles: Type.Array(Role) }), ...refusals },
    },
  },
  signOut: {
    method: 'POST',
    url: '/api/v1/auth/sign-out',
    access: 'account',
    schema: {
      summary: 'Se déconnecter (ferme la session)',
      tags: ['comptes'],
      body: Type.Object({ csrf: Type.Optional(Csrf) }),
      response: { 200: Message, ...refusals },
    },
  },
  forgot: {
    method: 'POST',
    url: '/api/v1/auth/forgot',
    access: 'public',
    schema: {
      summary: 'Mot de passe oublié : recevoir un lien par courriel',
      tags: ['comptes'],
      body: Type.Object({ email: Email, csrf: Type.Optional(Csrf) }),
      response: { 200: Message, ...refusals },
    },
  },
  reset: {
    method: 'POST',
    url: '/api/v1/auth/reset',
    access: 'public',
    schema: {
      summary: 'Choisir un nouveau mot de passe (lien reçu par courriel)',
      tags: ['comptes'],
      body: Type.Object({ token: LinkToken, password: Password, csrf: Type.Optional(Csrf) }),
      response: { 200: Message, ...refusals },
    },
  },
  acceptInvitation: {
    method: 'POST',
    url: '/api/v1/auth/invitation',
    access: 'public',
    schema: {
      summary: 'Accepter une invitation : choisir son mot de passe',
      tags: ['comptes'],
      body: Type.Object({ token: LinkToken, password: Password, csrf: Type.Optional(Csrf) }),
      response: { 200: Type.Object({ message: Type.String(), email: Type.String() }), ...refusals },
    },
  },
  me: {
    method: 'GET',
    url: '/api/v1/account',
    access: 'account',
    schema: { summary: 'Mon compte et mes sessions ouvertes', tags: ['comptes'], response: { 200: Me, 401: ErrorBody } },
  },
  changePassword: {
    method: 'POST',
    url: '/api/v1/account/password',
    access: 'account',
    schema: {
      summary: 'Changer de mot de passe (ferme mes autres sessions)',
      tags: ['comptes'],
      body: Type.Object({ current: Password, password: Password, csrf: Type.Optional(Csrf) }),
      response: { 200: Message, ...refusals },
    },
  },
  closeSession: {
    method: 'POST',
    url: '/api/v1/account/sessions/close',
    access: 'account',
    schema: {
      summary: 'Fermer une de mes sessions',
      tags: ['comptes'],
      body: Type.Object({ session: Type.String({ maxLength: 100 }), csrf: Type.Optional(Csrf) }),
      response: { 200: Message, ...refusals, 404: ErrorBody },
    },
  },
  exportData: {
    method: 'GET',
    url: '/api/v1/account/export',
    access: 'account',
    schema: {
      summary: 'Télécharger toutes mes données (JSON)',
      tags: ['comptes'],
      response: { 200: Type.Unsafe<Record<string, unknown>>(Type.Unknown()), 401: ErrorBody },
    },
  },
  deleteAccount: {
    method: 'POST',
    url: '/api/v1/account/delete',
    access: 'account',
    schema: {
      summary: 'Supprimer mon compte',
      tags: ['comptes'],
      body: Type.Object({ password: Password, csrf: Type.Optional(Csrf) }),
      response: { 200: Message, ...refusals },
    },
  },
  totpStart: {
    method: 'POST',
    url: '/api/v1/account/totp/start',
    access: { roles: ['conseiller', 'superviseur', 'pilotage', 'admin'] },
    schema: {
      summary: 'Double authentification : obtenir un secret et son QR code',
      tags: ['comptes'],
      body: Type.Object({ csrf: Type.Optional(Csrf) }),
      response: { 200: Type.Object({ secret: Type.String(), uri: Type.String(), qrSvg: Type.String() }), ...refusals },
    },
  },
  totpConfirm: {
    method: 'POST',
    url: '/api/v1/account/totp/confirm',
    access: { roles: ['conseiller', 'superviseur', 'pilotage', 'admin'] },
    schema: {
      summary: 'Double authentification : l’activer avec un premier code',
      tags: ['comptes'],
      body: Type.Object({ code: Type.String({ maxLength: 10 }), csrf: Type.Optional(Csrf) }),
      response: { 200: Message, ...refusals },
    },
  },
  totpDisable: {
    method: 'POST',
    url: '/api/v1/account/totp/disable',
    access: { roles: ['conseiller', 'superviseur', 'pilotage', 'admin'] },
    schema: {
      summary: 'Double authentification : la désactiver',
      tags: ['comptes'],
      body: Type.Object({ password: Password, csrf: Type.Optional(Csrf) }),
      response: { 200: Message, ...refusals },
    },
  },
  structureAccounts: {
    method: 'GET',
    url: '/api/v1/structure/accounts',
    access: { roles: ['admin', 'superviseur'] },
    schema: {
      summary: 'Les comptes de ma structure',
      tags: ['comptes'],
      response: { 200: Type.Array(StructureAccount), 401: ErrorBody, 403: ErrorBody },
    },
  },
  invite: {
    method: 'POST',
    url: '/api/v1/structure/invitations',
    access: { roles: ['admin'] },
    schema: {
      summary: 'Inviter une personne dans ma structure (un courriel suit)',
      tags: ['comptes'],
      body: Type.Object({ email: Email, name: Type.String({ maxLength: 200 }), role: Role, csrf: Type.Optional(Csrf) }),
      response: { 200: Message, ...refusals },
    },
  },
  audit: {
    method: 'GET',
    url: '/api/v1/structure/audit',
    access: { roles: ['admin'] },
    schema: {
      summary: 'Journal des accès aux données personnelles par les comptes de ma structure',
      tags: ['comptes'],
      querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 1000, default: 100 }) }),
      response: { 200: Type.Array(AuditEvent), 401: ErrorBody, 403: ErrorBody },
    },
  },
  outbox: {
    method: 'GET',
    url: '/api/v1/dev/outbox',
    access: 'public',
    schema: {
      summary: 'Courriels en attente (hors production, sans SMTP_URL)',
      tags: ['comptes'],
      hide: true,
      response: { 200: Type.Array(OutboxMail), 404: ErrorBody },
    },
  },
} as const satisfies RouteTable;
