/**
 * `passerelles steering indicators [--level epci] [--code …] [--division n] [--region 52] [--json]`:
 * every indicator for every territory of a scale, with its source and vintage.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { argumentError, print, subcommand, type WithDb } from '../platform/cli.ts';
import { figuresDb } from './figures-db.ts';
import { INDICATOR_LEVELS, LEVEL_LABELS, type IndicatorLevel, type Indicators } from './indicators-contract.ts';
import { computeIndicators } from './indicators.ts';

function levelOf(value: string): IndicatorLevel {
  if (!(INDICATOR_LEVELS as readonly string[]).includes(value)) {
    throw new InvalidArgumentError(`échelle inconnue ; échelles possibles : ${INDICATOR_LEVELS.join(', ')}`);
  }
  return value as IndicatorLevel;
}

function divisionOf(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('le numéro d’un découpage enregistré est attendu');
  return n;
}

/** The JSON of the CLI: each territory with each indicator's value, source and vintage side by side. */
function indicatorsJson(answer: Indicators) {
  const byId = new Map(answer.definitions.map((d) => [d.id, d]));
  return {
    region: answer.region,
    level: answer.level,
    notes: answer.notes,
    territories: answer.territories.map((t) => ({
      code: t.code,
      name: t.name,
      departements: t.departements,
      communes: t.communes,
      population: t.population,
      indicators: t.values.map((v) => {
        const d = byId.get(v.id)!;
        return {
          id: v.id,
          label: d.label,
          value: v.value,
          unit: d.unit,
          vintage: d.vintage,
          previous: v.previous,
          previousVintage: d.previousVintage,
          source: d.sources.map((s) => `${s.publisher} (${s.file})`).join(' ; '),
          estimated: v.estimated,
          note: v.note,
        };
      }),
    })),
  };
}

const nf = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const UNIT_SUFFIX: Record<string, string> = {
  pourcentage: ' %',
  'pour-1000-habitants': ' pour 1 000 hab.',
  nombre: '',
  ratio: '',
  indice: '',
};

function indicatorsText(answer: Indicators): string {
  const lines = [`Indicateurs de pilotage — ${answer.region.name}, par ${LEVEL_LABELS[answer.level]} (${answer.territories.length})`, ''];
  for (const t of answer.territories) {
    lines.push(`${t.name} (${t.code}) — ${nf.format(t.population)} habitants, ${t.communes} communes`);
    t.values.forEach((v, i) => {
      const d = answer.definitions[i];
      if (d.status !== 'calcule') return;
      const value = v.value == null ? 'n.d.' : `${nf.format(v.value)}${UNIT_SUFFIX[d.unit]}`;
      lines.push(`  ${d.label} : ${value}${v.estimated ? ' (estimé)' : ''} [${d.vintage}]`);
    });
    lines.push('');
  }
  const missing = answer.definitions.filter((d) => d.status !== 'calcule');
  if (missing.length) lines.push('Pas encore de données :', ...missing.map((d) => `  ${d.label} — ${d.missing}`));
  return lines.join('\n');
}

export function registerIndicatorCli(program: Command, withDb: WithDb): void {
  subcommand(program, 'steering', 'pilotage régional : indicateurs, territoires, couverture des points de conseil')
    .command('indicators')
    .description('chaque indicateur de pilotage pour chaque territoire d’une échelle, avec sa source et son millésime')
    .option('--level <échelle>', `échelle : ${INDICATOR_LEVELS.join(', ')}`, levelOf, 'region')
    .option('--code <code>', 'un seul territoire de l’échelle')
    .option('--division <n>', 'pour --level division : le découpage enregistré', divisionOf)
    .option('--region <code>', 'région (52 par défaut)')
    .option('--json', 'sortie JSON')
    .action(async (o: { level: IndicatorLevel; code?: string; division?: number; region?: string; json?: boolean }) => {
      await withDb(async ({ db }) => {
        try {
          const answer = await computeIndicators(figuresDb(db), o.level, { code: o.code, division: o.division, region: o.region });
          print(Boolean(o.json), indicatorsJson(answer), () => indicatorsText(answer));
        } catch (error) {
          throw argumentError(error, true);
        }
      });
    });
}
