/**
 * What a page makes of one record of the reference data, kept per data version: the fiche page
 * keeps, per fiche, the few fields it shows itself and its ROME sections rendered to HTML, then
 * renders fresh only what depends on the request (the commune, the figures of the territory). A
 * fiche page comes in 1,600 fiches × 1,200 communes: the page cache cannot serve that long tail,
 * this can. A new import changes the version and drops everything kept. Server only (loaders).
 */

/** More than the records a page may show (1,584 fiches in ROME 4.0). */
const MAX_KEPT = 4000;

let version: number | undefined;
const kept = new Map<string, Promise<unknown>>();

/**
 * `make()`'s value for `key` under this data version: made at the first call (callers meanwhile
 * share it), then kept if `keep` says so (an unknown code, an API in error are asked again).
 */
export function keptOnce<T>(dataVersion: number, key: string, make: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
  if (dataVersion !== version) {
    kept.clear();
    version = dataVersion;
  }
  const known = kept.get(key) as Promise<T> | undefined;
  if (known) return known;
  const value = make();
  if (kept.size >= MAX_KEPT) kept.delete(kept.keys().next().value!);
  kept.set(key, value);
  const forget = () => {
    if (kept.get(key) === value) kept.delete(key);
  };
  value.then((v) => keep(v) || forget(), forget);
  return value;
}
