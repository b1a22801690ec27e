/**
 * Checks a division of the région into territories made of whole EPCI:
 *
 * - no EPCI cut (its communes of the région all in the same territory);
 * - every commune of the région in exactly one territory (none left out, none in two);
 * - each territory in one piece: its communes linked by shared borders (islands, cut off from the
 *   mainland, are attached without this check, and said so);
 * - each territory's population and number of communes.
 *
 * A territory is a name and EPCI (SIREN); commune codes may be given too, for a commune that
 * belongs to no EPCI (L'Île-d'Yeu) or to check a division drawn by commune (the CLPE). The
 * communes an EPCI holds outside the région are not counted, and said so.
 * Every fault is a French sentence naming the EPCI or the communes.
 */
import { InputError } from '../platform/errors.ts';
import { COMMUNE_CODE, SIREN } from '../common/codes.ts';
import { components, type GeoCommune, type Geography } from './builder-geography.ts';
import { draftIndicators, type DraftIndicators } from './builder-indicators.ts';

export interface TerritoryInput {
  name: string;
  /** SIREN of whole EPCI. */
  epci?: string[];
  /** Commune codes (communes without EPCI, or a division drawn by commune). */
  communes?: string[];
}

export interface DivisionInput {
  name: string;
  territories: TerritoryInput[];
}

export type FaultKind =
  | 'nom'
  | 'territoire-vide'
  | 'code-inconnu'
  | 'hors-region'
  | 'epci-coupe'
  | 'commune-oubliee'
  | 'commune-en-double'
  | 'non-contigu';

export interface Named {
  code: string;
  name: string;
}

export interface Fault {
  kind: FaultKind;
  message: string;
  territories: string[];
  epci: Named[];
  communes: Named[];
}

export interface TerritoryReport {
  name: string;
  population: number;
  communes: number;
  departements: string[];
  /** EPCI whose communes of the région are all in this territory. */
  epci: Named[];
  /** Communes given one by one (without EPCI, or from a cut EPCI). */
  looseCommunes: Named[];
  /** Separate pieces on the mainland (1 when in one piece; 0 when only islands). */
  parts: number;
  islands: Named[];
}

export interface CheckResult {
  division: string;
  region: Named;
  valid: boolean;
  faults: Fault[];
  notes: string[];
  territories: TerritoryReport[];
  totals: { communes: number; population: number; coveredCommunes: number; coveredPopulation: number; epci: number };
  /** Whether shared borders were known (outlines imported): otherwise contiguity is not checked. */
  contiguityChecked: boolean;
  /** Indicators recomputed for the draft (builder-indicators.ts). */
  indicators: DraftIndicators;
}

export const LIMITS = { territories: 300, codes: 2000, name: 150 };

/** Checks the shape of a division read from a file or a form (the HTTP schema does it too). */
export function parseDivision(value: unknown): DivisionInput {
  const v = value as Partial<DivisionInput> | null;
  if (!v || typeof v !== 'object') throw new InputError('division', 'un objet { "name", "territories" } est attendu');
  if (typeof v.name !== 'string' || !v.name.trim()) throw new InputError('name', 'le découpage doit avoir un nom');
  if (v.name.length > LIMITS.name) throw new InputError('name', `nom trop long (${LIMITS.name} caractères au plus)`);
  if (!Array.isArray(v.territories) || !v.territories.length)
    throw new InputError('territories', 'le découpage doit compter au moins un territoire');
  if (v.territories.length > LIMITS.territories) throw new InputError('territories', `${LIMITS.territories} territoires au plus`);
  const territories = v.territories.map((t, i): TerritoryInput => {
    const at = `territoire n° ${i + 1}`;
    if (!t || typeof t !== 'object') throw new InputError('territories', `${at} : un objet { "name", "epci", "communes" } est attendu`);
    if (typeof t.name !== 'string' || t.name.length > LIMITS.name) throw new InputError('territories', `${at} : nom absent ou trop long`);
    const codes = (field: 'epci' | 'communes') => {
      const list = t[field];
      if (list === undefined) return [];
      if (!Array.isArray(list) || list.some((c) => typeof c !== 'string') || list.length > LIMITS.codes) {
        throw new InputError('territories', `${at} : « ${field} » doit être une liste de codes (${LIMITS.codes} au plus)`);
      }
      return list.map((c) => c.trim().toUpperCase());
    };
    return { name: t.name.trim(), epci: codes('epci'), communes: codes('communes') };
  });
  return { name: v.name.trim(), territories };
}

