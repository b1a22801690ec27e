/** Kysely row types of the territory builder's tables (see builder-migrations.ts). */
import type { Generated } from 'kysely';

type RunId = number | null;

export interface BuilderTables {
  /** Two communes sharing a border (both directions stored), computed at import from the outlines. */
  steering_commune_adjacency: { commune: string; neighbour: string; run_id: RunId };
  /** A CLPE territory (comité local pour l’emploi, France Travail), as published. */
  steering_clpe: { code: string; name: string; run_id: RunId };
  /** Commune → CLPE territory, as published (the whole country). */
  steering_clpe_commune: { commune: string; clpe: string; run_id: RunId };
  /** A saved division of a région into territories (whole EPCI). */
  steering_division: {
    id: Generated<number>;
    name: string;
    region: string;
    /** The territories as given: [{ name, epci: [SIREN], communes: [code] }]. */
    territories: unknown;
    /** Structure of the steering account that saved it last (no person is named). */
    structure_id: number | null;
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
}
