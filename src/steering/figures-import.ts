/**
 * The steering figures that no lower floor imports (tables of migration 0096, see
 * figures-migrations.ts), from the bundle's national files:
 *
 * - `marche-travail/`: the BMO survey workbook, the commune → bassin BMO table, the barometer
 *   IND-313 / IND-314 (figures-import-labour.ts);
 * - `formations-demande/`: Affelnet and Parcoursup capacity and wishes, the constat de rentrée,
 *   the régions' priority trainings, the Affelnet offer of 2020 (schools' communes, MEF labels)
 *   (figures-import-demand.ts).
 *
 * Each file is optional (a région's bundle may lack some): an absent file is skipped, like the
 * other steering sources do. A missing column or a truncated file (fewer rows than its floor)
 * refuses the whole import with the file, line and reason; a faulty row is rejected with its
 * line and reason; re-importing the same files changes nothing (the rows of each file are
 * synced within its own scope: source and vintage, indicator).
 */
import type { ImportSource } from '../platform/import/run.ts';
import { demandFilesPresent, importDemand } from './figures-import-demand.ts';
import { importLabour, labourFilesPresent } from './figures-import-labour.ts';

export const figuresSource: ImportSource = {
  name: 'pilotage-chiffres',
  present: (dir) => labourFilesPresent(dir) || demandFilesPresent(dir),
  async run(ctx) {
    await importLabour(ctx);
    await importDemand(ctx);
  },
};
