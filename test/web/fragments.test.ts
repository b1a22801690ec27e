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
  const found = (v: { label?: string; status?: number }) => v.status === undefined;
  // Two pages at once: one call, one value for both.
  const [a, b] = await Promise.all([keptOnce(1, 'fiche D1102', fiche('Boulanger'), found), keptOnce(1, 'fiche D1102', fiche('x'), found)]);
  assert.equal(a, b);
  assert.deepEqual(a, { label: 'Boulanger' });
  // Asked again under the same data: the kept value, even if the data said otherwise.
  assert.deepEqual(await keptOnce(1, 'fiche D1102', fiche('autre chose'), found), { label: 'Boulanger' });
  assert.equal(made, 1);
  // An unknown code (or an API in error) is not kept: asked again, it is asked of the API again.
  const missing = async () => {
    made++;
    return { status: 404 };
  };
  assert.deepEqual(await keptOnce(1, 'fiche N9999', missing, found), { status: 404 });
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(await keptOnce(1, 'fiche N9999', missing, found), { status: 404 });
  assert.equal(made, 3);
  // A failure is not kept either.
  await assert.rejects(
    keptOnce(1, 'fiche D1106', () => Promise.reject<{ label?: string; status?: number }>(new Error('API injoignable')), found),
    /injoignable/,
  );
  await new Promise((r) => setImmediate(r));
  assert.deepEqual(await keptOnce(1, 'fiche D1106', fiche('Boucher'), found), { label: 'Boucher' });
  // A new import (another version): everything is made again from the new data.
  assert.deepEqual(await keptOnce(2, 'fiche D1102', fiche('Boulanger (changé)'), found), { label: 'Boulanger (changé)' });
  assert.equal(made, 5);
});
