/**
 * `passerelles pathways simulate`: the pathway simulator from the shell, with the same checks
 * and French messages as POST /api/v1/pathways. Nothing is stored.
 */
import type { Command } from 'commander';
import { argumentError, commaList, type WithDb } from '../platform/cli.ts';
import { SkillsCatalog } from './skills-model.ts';
import { simulatePathways, type PathwayInput, type PathwayResponse } from './pathways.ts';
import type { Figure } from './figures.ts';

interface Options {
  from?: string;
  skills?: string[];
  exclude?: string;
  to?: string;
  explore?: boolean;
  commune?: string;
  radius?: string;
  status?: string;
  age?: string;
  today?: string;
  json?: boolean;
}

export function registerPathwayCommands(program: Command, withDb: WithDb): void {
  const pathways = program.command('pathways').description('parcours vers un métier');
  pathways
    .command('simulate')
    .description('simule jusqu’à 5 parcours vers un métier (étapes, durée, distance, dates, taux d’emploi, tension, financements)')
    .option('--from <code>', 'code ROME du métier exercé')
    .option('--skills <codes...>', 'codes ROME (OGR) des compétences détenues')
    .option('--exclude <codes>', 'codes OGR des compétences du métier exercé non pratiquées, séparés par des virgules')
    .option('--to <code>', 'code ROME du métier visé')
    .option('--explore', 'sans métier visé : métiers en tension proches de vos compétences')
    .option('--commune <insee>', 'code INSEE de la commune')
    .option('--radius <km>', 'rayon en km (plus de 0, au plus 200)')
    .option('--status <statut>', 'jeune, demandeur ou salarie')
    .option('--age <n>', 'âge en années')
    .option('--today <date>', 'jour de la simulation (AAAA-MM-JJ)')
    .option('--json', 'sortie JSON')
    .action(async (opts: Options) => {
      const input: PathwayInput = {
        from: opts.from,
        skills: opts.skills,
        exclude: commaList(opts.exclude),
        to: opts.to,
        explore: opts.explore,
        commune: opts.commune ?? '',
        radius: opts.radius === undefined ? NaN : Number(opts.radius),
        status: opts.status ?? '',
        age: opts.age === undefined ? undefined : Number(opts.age),
        today: opts.today,
      };
      await withDb(async ({ db }) => {
        const skills = new SkillsCatalog(db);
        await skills.refresh();
        let result: PathwayResponse;
        try {
          result = await simulatePathways({ db, skills }, input);
        } catch (e) {
          throw argumentError(e, true);
        }
        process.stdout.write(opts.json ? `${JSON.stringify(result, null, 2)}\n` : `${pathwaysText(result)}\n`);
      });
    });
}

function fig(f: Figure | null): string {
  if (!f) return '?';
  return `${String(f.value).replace('.', ',')} ${f.unit}`;
}

/** The answer for a terminal. */
export function pathwaysText(r: PathwayResponse): string {
  const lines: string[] = [];
  const q = r.request;
  lines.push(
    `Parcours depuis ${q.from ? `${q.from.label} (${q.from.code})` : `${q.skills.length} compétence(s)`} — ` +
      `${q.commune.name} (${q.commune.code}), ${q.radiusKm} km, statut ${q.status}${q.age !== null ? `, ${q.age} ans` : ''}.`,
  );
  for (const n of r.notes) lines.push(`note : ${n}`);
  for (const t of r.targets) {
    lines.push(
      '',
      `${t.target.label} (${t.target.code}) — compétences couvertes : ${fig(t.match)} ; tension : ${t.tension.finest ? `${fig(t.tension.finest)} (${t.tension.finest.source}, ${t.tension.finest.vintage}, ${t.tension.finest.geoLevel} ${t.tension.finest.geoCode})` : 'non publiée'}`,
    );
    if (!t.pathways.length) lines.push('  Aucun parcours trouvé dans le rayon.');
    t.pathways.forEach((p, i) => {
      lines.push(`  ${i + 1}. ${p.title}`);
      const facts = [`durée ${fig(p.duration)}`];
      if (p.farthestDistance) facts.push(`jusqu’à ${fig(p.farthestDistance)}`);
      if (p.startDates?.dates.length) facts.push(`débuts : ${p.startDates.dates.join(', ')}`);
      if (p.employment)
        facts.push(
          `taux d’emploi ${fig(p.employment)} (${p.employment.source}, ${p.employment.vintage}, ${p.employment.cohort ?? '?'} sortants)`,
        );
      lines.push(`     ${facts.join(' · ')}`);
      for (const s of p.steps) lines.push(`     - ${s.title}${s.duration ? ` (${fig(s.duration)})` : ''}`);
      if (p.funding.length)
        lines.push(
          `     financements : ${p.funding.map((f) => `${f.name}${f.fit === 'sous-conditions' ? ' (sous conditions)' : ''}`).join(' ; ')}`,
        );
      for (const x of p.fundingExcluded) lines.push(`     non proposé : ${x}`);
      for (const n of p.notes) lines.push(`     note : ${n}`);
    });
    for (const route of t.routes) if (route.reason) lines.push(`  ${route.reason}`);
  }
  lines.push('', r.privacy);
  return lines.join('\n');
}
