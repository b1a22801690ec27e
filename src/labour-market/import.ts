import type { ImportSource } from '../platform/import/run.ts';

// TODO(helper): labour-market importer.
export const labourMarketSource: ImportSource = { name: 'marche-travail', present: () => false, run: async () => {} };
