import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countOf, frenchNumber, frenchPercent, frenchShare, parisToday } from '../../src/common/format.ts';

// Intl writes a narrow no-break space (U+202F) between thousands and a no-break space before « % » in fr-FR.
const spaces = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

test('nombres et pourcentages écrits à la française : virgule décimale, espaces entre milliers', () => {
  assert.equal(frenchNumber(0.8, 2), '0,8');
  assert.equal(spaces(frenchNumber(1234.56, 1)), '1 234,6');
  assert.equal(frenchNumber(395.8), '396');
  assert.equal(frenchPercent(80.25), '80,3 %');
  assert.equal(frenchShare(0.5), '50 %');
});

test('« et 1 autre », « et 3 autres » : le nom s’accorde avec le nombre', () => {
  assert.equal(countOf(1, 'autre'), '1 autre');
  assert.equal(countOf(3, 'autre'), '3 autres');
  assert.equal(countOf(2, 'autre diplôme', 'autres diplômes'), '2 autres diplômes');
});

test('aujourd’hui, c’est le jour à Paris : 23 h 30 UTC le 31 décembre est déjà le 1er janvier', () => {
  assert.equal(parisToday(new Date('2026-12-31T23:30:00Z')), '2027-01-01');
  assert.equal(parisToday(new Date('2026-07-01T21:59:00Z')), '2026-07-01');
  assert.equal(parisToday(new Date('2026-07-01T22:00:00Z')), '2026-07-02');
});
