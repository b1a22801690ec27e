/** The bundle kit, as the referential importers name it. */
export { findFile, requireFile, rowsOf, type BundleFile as FoundFile } from '../../platform/import/bundle.ts';
export { syncReported as sync } from '../../platform/import/sync.ts';
export { text } from '../../platform/import/values.ts';
