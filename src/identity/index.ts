/**
 * Identity: structures, accounts and roles, sessions, the access log and personal data. The
 * module, and what the capabilities above may use to protect and trace their own personal data.
 */
import { sql } from 'kysely';
import type { Module } from '../platform/module.ts';
import { identityMigrations } from './migrations.ts';
import { apiKeyMigrations } from './keys-migrations.ts';
import { registerIdentityRoutes } from './routes.ts';
import { registerApiKeyRoutes } from './keys-routes.ts';
import { apiKeyAuthenticator, presentedKey } from './keys.ts';
import { registerIdentityCommands } from './cli.ts';
import { identityDb } from './db.ts';
import { SESSION_COOKIE, sessionPrincipal } from './sessions.ts';
import { exportAccount } from './accounts.ts';

export const identityModule: Module = {
  name: 'identity',
  migrations: { ...identityMigrations, ...apiKeyMigrations },
  async serve(app, ctx) {
    await registerIdentityRoutes(app, ctx);
    registerApiKeyRoutes(app, ctx);
  },
  commands: registerIdentityCommands,
  authenticate(handle) {
    const db = identityDb(handle.db);
    const keys = apiKeyAuthenticator(db);
    return (request) => {
      // A request that presents an API key is that key's, whatever cookie comes with it.
      const key = presentedKey(request);
      if (key !== undefined) return keys(request, key);
      const value = (request as { cookies?: Record<string, string | undefined> }).cookies?.[SESSION_COOKIE];
      return sessionPrincipal(db, value);
    };
  },
  personalData: {
    tables: [
      {
        table: 'account',
        holds: 'comptes : adresse, nom, rôles, structure, empreinte du mot de passe',
        keptFor: '3 ans sans connexion ; 7 jours pour une inscription jamais confirmée',
        expired: sql<boolean>`coalesce(last_sign_in_at, created_at) < now() - interval '3 years'
          OR (email_verified_at IS NULL AND password_hash IS NOT NULL AND created_at < now() - interval '7 days')`,
      },
      {
        table: 'session',
        holds: 'sessions : adresse IP, navigateur, dates',
        keptFor: 'jusqu’à leur fin (12 heures au plus)',
        expired: sql<boolean>`expires_at < now() OR last_seen_at < now() - interval '1 hour'`,
      },
      {
        table: 'form_token',
        holds: 'jetons de formulaire',
        keptFor: 'jusqu’à leur expiration (2 heures)',
        expired: sql<boolean>`expires_at < now()`,
      },
      {
        table: 'account_token',
        holds: 'liens envoyés par courriel (confirmation, réinitialisation, invitation)',
        keptFor: 'jusqu’à leur expiration (7 jours au plus)',
        expired: sql<boolean>`expires_at < now()`,
      },
      {
        table: 'sign_in_failure',
        holds: 'échecs de connexion et demandes (adresse électronique ou IP)',
        keptFor: '24 heures',
        expired: sql<boolean>`at < now() - interval '24 hours'`,
      },
      {
        table: 'outbox',
        holds: 'courriels envoyés : destinataire, objet, texte',
        keptFor: '30 jours',
        expired: sql<boolean>`created_at < now() - interval '30 days'`,
      },
      {
        table: 'api_key',
        holds: 'clés d’API des structures : nom, compte qui l’a créée, dates de création, de révocation et de dernier usage',
        keptFor: '1 an après leur révocation',
        expired: sql<boolean>`revoked_at < now() - interval '1 year'`,
      },
      {
        table: 'audit_event',
        holds: 'journal des accès aux données personnelles : qui, quoi, quand, d’où, pourquoi',
        keptFor: '12 mois',
        expired: sql<boolean>`at < now() - interval '12 months'`,
      },
    ],
    export: (db, accountId) => exportAccount(identityDb(db), accountId),
  },
};

export type { IdentitySchema, IdentityDb } from './db.ts';
export { identityDb } from './db.ts';
export { recordAccess, type AccessRecord } from './audit.ts';
export { ROLES, type Role } from '../common/roles.ts';
export { spendFormToken, FormTokenError } from './form-tokens.ts';
export { enqueueMail, type Mail } from './mail.ts';
export { newSecret, keyOf } from './secrets.ts';
export { validKeyOfRequest } from './keys.ts';
