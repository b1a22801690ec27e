/**
 * The annual report's words and numbers, shared by the report page, its charts and the tests:
 * values with their unit in French (Intl), the evolution between two vintages with the direction
 * of good said in words, the published or estimated level, the indicators grouped by theme.
 */
import type {
  Direction,
  IndicatorDefinition,
  IndicatorLevel,
  IndicatorUnit,
  IndicatorValue,
  Indicators,
  PublishedLevel,
  TerritoryIndicators,
} from '../../../src/steering/indicators-contract.ts';

/** The scales (same words as LEVEL_LABELS of the contract, which the portal reads as types only). */
export const REPORT_LEVELS: readonly { level: IndicatorLevel; label: string; plural: string }[] = [
  { level: 'region', label: 'région', plural: 'la région' },
  { level: 'departement', label: 'département', plural: 'les départements' },
  { level: 'zone_emploi', label: 'zone d’emploi', plural: 'les zones d’emploi' },
  { level: 'bassin', label: 'bassin d’emploi (BMO)', plural: 'les bassins d’emploi (BMO)' },
  { level: 'epci', label: 'EPCI', plural: 'les EPCI' },
  { level: 'clpe', label: 'territoire CLPE', plural: 'les territoires CLPE' },
];
export const levelLabel = (level: IndicatorLevel) =>
  REPORT_LEVELS.find((l) => l.level === level)?.label ?? (level === 'division' ? 'territoire d’un découpage' : level);
/** The scale asked in a page's query (`echelle`): one of the listed scales, the départements otherwise. */
export const askedScale = (asked: string | null): IndicatorLevel =>
  asked && asked !== 'division' && isReportLevel(asked) ? asked : 'departement';
export const isReportLevel = (level: string): level is IndicatorLevel =>
  REPORT_LEVELS.some((l) => l.level === level) || level === 'division';

const PUBLISHED: Record<PublishedLevel, string> = {
  commune: 'de la commune',
  etablissement: 'de l’établissement',
  bassin: 'du bassin d’emploi',
  departement: 'du département',
  region: 'de la région',
};

const number = (x: number, digits: number, minimum = 0) =>
  new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits, minimumFractionDigits: minimum }).format(x);

/** A value with its unit, in French: « 51 230 », « 62,4 % », « 1,25 », « 4,77 pour 1 000 habitants », « 0,77 ». */
export function formatValue(value: number, unit: IndicatorUnit): string {
  switch (unit) {
    case 'nombre':
      return number(value, 0);
    case 'pourcentage':
      return `${number(value, 1, 1)}\u00a0%`;
    case 'ratio':
      return number(value, 2);
    case 'pour-1000-habitants':
      return `${number(value, 2)}\u00a0pour 1\u00a0000 habitants`;
    case 'indice':
      return number(value, 2);
  }
}

/** The unit in words, for the charts' axes and the tables' headers. */
export function unitLabel(unit: IndicatorUnit): string {
  switch (unit) {
    case 'nombre':
      return 'nombre';
    case 'pourcentage':
      return '%';
    case 'ratio':
      return 'ratio';
    case 'pour-1000-habitants':
      return 'pour 1 000 habitants';
    case 'indice':
      return 'indice';
  }
}

/** A relative change in per cent, signed: « +3,2 % », « −1,0 % ». */
export function formatChange(ratio: number): string {
  const sign = ratio > 0 ? '+' : ratio < 0 ? '−' : '';
  return `${sign}${number(Math.abs(ratio) * 100, 1, 1)}\u00a0%`;
}

export interface Evolution {
  /** -1, 0 or 1. */
  sign: number;
  /** Relative change (0.032 for +3,2 %), null when the previous value is 0. */
  relative: number | null;
  /** What moved: « +3,2 % » or, for a percentage, « +1,5 point ». */
  change: string;
  /** The sentence: « en hausse de 3,2 % depuis 2023 (48 120), ce qui est favorable ». */
  text: string;
  /** true: favourable, false: unfavourable, null: neither (stable, or a context indicator). */
  favourable: boolean | null;
}

