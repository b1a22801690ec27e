import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createElement } from 'react';
import { renderedOnce } from '../../web/fragments.ts';

test('a fragment is rendered once per data version, escaped like any render, and rendered again after an import', () => {
  let renders = 0;
  const skill = (label: string) => () => {
    renders++;
    return createElement('li', null, label);
  };
  const first = renderedOnce(1, 'fiche D1102', skill('Pétrir la pâte <script>'));
  assert.equal(first, '<li>Pétrir la pâte &lt;script&gt;</li>');
  // Asked again under the same data: the kept HTML, not a new render (even if the data said otherwise).
  assert.equal(renderedOnce(1, 'fiche D1102', skill('autre chose')), first);
  assert.equal(renders, 1);
  // Another key is another fragment.
  assert.equal(renderedOnce(1, 'fiche D1106', skill('Trancher la viande')), '<li>Trancher la viande</li>');
  // A new import (another version): every fragment is rendered again from the new data.
  assert.equal(renderedOnce(2, 'fiche D1102', skill('Façonner les pains')), '<li>Façonner les pains</li>');
  assert.equal(renders, 3);
});
