/** A small `Indicators` answer written by hand (contract types), for the report's rendering and export tests. */
import type { IndicatorDefinition, Indicators } from '../../src/steering/indicators-contract.ts';

const definition = (
  d: Partial<IndicatorDefinition> & Pick<IndicatorDefinition, 'id' | 'label' | 'theme' | 'unit'>,
): IndicatorDefinition => ({
  formula: 'formule',
  direction: 'hausse',
  additive: false,
  status: 'calcule',
  sources: [{ file: 'marche-du-travail/demandeurs.csv', publisher: 'France Travail' }],
  vintage: '2025',
  previousVintage: '2024',
  publishedAt: 'departement',
  levels: ['region', 'departement', 'epci'],
  method: 'réparti au prorata de la population',
  missing: null,
  ...d,
});

export const FIXTURE: Indicators = {
  region: { code: '52', name: 'Pays de la Loire' },
  level: 'departement',
  definitions: [
    definition({
      id: 'demandeurs',
      label: 'Demandeurs d’emploi (catégories A, B, C)',
      theme: 'Marché du travail',
      unit: 'nombre',
      direction: 'baisse',
      additive: true,
    }),
    definition({ id: 'insertion', label: 'Taux d’insertion à 6 mois des apprentis', theme: 'Insertion', unit: 'pourcentage' }),
    definition({
      id: 'jeunes',
      label: 'Part des moins de 26 ans, « jeunes »',
      theme: 'Marché du travail',
      unit: 'pourcentage',
      direction: 'neutre',
      previousVintage: null,
      publishedAt: 'bassin',
    }),
    definition({
      id: 'cep',
      label: 'Bénéficiaires du conseil en évolution professionnelle',
      theme: 'Accompagnement',
      unit: 'nombre',
      status: 'pas-encore',
      vintage: null,
      previousVintage: null,
      publishedAt: null,
      missing: 'les bilans des opérateurs du CEP (France compétences)',
    }),
  ],
  territories: [
    {
      level: 'departement',
      code: '49',
      name: 'Maine-et-Loire',
      departements: ['49'],
      communes: 177,
      population: 818_273,
      values: [
        { id: 'demandeurs', value: 51_230, previous: 52_000, estimated: false, note: null },
        { id: 'insertion', value: 62.4, previous: 60.9, estimated: false, note: null },
        {
          id: 'jeunes',
          value: 18.25,
          previous: null,
          estimated: true,
          note: 'estimée à partir des bassins d’emploi, au prorata, "pondérée"',
        },
        { id: 'cep', value: null, previous: null, estimated: false, note: null },
      ],
    },
    {
      level: 'departement',
      code: '53',
      name: 'Mayenne',
      departements: ['53'],
      communes: 240,
      population: 307_062,
      values: [
        { id: 'demandeurs', value: 14_002, previous: 14_002, estimated: false, note: null },
        { id: 'insertion', value: null, previous: null, estimated: false, note: 'secret statistique' },
        { id: 'jeunes', value: 17, previous: null, estimated: true, note: null },
        { id: 'cep', value: null, previous: null, estimated: false, note: null },
      ],
    },
  ],
  notes: ['Valeurs du lot de données.'],
};