/** A vintage as people read it: « 2022-2023 » for the data's « 2022_2023 ». */
export const vintageText = (vintage: string | null, none = 'millésime inconnu') => (vintage ? vintage.replace(/_/g, '-') : none);

/** How the value moved since the previous vintage, and whether that is good news, in words. */
export function evolutionOf(definition: IndicatorDefinition, value: IndicatorValue): Evolution | null {
  if (value.value === null || value.previous === null) return null;
  const delta = value.value - value.previous;
  const sign = Math.abs(delta) < 1e-9 ? 0 : Math.sign(delta);
  const relative = value.previous !== 0 ? delta / Math.abs(value.previous) : null;
  const since = `depuis ${vintageText(definition.previousVintage, 'le millésime précédent')} (${formatValue(value.previous, definition.unit)})`;
  let change: string;
  if (definition.unit === 'pourcentage') {
    const points = Math.abs(delta);
    change = `${sign > 0 ? '+' : sign < 0 ? '−' : ''}${number(points, 1, 1)}\u00a0point${points >= 2 ? 's' : ''}`;
  } else
    change =
      relative !== null
        ? formatChange(relative)
        : `${sign > 0 ? '+' : sign < 0 ? '−' : ''}${formatValue(Math.abs(delta), definition.unit)}`;
  if (sign === 0) return { sign, relative, change: 'stable', text: `stable ${since}`, favourable: null };
  const amount = change.replace(/^[+−]/, '');
  const moved = `${sign > 0 ? 'en hausse' : 'en baisse'} de ${amount} ${since}`;
  if (definition.direction === 'neutre')
    return { sign, relative, change, text: `${moved} ; indicateur de contexte, sans sens favorable`, favourable: null };
  const favourable = sign > 0 === (definition.direction === 'hausse');
  return { sign, relative, change, text: `${moved}, ce qui est ${favourable ? 'favorable' : 'défavorable'}`, favourable };
}

/** The direction of good, in words. */
export function directionText(direction: Direction): string {
  if (direction === 'hausse') return 'une hausse est favorable';
  if (direction === 'baisse') return 'une baisse est favorable';
  return 'indicateur de contexte : ni hausse ni baisse n’est favorable en soi';
}

/** Published at the territory's own scale, or estimated from a coarser one, with its note. */
export function levelText(definition: IndicatorDefinition, value: IndicatorValue): string {
  const at = definition.publishedAt ? PUBLISHED[definition.publishedAt] : null;
  if (value.estimated) {
    const base = `Valeur estimée${at ? ` (la source publie à l’échelle ${at})` : ''}`;
    return value.note ? `${base} : ${value.note}` : `${base}. ${definition.method}`;
  }
  const base = `Valeur publiée${at ? ` à l’échelle ${at}` : ''}`;
  return value.note ? `${base} ; ${value.note}` : base;
}

export const sourcesText = (definition: IndicatorDefinition) => definition.sources.map((s) => `${s.publisher} (${s.file})`).join(' ; ');

/** One indicator of the territory, ready to show. */
export interface ReportItem {
  definition: IndicatorDefinition;
  value: IndicatorValue;
  /** The formatted value, or null when it is missing for this territory. */
  formatted: string | null;
  evolution: Evolution | null;
}

export interface ReportTheme {
  theme: string;
  items: ReportItem[];
}

/** The territory's value of a definition (by id, else by position: the values follow the definitions). */
export function territoryValue(indicators: Pick<Indicators, 'definitions'>, territory: TerritoryIndicators, id: string): IndicatorValue {
  const index = indicators.definitions.findIndex((d) => d.id === id);
  return (
    territory.values.find((v) => v.id === id) ??
    territory.values[index] ?? { id, value: null, previous: null, estimated: false, note: 'valeur absente' }
  );
}

