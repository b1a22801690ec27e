/**
 * `passerelles agenda list [filtres] [--json]` and `passerelles agenda ics [filtres] > agenda.ics`:
 * the same filters and French messages as GET /api/v1/agenda/events and /api/agenda/export.ics.
 */
import { InvalidArgumentError, type Command } from 'commander';
import { subcommand, type WithDb } from '../platform/cli.ts';
import { InputError } from '../platform/errors.ts';
import { readConfig } from '../platform/config.ts';
import { agendaDb } from './db.ts';
import { EVENT_KINDS, type AgendaEvent } from './contract.ts';
import { allEvents, parseFilters, type EventFilters } from './events.ts';
import { calendarOf, locationOf } from './ics.ts';

interface Options {
  kinds?: string;
  when?: string;
  from?: string;
  to?: string;
  departement?: string;
  region?: string;
  commune?: string;
  radius?: string;
  json?: boolean;
}

function withFilters(command: Command): Command {
  return command
    .argument('[mots...]', 'mots cherchés (titre, organisateur, lieu)')
    .option('--kinds <liste>', `types séparés par des virgules : ${EVENT_KINDS.join(', ')}`)
    .option('--when <période>', 'upcoming (par défaut), past ou all')
    .option('--from <date>', 'se terminant le ou après le (AAAA-MM-JJ)')
    .option('--to <date>', 'commençant le ou avant le (AAAA-MM-JJ)')
    .option('--departement <code>', 'département')
    .option('--region <code>', 'région')
    .option('--commune <insee>', 'commune (code INSEE), avec --radius')
    .option('--radius <km>', 'rayon autour de --commune, en km (30 par défaut)');
}

function filtersOf(words: string[], o: Options): EventFilters {
  try {
    return parseFilters({ ...o, q: words.join(' '), radiusKm: o.radius });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    const option = error.field === 'q' ? '' : `--${error.field === 'radiusKm' ? 'radius' : error.field} : `;
    throw new InvalidArgumentError(`${option}${error.message}`);
  }
}

/** One event per line block, for a terminal. */
export function eventText(e: AgendaEvent): string {
  const place = locationOf(e) ?? (e.establishment ? `établissement Onisep ${e.establishment} (lieu non connu)` : 'lieu non indiqué');
  return [
    `[${e.id}] ${e.status === 'annule' ? 'ANNULÉ – ' : ''}${e.title} (${e.kindLabel})`,
    `    ${e.when}`,
    `    ${place}${e.commune ? ` (${e.commune.departement})` : ''}${e.distanceKm !== null ? `, à ${String(e.distanceKm).replace('.', ',')} km` : ''}`,
    ...(e.organizer ? [`    organisé par ${e.organizer}`] : []),
  ].join('\n');
}

export function registerAgendaCommands(program: Command, withDb: WithDb): void {
  const agenda = subcommand(program, 'agenda', 'agenda des salons, forums, journées portes ouvertes et réunions d’information');
  withFilters(agenda.command('list').description('liste les événements (à venir par défaut)'))
    .option('--json', 'sortie JSON')
    .action(async (words: string[], opts: Options) => {
      const filters = filtersOf(words, opts);
      await withDb(async ({ db }) => {
        const events = await allEvents(agendaDb(db), filters);
        const text = events.length
          ? `${events.length} événement${events.length > 1 ? 's' : ''}\n\n${events.map(eventText).join('\n\n')}`
          : 'Aucun événement ne répond à ces filtres.';
        process.stdout.write(opts.json ? `${JSON.stringify(events, null, 2)}\n` : `${text}\n`);
      });
    });
  withFilters(agenda.command('ics').description('les événements au format iCalendar, sur la sortie standard (> agenda.ics)')).action(
    async (words: string[], opts: Options) => {
      const filters = filtersOf(words, opts);
      await withDb(async ({ db }) => {
        const events = await allEvents(agendaDb(db), filters);
        const publicUrl = readConfig().publicUrl.replace(/\/$/, '');
        process.stdout.write(calendarOf(events, { name: 'Agenda de l’apprentissage – Passerelles', publicUrl }).toString());
      });
    },
  );
}
