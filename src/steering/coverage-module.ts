/** What the coverage part of steering brings to the module (see index.ts). */
import type { Command } from 'commander';
import { sql, type Kysely, type Migration } from 'kysely';
import type { WithDb } from '../platform/cli.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import type { ImportSource } from '../platform/import/run.ts';
import { coverageSource } from './coverage-import.ts';
import { registerCoverageRoutesOn } from './coverage-routes.ts';
import { registerCoverageCli } from './coverage-cli.ts';

/**
 * The counselling points (France Travail agencies, Missions locales, Cap emploi from the bundle;
 * operators of the conseil en évolution professionnelle by CSV or entered by hand). A point of the
 * bundle is keyed by its source's id (import_key) and only marked removed (removed_at) when a
 * steering account takes it out, so that a re-import does not bring it back.
 */
export const coverageMigrations: Record<string, Migration> = {
  '0090_steering_coverage': {
    async up(db: Kysely<any>) {
      await sql`CREATE TABLE steering_point (
        id serial PRIMARY KEY,
        import_key text UNIQUE,
        source_file text,
        origin text NOT NULL CHECK (origin IN ('lot', 'csv', 'saisie')),
        kind text NOT NULL CHECK (kind IN ('france_travail', 'mission_locale', 'cap_emploi', 'cep')),
        name text NOT NULL CHECK (name <> ''),
        operator text,
        address text,
        post_code text,
        city text,
        departement text,
        region text,
        commune text,
        lat float8 NOT NULL CHECK (lat BETWEEN -90 AND 90),
        lon float8 NOT NULL CHECK (lon BETWEEN -180 AND 180),
        placed text NOT NULL CHECK (placed IN ('adresse', 'commune')),
        removed_at timestamptz,
        run_id int,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((origin = 'saisie') = (import_key IS NULL))
      )`.execute(db);
      await sql`CREATE INDEX steering_point_source ON steering_point (origin, source_file)`.execute(db);
      await sql`CREATE INDEX steering_point_region ON steering_point (region)`.execute(db);
    },
  },
};

export const coverageSources: readonly ImportSource[] = [coverageSource];

export async function registerCoverageRoutes(app: App, ctx: ServeContext): Promise<void> {
  registerCoverageRoutesOn(app, ctx);
}

export function registerCoverageCommands(program: Command, withDb: WithDb): void {
  registerCoverageCli(program, withDb);
}
