import { routeOptions } from '../platform/http/route-contract.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { InputError, NotFoundError } from '../platform/errors.ts';
import { tensionWithBasis, TENSION_SCALES } from '../labour-market/index.ts';
import { CODE_FORMS, UNKNOWN, type TerritoryLevel } from '../labour-market/territory.ts';
import { searchTrainings, type TrainingQuery } from '../trainings/index.ts';
import { viewRoutes } from './contract.ts';
import { OccupationTerritoryFacts } from './occupation-territory-facts.ts';

/** Returns its facts, kept until the next import (the caller refreshes them). */
export function registerOccupationTerritoryRoutes(app: App, ctx: ServeContext): OccupationTerritoryFacts {
  const route = viewRoutes.occupationTerritory;
  const facts = new OccupationTerritoryFacts(ctx.handle.db);
  app.get(route.url, routeOptions(route), async (request) => {
    const db = ctx.handle.db;
    const level = request.params.level as TerritoryLevel;
    const code = request.params.code.toUpperCase();
    const territoryCode = request.params.territoryCode.trim().toUpperCase();
    const form = CODE_FORMS[level];
    if (!form.pattern.test(territoryCode)) {
      throw new InputError('territoryCode', `paramètre de chemin « territoryCode » invalide : ${form.hint}`);
    }
    const fiche = await facts.occupation(code);
    if (!fiche) throw new NotFoundError(`Fiche ROME inconnue : ${code}`, 'code');
    const territory = await facts.territory(level, territoryCode);
    if (!territory) throw new NotFoundError(UNKNOWN[level](territoryCode), 'territoryCode');

    const region = territory.region?.code;
    const departement = territory.departement?.code;
    if (region) void facts.readAhead(region);
    const [tension, chomageDep, chomageReg, insertion] = [
      await tensionWithBasis(facts.tensionRows, await facts.tensionBasis(code), { region, departement, bassin: territory.bassinBmo?.code }),
      departement ? await facts.unemployment({ departement }) : null,
      region ? await facts.unemployment({ region }) : null,
      region ? await facts.outcomes(code, region) : { certifications: 0, sansDonnees: 0, items: [] },
    ];
    // Trainings leading to the occupation: around a commune, else within the territory's départements.
    let where: TrainingQuery;
    if (level === 'commune') where = { near: { commune: territory.code }, radiusKm: 30, sort: 'distance' };
    else {
      let departements: string[] = [];
      if (level !== 'region' && territory.departement) departements = [territory.departement.code];
      else if (territory.region) departements = await facts.departements(territory.region.code);
      where = { departements, sort: 'start' };
    }
    const nearby = await searchTrainings(db, { rome: code, pageSize: 5, ...where });
    const notes = [...territory.notes];
    if (!tension.dares.length)
      notes.push('Aucun indicateur de tension DARES pour ce métier : il n’est rattaché à aucune de ses familles de métiers.');
    if (tension.via === 'rome_v3_parent')
      notes.push(`Les indicateurs sont ceux du code ROME v3 ${tension.romeV3}, dont la fiche ${code} est issue.`);
    if (territory.bassinBmo && !tension.bassin)
      notes.push(`Pas d’indicateur de tension publié pour ce métier dans le bassin ${territory.bassinBmo.name}.`);
    if (level === 'commune' && !territory.bassinBmo) notes.push('Bassin BMO de la commune inconnu : pas d’indicateur par bassin.');
    return {
      occupation: { code: fiche.code, label: fiche.label, romeV3Parent: fiche.rome_v3_parent },
      territory: {
        level,
        code: territory.code,
        name: territory.name,
        departement: territory.departement,
        region: territory.region,
        bassinBmo: territory.bassinBmo,
        zoneEmploi: territory.zoneEmploi,
      },
      tension: {
        romeV3: tension.romeV3,
        via: tension.via,
        fap: tension.fap,
        dares: tension.dares,
        bassin: tension.bassin,
        scales: TENSION_SCALES,
      },
      chomage: { departement: chomageDep, region: chomageReg },
      insertion: { certifications: insertion.certifications, sansDonnees: insertion.sansDonnees, items: insertion.items },
      formationsProches: {
        total: nearby.total,
        items: nearby.results,
        ...(nearby.nearest ? { nearest: { radiusKm: nearby.nearest.radiusKm, items: nearby.nearest.results } } : {}),
      },
      notes,
    };
  });
  return facts;
}