/** The calculated indicators grouped by theme (in the order of the definitions) and the « pas encore » ones. */
export function reportThemes(
  indicators: Indicators,
  territory: TerritoryIndicators,
): { themes: ReportTheme[]; notYet: IndicatorDefinition[] } {
  const themes: ReportTheme[] = [];
  const notYet: IndicatorDefinition[] = [];
  for (const definition of indicators.definitions) {
    if (definition.status === 'pas-encore') {
      notYet.push(definition);
      continue;
    }
    const value = territoryValue(indicators, territory, definition.id);
    const item: ReportItem = {
      definition,
      value,
      formatted: value.value === null ? null : formatValue(value.value, definition.unit),
      evolution: evolutionOf(definition, value),
    };
    let group = themes.find((t) => t.theme === definition.theme);
    if (!group) themes.push((group = { theme: definition.theme, items: [] }));
    group.items.push(item);
  }
  return { themes, notYet };
}

/** Text made comparable: every space (narrow no-break, no-break, line ends) as one plain space. */
export const plainSpaces = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

/** One bar of a comparison: a territory and its value of the indicator. */
export interface ComparisonRow {
  name: string;
  role: 'territoire' | 'departement' | 'region';
  value: number;
  formatted: string;
}

export interface ComparisonData {
  id: string;
  title: string;
  description: string;
  unit: IndicatorUnit;
  rows: ComparisonRow[];
}

/** Most charts a report draws to compare the territory with its département and région. */
export const MAX_COMPARISONS = 6;

/**
 * The main indicators compared between the territory, its département and its région: the
 * calculated ones that are not sums (rates, ratios, indices compare across sizes), with a value
 * for the territory and for at least one other.
 */
export function comparisons(
  indicators: Indicators,
  territory: TerritoryIndicators,
  others: { territory: TerritoryIndicators; role: ComparisonRow['role']; definitions: Indicators['definitions'] }[],
): ComparisonData[] {
  const out: ComparisonData[] = [];
  for (const definition of indicators.definitions) {
    if (out.length >= MAX_COMPARISONS) break;
    if (definition.status !== 'calcule' || definition.additive) continue;
    const own = territoryValue(indicators, territory, definition.id).value;
    if (own === null) continue;
    const rows: ComparisonRow[] = [{ name: territory.name, role: 'territoire', value: own, formatted: formatValue(own, definition.unit) }];
    for (const other of others) {
      const v = territoryValue({ definitions: other.definitions }, other.territory, definition.id).value;
      if (v !== null) rows.push({ name: other.territory.name, role: other.role, value: v, formatted: formatValue(v, definition.unit) });
    }
    if (rows.length < 2) continue;
    const said = rows.map((r) => `${r.name} : ${r.formatted}`).join(' ; ');
    out.push({
      id: `comparaison-${definition.id}`,
      title: `${definition.label} (${vintageText(definition.vintage)})`,
      description: `Barres horizontales comparant ${rows.length} territoires. ${said}.`,
      unit: definition.unit,
      rows,
    });
  }
  return out;
}

export interface EvolutionRow {
  id: string;
  label: string;
  previousVintage: string;
  vintage: string;
  previous: string;
  value: string;
  /** Relative change, for the bar. */
  relative: number;
  change: string;
  text: string;
  favourable: boolean | null;
}

/** The indicators with two vintages and a non-zero previous value, for the evolution bars. */
export function evolutionRows(themes: ReportTheme[]): EvolutionRow[] {
  return themes.flatMap((t) =>
    t.items.flatMap((item) =>
      item.evolution && item.evolution.relative !== null && item.value.previous !== null && item.formatted
        ? [
            {
              id: item.definition.id,
              label: item.definition.label,
              previousVintage: vintageText(item.definition.previousVintage, 'précédent'),
              vintage: vintageText(item.definition.vintage, 'dernier'),
              previous: formatValue(item.value.previous, item.definition.unit),
              value: item.formatted,
              relative: item.evolution.relative,
              change: formatChange(item.evolution.relative),
              text: item.evolution.text,
              favourable: item.evolution.favourable,
            },
          ]
        : [],
    ),
  );
}
