import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keptOnce } from '../../web/fragments.ts';

test('what a page makes of a record is made once per data version, shared meanwhile, and made again after an import', async () => {
  let made = 0;
  const fiche = (label: string) => async () => {
    made++;
    await new Promise((r) => setTimeout(r, 5));
    return { label };
  };
  // Two pages at once: one call, one value for both.
  const [a, b] = await Promise.all([keptOnce(1, 'fiche D1102', fiche('Boulanger')), keptOnce(1, 'fiche D1102', fiche('x'))]);
  assert.equal(a, b);
  assert.deepEqual(a, { label: 'Boulanger' });
  // Asked again under the same data: the kept value, even if the data said otherwise.
  assert.deepEqual(await keptOnce(1, 'fiche D1102', fiche('autre chose')), { label: 'Boulanger' });
  assert.equal(made, 1);
  // What is thrown (an unknown code, an API in error) is not kept: asked again, it is made again.
  const missing = async (): Promise<{ label: string }> => {
    made++;
    throw { status: 404 };
  };
  for (let i = 0; i < 2; i++) {
    await assert.rejects(keptOnce(1, 'fiche N9999', missing), (e) => (e as { status: number }).status === 404);
    await new Promise((r) => setImmediate(r));
  }
  assert.equal(made, 3);
  assert.deepEqual(await keptOnce(1, 'fiche N9999', fiche('Nouvelle fiche')), { label: 'Nouvelle fiche' });
  // A new import (another version): everything is made again from the new data.
  assert.deepEqual(await keptOnce(2, 'fiche D1102', fiche('Boulanger (changé)')), { label: 'Boulanger (changé)' });
  assert.equal(made, 5);
});
