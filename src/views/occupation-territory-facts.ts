/**
 * What the view of an occupation in a territory reads that depends on the occupation alone or on
 * the territory alone, kept until the next import. The pairs (1,584 fiches × 35,000 communes) are
 * too many to keep, their parts are not: the tension figures are kept a whole territory at a time
 * (a département's DARES rows, a bassin's), so a fresh pair costs the reads that depend on both
 * (the région's outcomes, the trainings nearby).
 * The served platform reads every occupation's part ahead (`warm`).
 */
import { Memo } from '../common/memo.ts';
import type { Refreshable } from '../platform/module.ts';
import {
  bassinRowsAt,
  daresRowsAt,
  outcomeBasis,
  outcomesWithBasis,
  resolveTerritory,
  tensionBasis,
  unemployment,
  type ResolvedTerritory,
  type OutcomeBasis,
  type RomeOutcomes,
  type TensionBasis,
  type TensionRows,
  type TerritoryLevel,
  type BassinTension,
  type DaresRow,
  type GeoLevel,
  type Unemployment,
} from '../labour-market/index.ts';
import { labourMarketDb, type LabourMarketDb } from '../labour-market/db.ts';
import type { DbHandle } from '../platform/db/connection.ts';
import { warmSearch } from '../trainings/index.ts';
import { log } from '../platform/log.ts';

type Db = LabourMarketDb;
export type Occupation = { code: string; label: string; rome_v3_parent: string | null };

export class OccupationTerritoryFacts implements Refreshable {
  readonly #occupations = new Memo<Occupation | undefined>(5_000);
  readonly #tensions = new Memo<TensionBasis>(5_000);
  readonly #outcomeBases = new Memo<OutcomeBasis>(5_000);
  readonly #outcomes = new Memo<RomeOutcomes>(5_000);
  readonly #territories = new Memo<ResolvedTerritory | undefined>(50_000);
  readonly #unemployment = new Memo<Unemployment>(1_000);
  readonly #departements = new Memo<string[]>(100);
  /** DARES rows by level and territory, ROME × bassin rows by bassin: a few hundred each. */
  readonly #daresAt = new Memo<DaresRow[]>(1_000);
  readonly #bassinAt = new Memo<BassinTension[]>(1_000);

  /** The territory's figures for tensionWithBasis, read a whole territory at a time. */
  readonly tensionRows: TensionRows = {
    dares: async (level, code, faps) =>
      (await this.#daresAt.get(`${level}|${code}`, () => daresRowsAt(this.#db, level, code))).filter((r) => faps.includes(r.fap)),
    bassin: async (code, romes) =>
      (await this.#bassinAt.get(code, () => bassinRowsAt(this.#db, code))).filter((r) => romes.includes(r.rome)),
  };

  readonly #db: Db;
  /** Régions read ahead since the last import, once a page asked for one of them; null: no reading ahead. */
  #regionsAhead: Map<string, Promise<void>> | null = null;

  /** `db`: the platform's (the search of trainings keeps its index per database object). */
  constructor(private readonly platformDb: DbHandle['db']) {
    this.#db = labourMarketDb(platformDb);
  }

  occupation(code: string): Promise<Occupation | undefined> {
    return this.#occupations.get(code, () =>
      this.#db.selectFrom('rome_fiche').select(['code', 'label', 'rome_v3_parent']).where('code', '=', code).executeTakeFirst(),
    );
  }

  tensionBasis(rome: string): Promise<TensionBasis> {
    return this.#tensions.get(rome, () => tensionBasis(this.#db, rome));
  }

  outcomes(rome: string, region: string): Promise<RomeOutcomes> {
    return this.#outcomes.get(`${rome}|${region}`, async () => outcomesWithBasis(this.#db, await this.outcomeBasis(rome), region));
  }

  /** Its certifications and their diplomas, whatever the région. */
  outcomeBasis(rome: string): Promise<OutcomeBasis> {
    return this.#outcomeBases.get(rome, () => outcomeBasis(this.#db, rome));
  }

  territory(level: TerritoryLevel, code: string): Promise<ResolvedTerritory | undefined> {
    return this.#territories.get(`${level}|${code}`, () => resolveTerritory(this.#db, level, code));
  }

  unemployment(where: { departement: string } | { region: string }): Promise<Unemployment> {
    return this.#unemployment.get(JSON.stringify(where), () => unemployment(this.#db, where));
  }

  /** The départements of a région. */
  departements(region: string): Promise<string[]> {
    return this.#departements.get(region, async () =>
      (await this.#db.selectFrom('departement').select('code').where('region', '=', region).execute()).map((r) => r.code),
    );
  }

  async refresh(): Promise<boolean> {
    for (const memo of [
      this.#occupations,
      this.#tensions,
      this.#outcomeBases,
      this.#outcomes,
      this.#territories,
      this.#unemployment,
      this.#departements,
      this.#daresAt,
      this.#bassinAt,
    ])
      memo.clear();
    if (this.#regionsAhead) this.#regionsAhead = new Map();
    return true;
  }

  /**
   * Once warmed, the first page in a région reads ahead, in the background, where each of its
   * communes is and every occupation's outcomes there: a regional portal's visitors are mostly of
   * its région, which the platform does not otherwise know.
   */
  readAhead(region: string): Promise<void> {
    if (!this.#regionsAhead) return Promise.resolve();
    let done = this.#regionsAhead.get(region);
    if (!done) {
      done = this.#readRegion(region).catch((error) => log.warn(error, `lecture anticipée de la région ${region} interrompue`));
      this.#regionsAhead.set(region, done);
    }
    return done;
  }

  async #readRegion(region: string): Promise<void> {
    const communes = (await this.#db.selectFrom('commune').select('code').where('region', '=', region).orderBy('code').execute()).map(
      (r) => r.code,
    );
    const departements = new Set<string>();
    const bassins = new Set<string>();
    for (const code of communes) {
      const t = await this.territory('commune', code);
      if (t?.departement) departements.add(t.departement.code);
      if (t?.bassinBmo) bassins.add(t.bassinBmo.code);
    }
    const levels: [GeoLevel, string][] = [...[...departements].map((d): [GeoLevel, string] => ['dep', d]), ['reg', region], ['nat', 'FR']];
    // Asking for no family or code reads the whole territory into memory all the same.
    for (const [level, code] of levels) await this.tensionRows.dares(level, code, []);
    for (const code of bassins) await this.tensionRows.bassin(code, []);
    await warmSearch(this.platformDb, { communes });
    for (const { code } of await this.#db.selectFrom('rome_fiche').select('code').orderBy('code').execute())
      await this.outcomes(code, region);
  }

  /** Every occupation's part, and the certifications the search of trainings nearby starts from. */
  async warm(): Promise<void> {
    this.#regionsAhead ??= new Map();
    const codes = (await this.#db.selectFrom('rome_fiche').select('code').orderBy('code').execute()).map((r) => r.code);
    for (const code of codes) {
      await this.occupation(code);
      await this.tensionBasis(code);
      await this.outcomeBasis(code);
    }
    await warmSearch(this.platformDb, { romes: codes });
  }
}
