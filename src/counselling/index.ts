/**
 * Counselling: the counsellors' workspace. The people a structure accompanies (minimal record,
 * consent), their skills profile and saved simulations, their plan and the link they open without
 * an account, hand-over between structures, and the supervisor's figures.
 */
import { sql } from 'kysely';
import type { Module } from '../platform/module.ts';
import { counsellingMigrations } from './migrations.ts';
import { registerCounsellingRoutes } from './routes.ts';

const TWO_YEARS_IDLE = sql<boolean>`updated_at < now() - interval '2 years'`;

export const counsellingModule: Module = {
  name: 'counselling',
  migrations: counsellingMigrations,
  serve: registerCounsellingRoutes,
  personalData: {
    // Every other table of a person hangs from `beneficiary` (ON DELETE CASCADE): purged with it.
    tables: [
      {
        table: 'beneficiary',
        holds:
          'personnes accompagnées : prénom ou pseudonyme, commune, tranche d’âge, situation, finalité, consentement ; avec leur profil, simulations, plan, liens et orientations',
        keptFor: '2 ans après le dernier échange',
        expired: TWO_YEARS_IDLE,
      },
      {
        table: 'beneficiary_link',
        holds: 'liens vers le plan d’une personne',
        keptFor: '30 jours après leur expiration',
        expired: sql<boolean>`expires_at < now() - interval '30 days'`,
      },
    ],
  },
};
