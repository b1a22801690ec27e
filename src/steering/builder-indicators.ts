/**
 * The indicators of a draft division: every steering indicator (indicators-catalogue.ts) summed
 * over each territory's communes, as for any other scale. Figures published by bassin or
 * département are estimated for a territory that cuts them (see the indicators' method).
 */
import { valuesFor, type CommuneFigures } from './indicators.ts';

export interface DraftIndicators {
  status: 'calcules';
  message: string;
  /** By territory name, then indicator id: the value (null without data for its communes). */
  values: Record<string, Record<string, number | null>>;
}

export function draftIndicators(
  figures: CommuneFigures,
  territories: readonly { name: string; communes: readonly string[] }[],
): DraftIndicators {
  return {
    status: 'calcules',
    message:
      'Indicateurs recalculés pour chaque territoire du brouillon à partir de ses communes ; ceux publiés par bassin ou département y sont estimés au prorata de la population.',
    values: Object.fromEntries(
      territories.map((t) => [t.name, Object.fromEntries(valuesFor(figures, 'division', t.communes).map((v) => [v.id, v.value]))]),
    ),
  };
}
