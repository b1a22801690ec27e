import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deName, titleCase } from '../../src/common/text.ts';

test('un nom publié en capitales s’écrit comme on l’écrit : « bassin d’emploi de Saint-Nazaire »', () => {
  assert.equal(titleCase('SAINT-NAZAIRE'), 'Saint-Nazaire');
  assert.equal(titleCase('LA ROCHE SUR YON'), 'La Roche sur Yon');
  assert.equal(titleCase('CHATEAU-DU-LOIR'), 'Chateau-du-Loir');
  assert.equal(titleCase("L'ILE D'YEU"), "L'Ile d'Yeu");
  assert.equal(titleCase('Angers'), 'Angers', 'un nom déjà écrit en minuscules reste tel quel');
  assert.equal(`bassin d’emploi ${deName(titleCase('ANGERS'))}`, 'bassin d’emploi d’Angers');
});
