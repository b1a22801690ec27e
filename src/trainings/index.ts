/**
 * The training offer capability as the rest of the code sees it: the LHEO model, reader and
 * writer, the importer, the stored offers (write in batches, read back page by page) and their
 * search.
 */
import type { Module } from '../platform/module.ts';
import { trainingMigrations } from './migrations.ts';
import { trainingSearchMigrations } from './search-migrations.ts';
import { lheoSource } from './import.ts';
import { registerTrainingCommands } from './cli.ts';
import { registerDemoCatalogueCommand, registerTrainingSearchCommands } from './search-cli.ts';
import { subcommand } from '../platform/cli.ts';
import { registerTrainingRoutes } from './routes.ts';
import { registerTrainingSearchRoutes } from './search-routes.ts';

export const trainingsModule: Module = {
  name: 'trainings',
  migrations: { ...trainingMigrations, ...trainingSearchMigrations },
  sources: [lheoSource],
  commands(program, withDb) {
    registerTrainingSearchCommands(registerTrainingCommands(program, withDb), withDb);
    registerDemoCatalogueCommand(subcommand(program, 'data', 'import et état des données'), withDb);
  },
  serve(app, ctx) {
    registerTrainingRoutes(app, ctx);
    registerTrainingSearchRoutes(app, ctx);
  },
};

export type * from './lheo/model.ts';
export { LHEO_NS_22, LHEO_NS_23, DEMO_EXTRAS_INFO, DEMO_EXTRA_INFO } from './lheo/model.ts';
export { readLheo, checkOffer, type LheoItem, type ReadLheoOptions } from './lheo/read.ts';
export type { Fault } from './lheo/validate.ts';
export { writeLheo, escapeText, escapeAttribute, EmptyExportError } from './lheo/write.ts';
export { DICTIONARIES, ELEMENT_DICTIONARY, dictionaryLabel, type DictionaryName } from './lheo/dictionaries.ts';
export { lheoSource, importLheoFile, sourceNameOf, type ImportFileOptions } from './import.ts';
export {
  OfferWriter,
  loadOffers,
  exportOffers,
  offerRows,
  deleteSources,
  type OfferFilter,
  type StoredOffer,
  type StoreCounts,
} from './store.ts';
export { safeJson } from './json.ts';
export { searchTrainings, warmSearch, type TrainingQuery, type TrainingHit, type TrainingSearchResponse } from './search.ts';
export { offerDetails, type OfferDetails, type OfferSession } from './offer-details.ts';
/** The search's French words and distances, for other searches that should read text and place the same way. */
export { foldWords, familyOf } from './search/text.ts';
export { haversineKm } from './search/geo.ts';