const quote = (s: string) => `« ${s} »`;
const communeLabel = (c: Named) => `${c.name} (${c.code})`;
const epciLabel = (e: Named) => `${e.name} (${e.code})`;
/** A list for a sentence: every item up to `max`, then how many more. */
export function listOf(items: readonly string[], max = 8): string {
  const shown = items.slice(0, max);
  const rest = items.length - shown.length;
  const text = shown.length > 1 ? `${shown.slice(0, -1).join(', ')} et ${shown.at(-1)}` : (shown[0] ?? '');
  return rest > 0 ? `${shown.join(', ')} et ${rest} autre${rest > 1 ? 's' : ''}` : text;
}
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('fr-FR')} ${n > 1 ? many : one}`;

export function checkDivision(geo: Geography, input: DivisionInput): CheckResult {
  const faults: Fault[] = [];
  const notes: string[] = [];
  const fault = (kind: FaultKind, message: string, detail: Partial<Omit<Fault, 'kind' | 'message'>> = {}) =>
    faults.push({ kind, message, territories: detail.territories ?? [], epci: detail.epci ?? [], communes: detail.communes ?? [] });
  const named = (c: GeoCommune): Named => ({ code: c.code, name: c.name });
  const epciNamed = (siren: string): Named => ({ code: siren, name: geo.epci.get(siren)?.name ?? siren });

  // Names.
  const seenNames = new Map<string, number>();
  input.territories.forEach((t, i) => {
    if (!t.name) fault('nom', `Le territoire n° ${i + 1} n’a pas de nom.`);
    else if (seenNames.has(t.name))
      fault('nom', `Deux territoires s’appellent ${quote(t.name)} : donnez-leur des noms distincts.`, { territories: [t.name] });
    else seenNames.set(t.name, i);
  });
  const label = (i: number) => input.territories[i].name || `n° ${i + 1}`;

  // Communes of each territory (of the région), and where each commune is.
  const placed = new Map<string, number[]>();
  const members: Set<string>[] = input.territories.map(() => new Set());
  const outsideNoted = new Set<string>();
  input.territories.forEach((t, i) => {
    const add = (code: string) => {
      if (members[i].has(code)) return;
      members[i].add(code);
      const at = placed.get(code);
      if (at) at.push(i);
      else placed.set(code, [i]);
    };
    for (const siren of t.epci ?? []) {
      const e = geo.epci.get(siren);
      if (!SIREN.test(siren))
        fault('code-inconnu', `Territoire ${quote(label(i))} : « ${siren.slice(0, 20)} » n’est pas un SIREN d’EPCI (9 chiffres).`, {
          territories: [label(i)],
        });
      else if (!e)
        fault(
          'hors-region',
          `Territoire ${quote(label(i))} : l’EPCI ${siren} n’a aucune commune dans la région ${geo.region.name} (ou n’existe pas).`,
          { territories: [label(i)] },
        );
      else {
        for (const c of e.communes) add(c);
        if (e.outside.count && !outsideNoted.has(siren)) {
          outsideNoted.add(siren);
          notes.push(
            `L’EPCI ${epciLabel(epciNamed(siren))} compte aussi ${plural(e.outside.count, 'commune', 'communes')} hors de la région ` +
              `(département${e.outside.departements.length > 1 ? 's' : ''} ${e.outside.departements.join(', ')} ; ` +
              `${e.outside.population.toLocaleString('fr-FR')} habitants) : elles ne sont pas comptées.`,
          );
        }
      }
    }
    for (const code of t.communes ?? []) {
      if (!COMMUNE_CODE.test(code))
        fault('code-inconnu', `Territoire ${quote(label(i))} : « ${code.slice(0, 20)} » n’est pas un code de commune.`, {
          territories: [label(i)],
        });
      else if (!geo.communes.has(code))
        fault('hors-region', `Territoire ${quote(label(i))} : la commune ${code} n’est pas une commune de la région ${geo.region.name}.`, {
          territories: [label(i)],
        });
      else add(code);
    }
    if (!members[i].size)
      fault('territoire-vide', `Le territoire ${quote(label(i))} ne compte aucune commune de la région.`, { territories: [label(i)] });
  });

  // EPCI cut: their communes not all in the same territories.
  const keyOf = (code: string) => (placed.get(code) ?? []).join(',');
  for (const e of geo.epci.values()) {
    const groups = new Map<string, string[]>();
    for (const c of e.communes) {
      const k = keyOf(c);
      const g = groups.get(k);
      if (g) g.push(c);
      else groups.set(k, [c]);
    }
    if (groups.size < 2) continue;
    const ordered = [...groups].sort((a, b) => b[1].length - a[1].length);
    const where = (k: string) =>
      k === ''
        ? 'dans aucun territoire'
        : `dans ${k
            .split(',')
            .map((i) => quote(label(Number(i))))
            .join(' et ')}`;
    const parts = ordered.map(([k, cs], n) => {
      const list = n === 0 ? '' : ` (${listOf(cs.map((c) => communeLabel(named(geo.communes.get(c)!))))})`;
      return `${plural(cs.length, 'commune', 'communes')} ${where(k)}${list}`;
    });
    const territories = [...new Set(ordered.flatMap(([k]) => (k ? k.split(',').map((i) => label(Number(i))) : [])))];
    fault('epci-coupe', `L’EPCI ${epciLabel({ code: e.siren, name: e.name })} est coupé : ${parts.join(', ')}.`, {
      territories,
      epci: [{ code: e.siren, name: e.name }],
      communes: ordered.slice(1).flatMap(([, cs]) => cs.map((c) => named(geo.communes.get(c)!))),
    });
  }

  // Communes left out: a whole EPCI, or a commune without EPCI (a part of an EPCI is a cut, above).
  for (const e of geo.epci.values()) {
    if (e.communes.some((c) => placed.has(c))) continue;
    const cs = e.communes.map((c) => named(geo.communes.get(c)!));
    fault(
      'commune-oubliee',
      `L’EPCI ${epciLabel({ code: e.siren, name: e.name })} n’est dans aucun territoire : ses ${plural(cs.length, 'commune', 'communes')} sont oubliées (${listOf(cs.map(communeLabel))}).`,
      { epci: [{ code: e.siren, name: e.name }], communes: cs },
    );
  }
  const lone = [...geo.communes.values()].filter((c) => !c.epci && !placed.has(c.code));
  if (lone.length) {
    fault(
      'commune-oubliee',
      `${lone.length > 1 ? 'Les communes' : 'La commune'} ${listOf(lone.map((c) => communeLabel(named(c))))}, sans EPCI, ${lone.length > 1 ? 'ne sont' : 'n’est'} dans aucun territoire : ajoutez ${lone.length > 1 ? 'leur' : 'son'} code à un territoire.`,
      { communes: lone.map(named) },
    );
  }

  // Communes in two territories or more: a whole EPCI at once when it is, else the communes.
  const doubles = new Map<string, string[]>();
  for (const [code, at] of placed) {
    if (at.length < 2) continue;
    const c = geo.communes.get(code)!;
    const k = `${c.epci ?? ''}|${at.join(',')}`;
    const g = doubles.get(k);
    if (g) g.push(code);
    else doubles.set(k, [code]);
  }
  for (const [k, codes] of doubles) {
    const [siren, at] = k.split('|');
    const territories = at.split(',').map((i) => label(Number(i)));
    const e = siren ? geo.epci.get(siren) : undefined;
    const where = territories.map(quote).join(' et ');
    if (e && e.communes.length === codes.length) {
      fault('commune-en-double', `L’EPCI ${epciLabel({ code: e.siren, name: e.name })} est dans plusieurs territoires : ${where}.`, {
        territories,
        epci: [{ code: e.siren, name: e.name }],
        communes: codes.map((c) => named(geo.communes.get(c)!)),
      });
    } else {
      const cs = codes.map((c) => named(geo.communes.get(c)!));
      fault(
        'commune-en-double',
        `${cs.length > 1 ? 'Les communes' : 'La commune'} ${listOf(cs.map(communeLabel))} ${cs.length > 1 ? 'sont' : 'est'} dans plusieurs territoires : ${where}.`,
        { territories, communes: cs },
      );
    }
  }

  // Contiguity and figures of each territory.
  const territories: TerritoryReport[] = input.territories.map((_, i) => {
    const codes = [...members[i]];
    const communes = codes.map((c) => geo.communes.get(c)!);
    const mainland = codes.filter((c) => !geo.islands.has(c));
    const islands = communes.filter((c) => geo.islands.has(c.code)).map(named);
    const wholeEpci = new Set(
      [...new Set(communes.map((c) => c.epci).filter((e): e is string => !!e))].filter((s) =>
        geo.epci.get(s)!.communes.every((c) => members[i].has(c)),
      ),
    );
    let parts = mainland.length ? 1 : 0;
    if (geo.drawn && mainland.length) {
      const pieces = components(mainland, geo.neighbours).sort((a, b) => b.length - a.length);
      parts = pieces.length;
      if (pieces.length > 1) {
        const describe = (piece: string[]) => {
          const set = new Set(piece);
          const inPiece = [...wholeEpci].filter((s) => geo.epci.get(s)!.communes.every((c) => set.has(c)));
          const covered = new Set(inPiece.flatMap((s) => geo.epci.get(s)!.communes));
          const loose = piece.filter((c) => !covered.has(c)).map((c) => communeLabel(named(geo.communes.get(c)!)));
          const names = [...inPiece.map((s) => geo.epci.get(s)!.name), ...loose];
          return `${listOf(names, 6)} (${plural(piece.length, 'commune', 'communes')})`;
        };
        fault(
          'non-contigu',
          `Le territoire ${quote(label(i))} n’est pas d’un seul tenant : ${pieces.length} parties sans frontière commune — ` +
            `${pieces.map((p, n) => `${n + 1}) ${describe(p)}`).join(' ; ')}.`,
          {
            territories: [label(i)],
            epci: [...wholeEpci].map(epciNamed),
            communes: pieces.slice(1).flatMap((p) => p.map((c) => named(geo.communes.get(c)!))),
          },
        );
      }
    }
    if (islands.length) {
      notes.push(
        `Territoire ${quote(label(i))} : ${listOf(islands.map(communeLabel))}, ${islands.length > 1 ? 'îles sans frontière terrestre avec le continent, y sont rattachées' : 'île sans frontière terrestre avec le continent, y est rattachée'} sans contrôle de contiguïté.`,
      );
    }
    const covered = new Set([...wholeEpci].flatMap((s) => geo.epci.get(s)!.communes));
    return {
      name: label(i),
      population: communes.reduce((s, c) => s + c.population, 0),
      communes: communes.length,
      departements: [...new Set(communes.map((c) => c.departement))].sort(),
      epci: [...wholeEpci].map(epciNamed).sort((a, b) => a.name.localeCompare(b.name, 'fr')),
      looseCommunes: communes.filter((c) => !covered.has(c.code)).map(named),
      parts,
      islands,
    };
  });
  if (!geo.drawn)
    notes.push('Contiguïté non vérifiée : les tracés des communes ne sont pas importés (lot de données sans fichier communes-*.geojson).');

  const all = [...geo.communes.values()];
  const coveredCodes = all.filter((c) => placed.has(c.code));
  return {
    division: input.name,
    region: { code: geo.region.code, name: geo.region.name },
    valid: faults.length === 0,
    faults,
    notes,
    territories,
    totals: {
      communes: all.length,
      population: all.reduce((s, c) => s + c.population, 0),
      coveredCommunes: coveredCodes.length,
      coveredPopulation: coveredCodes.reduce((s, c) => s + c.population, 0),
      epci: geo.epci.size,
    },
    contiguityChecked: geo.drawn,
    indicators: draftIndicators(
      geo.figures,
      territories.map((t, i) => ({ name: t.name, communes: [...members[i]] })),
    ),
  };
}
