/**
 * Recruitment: apprenticeship offers, candidate profiles with their CV, applications whose
 * answers are tracked (status history, reminders, each recruiter's response rate), reports and
 * moderation.
 */
import { sql } from 'kysely';
import type { Module } from '../platform/module.ts';
import { recruitmentMigrations } from './migrations.ts';
import { registerRecruitmentRoutes } from './routes.ts';
import { registerRecruitmentCommands } from './cli.ts';
import { recruitmentDb } from './db.ts';
import { exportRecruitment } from './export.ts';

/** The offers search's reading of a text (for the partners' widget, src/exchange). */
export { textQuery } from './offers.ts';

export const recruitmentModule: Module = {
  name: 'recruitment',
  migrations: recruitmentMigrations,
  serve: registerRecruitmentRoutes,
  commands: registerRecruitmentCommands,
  personalData: {
    tables: [
      {
        table: 'recruitment_profile',
        holds: 'profils de candidats : commune, mobilité, métiers recherchés, niveau, disponibilité, présentation',
        keptFor: '2 ans sans mise à jour (et jusqu’à la suppression du compte)',
        expired: sql<boolean>`updated_at < now() - interval '2 years'`,
      },
      {
        table: 'recruitment_cv',
        holds: 'CV des candidats (PDF)',
        keptFor: '2 ans après son dépôt',
        expired: sql<boolean>`uploaded_at < now() - interval '2 years'`,
      },
      {
        table: 'recruitment_application',
        holds: 'candidatures : message, CV envoyé, état et son historique',
        keptFor: '2 ans après la candidature',
        expired: sql<boolean>`created_at < now() - interval '2 years'`,
      },
      {
        table: 'recruitment_report',
        holds: 'signalements d’offres : auteur, motif, précisions',
        keptFor: '1 an après la décision de la modération',
        expired: sql<boolean>`decided_at < now() - interval '1 year'`,
      },
    ],
    export: (db, accountId) => exportRecruitment(recruitmentDb(db), accountId),
  },
};
