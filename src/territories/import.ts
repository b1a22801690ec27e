import type { ImportSource } from '../platform/import/run.ts';

// TODO(helper): territories importer.
export const territorySource: ImportSource = { name: 'territoires', present: () => false, run: async () => {} };
