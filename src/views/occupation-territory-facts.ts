/**
 * What the view of an occupation in a territory reads that depends on the occupation alone or on
 * the territory alone, kept until the next import. The pairs (1,584 fiches × 35,000 communes) are
 * too many to keep, their parts are not: a fresh pair then costs the reads that depend on both
 * (DARES figures at the territory's levels, the bassin's figure, the trainings nearby).
 */
import { Memo } from '../platform/memo.ts';
import type { Refreshable } from '../platform/module.ts';
import {
  outcomesForRome,
  resolveTerritory,
  tensionBasis,
  unemployment,
  type ResolvedTerritory,
  type RomeOutcomes,
  type TensionBasis,
  type TerritoryLevel,
  type Unemployment,
} from '../labour-market/index.ts';
import type { LabourMarketDb } from '../labour-market/db.ts';

type Db = LabourMarketDb;
export type Occupation = { code: string; label: string; rome_v3_parent: string | null };

export class OccupationTerritoryFacts implements Refreshable {
  readonly #occupations = new Memo<Occupation | undefined>(5_000);
  readonly #tensions = new Memo<TensionBasis>(5_000);
  readonly #outcomes = new Memo<RomeOutcomes>(5_000);
  readonly #territories = new Memo<ResolvedTerritory | undefined>(50_000);
  readonly #unemployment = new Memo<Unemployment>(1_000);
  readonly #departements = new Memo<string[]>(100);

  constructor(private readonly db: Db) {}

  occupation(code: string): Promise<Occupation | undefined> {
    return this.#occupations.get(code, () =>
      this.db.selectFrom('rome_fiche').select(['code', 'label', 'rome_v3_parent']).where('code', '=', code).executeTakeFirst(),
    );
  }

  tensionBasis(rome: string): Promise<TensionBasis> {
    return this.#tensions.get(rome, () => tensionBasis(this.db, rome));
  }

  outcomes(rome: string, region: string): Promise<RomeOutcomes> {
    return this.#outcomes.get(`${rome}|${region}`, () => outcomesForRome(this.db, rome, region));
  }

  territory(level: TerritoryLevel, code: string): Promise<ResolvedTerritory | undefined> {
    return this.#territories.get(`${level}|${code}`, () => resolveTerritory(this.db, level, code));
  }

  unemployment(where: { departement: string } | { region: string }): Promise<Unemployment> {
    return this.#unemployment.get(JSON.stringify(where), () => unemployment(this.db, where));
  }

  /** The départements of a région. */
  departements(region: string): Promise<string[]> {
    return this.#departements.get(region, async () =>
      (await this.db.selectFrom('departement').select('code').where('region', '=', region).execute()).map((r) => r.code),
    );
  }

  async refresh(): Promise<boolean> {
    for (const memo of [this.#occupations, this.#tensions, this.#outcomes, this.#territories, this.#unemployment, this.#departements])
      memo.clear();
    return true;
  }
}
