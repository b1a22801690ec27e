import { test } from 'node:test';
import assert from 'node:assert/strict';
import { longFrenchDate, numericFrenchDate, parseNumericFrenchDate } from '../../src/common/dates.ts';

test('a day for reading, in figures, and read back from dd/mm/yyyy', () => {
  assert.equal(longFrenchDate('2027-11-10'), '10 novembre 2027');
  assert.equal(longFrenchDate('2027-03-01'), '1er mars 2027');
  assert.equal(longFrenchDate(null), '');
  assert.equal(longFrenchDate(undefined, 'date à préciser'), 'date à préciser');
  assert.equal(longFrenchDate('bientôt'), 'bientôt');
  assert.equal(numericFrenchDate('2027-03-01'), '01/03/2027');
  assert.equal(parseNumericFrenchDate('01/03/2027'), '2027-03-01');
  assert.equal(parseNumericFrenchDate(' '), null);
  assert.equal(parseNumericFrenchDate('31/02/2027'), undefined);
  assert.equal(parseNumericFrenchDate('2027-03-01'), undefined);
});
