/**
 * The search as the API and the CLI take it: flat text parameters (comma-separated lists,
 * `near` as a commune code, a postcode or "lat,lon") → TrainingQuery. Faults are InputError
 * naming the parameter, with the same names over HTTP and in the CLI's messages.
 */
import { InputError } from '../../platform/errors.ts';
import type { TrainingQuery, TrainingSort } from '../search.ts';
import type { Modalite } from './labels.ts';

export interface TrainingParams {
  q?: string;
  near?: string;
  radiusKm?: number | string;
  rome?: string;
  certification?: string;
  niveau?: string | number;
  modalites?: string;
  cpf?: boolean | string;
  alternance?: boolean | string;
  financeurs?: string;
  departements?: string;
  startFrom?: string;
  startTo?: string;
  sort?: string;
  page?: number | string;
  pageSize?: number | string;
  seeAlso?: boolean | string;
}

const POINT = /^\s*([+-]?\d{1,3}(?:\.\d+)?)\s*,\s*([+-]?\d{1,3}(?:\.\d+)?)\s*$/;

function list(value: string | number | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = String(value)
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return items.length ? items : undefined;
}

function number(field: string, value: number | string | undefined, integer: boolean): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = typeof value === 'number' ? value : Number(String(value).trim().replace(',', '.'));
  if (!Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new InputError(field, `${field} invalide : ${integer ? 'un nombre entier' : 'un nombre'} est attendu`);
  }
  return n;
}

function boolean(field: string, value: boolean | string | undefined): boolean | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value === 'boolean') return value;
  const v = value.trim().toLowerCase();
  if (['true', 'oui', '1'].includes(v)) return true;
  if (['false', 'non', '0'].includes(v)) return false;
  throw new InputError(field, `${field} invalide : true ou false est attendu`);
}

export function parseTrainingParams(p: TrainingParams): TrainingQuery {
  const q: TrainingQuery = {};
  if (p.q !== undefined) q.text = p.q;
  if (p.near !== undefined && p.near.trim()) {
    const m = POINT.exec(p.near);
    q.near = m ? { lat: Number(m[1]), lon: Number(m[2]) } : { commune: p.near.trim() };
  }
  const radius = number('radiusKm', p.radiusKm, false);
  if (radius !== undefined) q.radiusKm = radius;
  if (p.rome !== undefined && p.rome.trim()) q.rome = p.rome;
  if (p.certification !== undefined && p.certification.trim()) q.certification = p.certification;
  const niveaux = list(p.niveau);
  if (niveaux) {
    q.niveau = niveaux.map((n) => {
      if (!/^[1-8]$/.test(n)) throw new InputError('niveau', `niveau invalide : « ${n.slice(0, 20)} » (de 1 à 8)`);
      return Number(n);
    });
  }
  const modalites = list(p.modalites);
  if (modalites)
    q.modalites = modalites.map(
      (m) =>
        m
          .toLowerCase()
          .normalize('NFD')
          .replace(/[\u0300-\u036f]/g, '') as Modalite,
    );
  const cpf = boolean('cpf', p.cpf);
  if (cpf !== undefined) q.cpf = cpf;
  const alternance = boolean('alternance', p.alternance);
  if (alternance !== undefined) q.alternance = alternance;
  const financeurs = list(p.financeurs);
  if (financeurs) q.financeurs = financeurs;
  const departements = list(p.departements);
  if (departements) q.departements = departements;
  if (p.startFrom) q.startFrom = p.startFrom.trim();
  if (p.startTo) q.startTo = p.startTo.trim();
  if (p.sort) q.sort = p.sort.trim() as TrainingSort;
  const page = number('page', p.page, true);
  if (page !== undefined) q.page = page;
  const pageSize = number('pageSize', p.pageSize, true);
  if (pageSize !== undefined) q.pageSize = pageSize;
  const seeAlso = boolean('seeAlso', p.seeAlso);
  if (seeAlso !== undefined) q.seeAlso = seeAlso;
  return q;
}
