import type { ImportSource } from '../platform/import/run.ts';

// TODO(helper): LHEO importer.
export const lheoSource: ImportSource = { name: 'lheo', present: () => false, run: async () => {} };
