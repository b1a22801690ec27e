import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Batcher } from '../../src/platform/batch.ts';
import { countHit } from '../../src/platform/db/counters.ts';
import { openTestDatabase } from '../helpers/db.ts';

test('callers that come during a run share the next one, which starts after they called; a failure fails its batch only', async () => {
  const runs: number[][] = [];
  let release: () => void = () => {};
  const batcher = new Batcher<number, string>(async (inputs) => {
    runs.push(inputs);
    if (inputs.includes(13)) throw new Error('treize');
    await new Promise<void>((resolve) => {
      release = resolve;
    });
    return inputs.map((i) => `run ${runs.length}: ${i}`);
  });
  const first = batcher.do(1);
  const waiting = [batcher.do(2), batcher.do(3)];
  assert.deepEqual(runs, [[1]], 'the first caller starts at once; the others wait for it');
  release();
  assert.equal(await first, 'run 1: 1');
  await new Promise((resolve) => setImmediate(resolve));
  assert.deepEqual(runs, [[1], [2, 3]]);
  const failing = batcher.do(13);
  release();
  assert.deepEqual(await Promise.all(waiting), ['run 2: 2', 'run 2: 3']);
  await assert.rejects(failing, /treize/);
  const after = batcher.do(4);
  await new Promise((resolve) => setImmediate(resolve));
  release();
  assert.equal(await after, 'run 4: 4', 'a failed batch does not stop the next');
});

test('hits counted together stay exact: each caller its own count, per key and window', async () => {
  const handle = await openTestDatabase();
  try {
    const hits = await Promise.all([
      ...Array.from({ length: 30 }, () => countHit(handle.db, 'test:a', 60_000)),
      ...Array.from({ length: 5 }, () => countHit(handle.db, 'test:b', 60_000)),
      ...Array.from({ length: 3 }, () => countHit(handle.db, 'test:c', 1_000)),
    ]);
    const counts = (from: number, to: number) => hits.slice(from, to).map((h) => h.count);
    assert.deepEqual(
      counts(0, 30),
      Array.from({ length: 30 }, (_, i) => i + 1),
      'key a: 1 to 30, in the order of the calls',
    );
    assert.deepEqual(counts(30, 35), [1, 2, 3, 4, 5]);
    assert.deepEqual(counts(35, 38), [1, 2, 3]);
    assert.ok(hits.slice(35).every((h) => h.resetMs <= 1_000) && hits[0].resetMs > 1_000, 'each key in its own window');
    assert.equal((await countHit(handle.db, 'test:a', 60_000)).count, 31);
  } finally {
    await handle.close();
  }
});
