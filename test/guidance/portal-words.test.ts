/** How the portal writes a figure's source and a training's next session (no browser needed). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { producer, readable, shortSource } from '../../web/components/guidance/figures.tsx';
import { latestYear } from '../../web/components/figures.tsx';
import { formatKm, nextSession } from '../../web/components/training.tsx';

test('une ligne de source courte : le producteur et l’année, pas la provenance entière', () => {
  assert.equal(producer('France Travail, tensions par métier ROME et bassin BMO 2021'), 'France Travail');
  assert.equal(producer('InserJeunes (DEPP – DARES), indicateurs régionaux par formation'), 'InserJeunes (DEPP – DARES)');
  assert.equal(producer('Passerelles (calcul) : position du lieu (Catalogue, LHEO)'), 'Passerelles (calcul)');
  assert.equal(
    producer('Catalogue de démonstration « demo, portail » (offres fictives, LHEO)'),
    'Catalogue de démonstration « demo, portail » (offres fictives, LHEO)',
  );
  assert.equal(shortSource({ source: 'France Travail, tensions 2021', vintage: '2021' }), 'Source : France Travail, 2021');
  assert.equal(
    shortSource({ source: 'InserJeunes (DEPP – DARES), indicateurs', vintage: '2022_2023', cohort: 39 }),
    'Source : InserJeunes (DEPP – DARES), 2022-2023, 39 personnes dans la cohorte',
  );
  // A computation over a rule checked in 2023 and data imported in 2026: the year, not the dates.
  assert.equal(
    shortSource({ source: 'Passerelles (calcul) : durée du parcours', vintage: 'vérifié le 2023-07-27 ; import du 2026-12-07' }),
    'Source : Passerelles (calcul), 2026',
  );
});

test('les dates ISO de la provenance se lisent en français', () => {
  assert.equal(readable('import du 2026-12-07'), 'import du 7 décembre 2026');
  assert.equal(readable('2022_2023'), 'sortants 2022 et 2023');
  assert.equal(latestYear('2019'), '2019, dernière année disponible');
  assert.equal(latestYear('import du 2026-12-07'), 'import du 2026-12-07');
});

test('la prochaine session n’est jamais une session déjà commencée', () => {
  const sessions = [{ debut: '2026-11-06' }, { debut: '2026-12-07' }, { debut: '2027-01-04' }];
  assert.deepEqual(nextSession(sessions, '2026-12-07'), { debut: '2026-12-07' });
  assert.deepEqual(nextSession(sessions, '2026-12-08'), { debut: '2027-01-04' });
  assert.equal(nextSession(sessions, '2027-02-01'), undefined);
  assert.deepEqual(nextSession([{ debut: null }], '2027-02-01'), { debut: null }, 'date à préciser : annoncée comme telle');
  assert.equal(formatKm(6.72), '6,7 km');
  assert.equal(formatKm(29.7), '30 km');
});
