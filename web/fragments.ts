/**
 * What a page makes of one record of the reference data, kept per data version: the fiche page
 * keeps, per fiche, the few fields it shows itself and its ROME sections rendered to HTML, then
 * renders fresh only what depends on the request (the commune, the figures of the territory). A
 * fiche page comes in 1,600 fiches × 1,200 communes: the page cache cannot serve that long tail,
 * this can. A new import changes the version and drops everything kept. Server only (loaders).
 */
import { Memo } from '../src/common/memo.ts';

/** More than the records a page may show (1,584 fiches in ROME 4.0). */
const MAX_KEPT = 4000;

let version: number | undefined;
let kept = new Memo<unknown>(MAX_KEPT);

/**
 * `make()`'s value for `key` under this data version, made at the first call (callers meanwhile
 * share it). What `make` throws is not kept (Memo): an unknown code is asked again.
 */
export function keptOnce<T>(dataVersion: number, key: string, make: () => Promise<T>): Promise<T> {
  if (dataVersion !== version) {
    kept = new Memo<unknown>(MAX_KEPT);
    version = dataVersion;
  }
  return kept.get(key, make) as Promise<T>;
}
