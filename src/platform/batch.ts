/**
 * Runs a task for many callers at once: the first caller starts a run at once; callers that come
 * while a run is in flight wait for it to end and share the next run. Every caller so gets the
 * result of a run that started after it called, as if it had run alone (an import it has just
 * made is seen), and a busy process sends one query for many callers instead of one each.
 */
export class Batcher<In, Out> {
  #queue: { input: In; resolve: (out: Out) => void; reject: (error: unknown) => void }[] = [];
  #running = false;

  /** `run` answers every input of a batch, in order. */
  constructor(private readonly run: (inputs: In[]) => Promise<Out[]>) {}

  do(input: In): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.#queue.push({ input, resolve, reject });
      if (!this.#running) void this.#drain();
    });
  }

  async #drain(): Promise<void> {
    this.#running = true;
    while (this.#queue.length) {
      const batch = this.#queue;
      this.#queue = [];
      try {
        const out = await this.run(batch.map((b) => b.input));
        for (const [i, b] of batch.entries()) b.resolve(out[i]);
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    this.#running = false;
  }
}
