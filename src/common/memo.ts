/**
 * Answers read from imported data, kept per key until the data changes: the owner clears them
 * when a new import lands (a Refreshable's refresh, or a new owner per data version). Each entry is
 * the promise of its first read, so concurrent askers share one query; a failed read is not kept.
 * Values are shared between answers: callers must not change them.
 */
export class Memo<V> {
  readonly #map = new Map<string, Promise<V>>();

  /** `max`: entries kept at most; past it the oldest goes first. */
  constructor(private readonly max = 50_000) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    let value = this.#map.get(key);
    if (!value) {
      value = load();
      this.#map.set(key, value);
      value.catch(() => this.#map.delete(key));
      if (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value as string);
    }
    return value;
  }

  has(key: string): boolean {
    return this.#map.has(key);
  }

  clear(): void {
    this.#map.clear();
  }
}
