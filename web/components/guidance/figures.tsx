import type { Figure } from './pathway-types.ts';

const number = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** The value of a figure in words: "87 %", "6,7 km", "12 semaines", "4 sur 5". */
export function figureText(f: Figure): string {
  const v = number.format(f.value);
  switch (f.unit) {
    case '%':
      return `${v}\u202f%`;
    case 'classe 1-5':
      return `${v} sur 5`;
    case 'semaines':
      return `${v} semaine${f.value >= 2 ? 's' : ''}`;
    case 'heures':
      return `${v} heure${f.value >= 2 ? 's' : ''}`;
    default:
      return `${v} ${f.unit}`;
  }
}

const GEO: Record<string, string> = {
  reg: 'région',
  region: 'région',
  dep: 'département',
  departement: 'département',
  bassin: 'bassin d’emploi',
  fr: 'France',
  commune: 'commune',
};

/** "Source : InserJeunes (…), 2022_2023, région 52, 79 sortants". */
export function sourceText(f: Pick<Figure, 'source' | 'vintage' | 'geoLevel' | 'geoCode' | 'cohort'>): string {
  const parts = [f.source, f.vintage];
  if (f.geoLevel) parts.push(`${GEO[f.geoLevel] ?? f.geoLevel}${f.geoCode ? ` ${f.geoCode}` : ''}`);
  if (typeof f.cohort === 'number') parts.push(`${number.format(f.cohort)} personne${f.cohort > 1 ? 's' : ''} dans la cohorte`);
  return `Source : ${parts.filter(Boolean).join(', ')}`;
}

/** A figure with what it is and where it comes from. */
export function FigureSource({ figure }: { figure: Figure }) {
  return (
    <span className="source g-fig-source">
      {figure.label}. {sourceText(figure)}.{figure.note ? ` ${figure.note}` : ''}
    </span>
  );
}

/** The source in a few words ("Passerelles (calcul) : position du lieu…" → "Passerelles (calcul)"), with its vintage. */
export function shortSource(f: Pick<Figure, 'source' | 'vintage' | 'cohort'>): string {
  const source = f.source.split(' : ')[0].replace(/ à partir de$/, '');
  const cohort = typeof f.cohort === 'number' ? `, ${number.format(f.cohort)} personne${f.cohort > 1 ? 's' : ''} dans la cohorte` : '';
  return `Source : ${source}, ${f.vintage}${cohort}`;
}

/** A key figure of a card: the value, then its source and vintage in a few words. */
export function FactValue({ figure, detail = false }: { figure: Figure; detail?: boolean }) {
  return (
    <>
      {figureText(figure)}
      {detail ? <span className="g-fig-detail">{figure.label}</span> : null}
      <span className="source g-fig-source">{shortSource(figure)}</span>
    </>
  );
}
