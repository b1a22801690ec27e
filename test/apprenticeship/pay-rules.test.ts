import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { addDays, addYears, simulatePay, round2, type PayInput, type PaySimulation } from '../../src/apprenticeship/pay.ts';
import { MONTHLY_HOURS, SMIC_METROPOLE, SMIC_MAYOTTE } from '../../src/apprenticeship/rules/smic.ts';
import { AID_PERIODS } from '../../src/apprenticeship/rules/aids.ts';
import { InputError } from '../../src/platform/errors.ts';
import { openTestDatabase } from '../helpers/db.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';

/**
 * The pay and aid rules on dated cases, each expected figure computed by hand in its comment.
 * SMIC monthly: 1 801.80 € (from 2024-11-01), 1 823.03 € (2026-01-01), 1 867.02 € (2026-06-01, and
 * the projection after 2026-12-31). Net: 21.01 % on the part of the gross above 50 % of the SMIC
 * (contracts concluded from 2025-03-01) or 79 % (before); contrat pro: 20.84025 % of the gross.
 * Aid: one twelfth a month in the first contract year.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');

interface Case {
  name: string;
  input: PayInput;
  month: string;
  pay?: Partial<{
    age: number;
    contractYear: number;
    rate: number;
    reference: 'SMIC' | 'SMC';
    gross: number;
    net: number;
    projection: boolean;
  }>;
  employer?: Partial<{ aid: number; cost: number; participation: number; netCost: number; projection: boolean }>;
  /** The first-year aid (null: not computed). */
  aid?: number | null;
}

const ACCEPT: PayInput = { birth: '2005-10-10', start: '2026-09-01', years: 2 };

const CASES: Case[] = [
  // --- Apprentissage grid: each bracket and contract year ---
  {
    name: 'moins de 18 ans, 1re année',
    // 16 ans le 2026-08-31 ; 27 % × 1 867.02 = 504.0954 → 504.10 ; sous 50 % du SMIC : net = brut
    input: { birth: '2010-06-15', start: '2026-09-01', years: 3 },
    month: '2026-09',
    pay: { age: 16, contractYear: 1, rate: 27, reference: 'SMIC', gross: 504.1, net: 504.1, projection: false },
  },
  {
    name: 'moins de 18 ans, 2e année',
    // 17 ans le 2027-08-31 ; 39 % × 1 867.02 = 728.1378 → 728.14 ; SMIC 2027 non publié : projection
    input: { birth: '2010-06-15', start: '2026-09-01', years: 3 },
    month: '2027-09',
    pay: { age: 17, contractYear: 2, rate: 39, gross: 728.14, net: 728.14, projection: true },
  },
  {
    name: 'moins de 18 ans, 3e année (début à 15 ans)',
    // 17 ans le 2028-08-31 ; 55 % × 1 867.02 = 1 026.861 → 1 026.86 ;
    // net : (1 026.86 − 933.51) × 21.01 % = 93.35 × 0.2101 = 19.612835 → 19.61 ; 1 026.86 − 19.61 = 1 007.25
    input: { birth: '2011-06-15', start: '2026-09-01', years: 3 },
    month: '2028-09',
    pay: { age: 17, contractYear: 3, rate: 55, gross: 1026.86, net: 1007.25, projection: true },
  },
  {
    name: '18 à 20 ans, 1re année (cas d’acceptation, septembre 2026)',
    // 20 ans le 2026-08-31 ; 43 % × 1 867.02 = 802.8186 → 802.82
    input: ACCEPT,
    month: '2026-09',
    pay: { age: 20, contractYear: 1, rate: 43, reference: 'SMIC', gross: 802.82, net: 802.82, projection: false },
  },
  {
    name: '18 à 20 ans, 2e année',
    // 19 ans le 2026-08-31 ; 51 % × 1 867.02 = 952.1802 → 952.18 ; net : (952.18 − 933.51) × 0.2101 = 18.67 × 0.2101 = 3.922567 → 3.92 ; 948.26
    input: { birth: '2007-01-10', start: '2025-09-01', years: 2 },
    month: '2026-09',
    pay: { age: 19, contractYear: 2, rate: 51, gross: 952.18, net: 948.26 },
  },
  {
    name: '18 à 20 ans, 3e année',
    // 18 ans le 2028-08-31 (né le 2010-06-15) ; 67 % × 1 867.02 = 1 250.9034 → 1 250.90
    input: { birth: '2010-06-15', start: '2026-09-01', years: 3 },
    month: '2028-09',
    pay: { age: 18, contractYear: 3, rate: 67, gross: 1250.9 },
  },
  {
    name: '21 à 25 ans, 1re année (le mois qui suit les 21 ans)',
    // 21 ans le 2026-10-31 ; 53 % × 1 867.02 = 989.5206 → 989.52 ; net : (989.52 − 933.51) × 0.2101 = 56.01 × 0.2101 = 11.767701 → 11.77 ; 977.75
    input: ACCEPT,
    month: '2026-11',
    pay: { age: 21, contractYear: 1, rate: 53, gross: 989.52, net: 977.75, projection: false },
  },
  {
    name: '21 à 25 ans, 2e année',
    // 61 % × 1 867.02 = 1 138.8822 → 1 138.88 ; projection (SMIC 2027 non publié)
    input: ACCEPT,
    month: '2027-09',
    pay: { age: 21, contractYear: 2, rate: 61, gross: 1138.88, projection: true },
  },
  {
    name: '21 à 25 ans, 3e année, contrat conclu avant mars 2025 (seuil 79 %)',
    // 23 ans le 2026-10-31 ; 78 % × 1 867.02 = 1 456.2756 → 1 456.28 ; seuil 79 % × 1 867.02 = 1 474.95 > brut : net = brut
    input: { birth: '2003-05-05', start: '2024-11-01', years: 3 },
    month: '2026-11',
    pay: { age: 23, contractYear: 3, rate: 78, gross: 1456.28, net: 1456.28 },
  },
  {
    name: '26 ans et plus',
    // 28 ans le 2026-01-31 ; 100 % × 1 823.03 = 1 823.03 ; net : (1 823.03 − 911.515) × 0.2101 = 191.5093 → 191.51 ; 1 631.52
    input: { birth: '1998-01-20', start: '2026-02-01', years: 1 },
    month: '2026-02',
    pay: { age: 28, rate: 100, gross: 1823.03, net: 1631.52 },
  },
  {
    name: '4e année (RQTH) : taux de 3e année',
    // 20 ans le 2028-08-31 ; 4e année, 18-20 ans : 67 % × 1 867.02 = 1 250.90
    input: { birth: '2008-02-10', start: '2025-09-01', years: 4, rqth: true },
    month: '2028-09',
    pay: { age: 20, contractYear: 4, rate: 67, gross: 1250.9, projection: true },
  },
  // --- Birthdays: the bracket changes on the 1st of the month after ---
  {
    name: 'mois de l’anniversaire (21 ans le 10 octobre) : encore 43 %',
    // 20 ans le 2026-09-30 ; 43 % × 1 867.02 = 802.82
    input: ACCEPT,
    month: '2026-10',
    pay: { age: 20, rate: 43, gross: 802.82 },
  },
  {
    name: 'anniversaire le 1er du mois : changement le mois suivant',
    // né le 2008-11-01 : 17 ans le 2026-10-31 ; 27 % × 1 867.02 = 504.10
    input: { birth: '2008-11-01', start: '2026-09-01', years: 2 },
    month: '2026-11',
    pay: { age: 17, rate: 27, gross: 504.1 },
  },
  {
    name: 'le mois qui suit un anniversaire du 1er',
    // 18 ans le 2026-11-30 ; 43 % × 1 867.02 = 802.82
    input: { birth: '2008-11-01', start: '2026-09-01', years: 2 },
    month: '2026-12',
    pay: { age: 18, rate: 43, gross: 802.82 },
  },
  {
    name: 'anniversaire le dernier jour du mois : changement dès le lendemain',
    // né le 2008-10-31 : 18 ans le 2026-10-31 ; novembre : 43 % × 1 867.02 = 802.82
    input: { birth: '2008-10-31', start: '2026-09-01', years: 2 },
    month: '2026-11',
    pay: { age: 18, rate: 43, gross: 802.82 },
  },
  {
    name: '26 ans pendant le contrat d’apprentissage : 100 %',
    // 26 ans le 2026-12-31 (né le 2000-12-15) ; janvier 2027 : 100 % × 1 867.02 = 1 867.02 (projection)
    input: { birth: '2000-12-15', start: '2026-09-01', years: 2 },
    month: '2027-01',
    pay: { age: 26, rate: 100, gross: 1867.02, projection: true },
  },
  // --- Contract year changing inside a month; partial first and last months (prorated to the day) ---
  {
    name: 'premier mois incomplet (début le 15)',
    // 16 jours sur 30 : 1 867.02 × 43 × 16 / 3 000 = 428.16992 → 428.17 ; seuil 933.51 × 16/30 = 497.87 > brut : net = brut
    input: { birth: '2007-01-10', start: '2026-09-15', years: 2 },
    month: '2026-09',
    pay: { age: 19, contractYear: 1, rate: 43, gross: 428.17, net: 428.17 },
  },
  {
    name: 'changement d’année de contrat le 15 : deux taux dans le mois',
    // 14 jours à 43 % et 16 à 51 % : 1 867.02 × (43 × 14 + 51 × 16) / 3 000 = 1 867.02 × 1 418 / 3 000 = 882.47812 → 882.48
    input: { birth: '2007-01-10', start: '2026-09-15', years: 2 },
    month: '2027-09',
    pay: { age: 20, contractYear: 2, rate: 51, gross: 882.48, net: 882.48, projection: true },
  },
  {
    name: 'dernier mois incomplet (fin le 14), 21 ans passés',
    // 21 ans le 2028-08-31 ; 14 jours à 61 % : 1 867.02 × 61 × 14 / 3 000 = 531.47836 → 531.48 ;
    // seuil 1 867.02 × 50 × 14 / 3 000 = 435.638 ; (531.48 − 435.638) × 0.2101 = 20.1364 → 20.14 ; net 511.34
    input: { birth: '2007-01-10', start: '2026-09-15', years: 2 },
    month: '2028-09',
    pay: { age: 21, contractYear: 2, rate: 61, gross: 531.48, net: 511.34 },
  },
  // --- SMIC changes ---
  {
    name: 'SMIC de novembre 2024 (décembre 2025)',
    // 19 ans ; 43 % × 1 801.80 = 774.774 → 774.77
    input: { birth: '2006-05-20', start: '2025-09-01', years: 2 },
    month: '2025-12',
    pay: { age: 19, rate: 43, gross: 774.77 },
  },
  {
    name: 'SMIC du 1er janvier 2026',
    // 43 % × 1 823.03 = 783.9029 → 783.90
    input: { birth: '2006-05-20', start: '2025-09-01', years: 2 },
    month: '2026-01',
    pay: { rate: 43, gross: 783.9 },
  },
  {
    name: 'SMIC du 1er juin 2026',
    // 20 ans le 2026-05-31 ; 43 % × 1 867.02 = 802.82
    input: { birth: '2006-05-20', start: '2025-09-01', years: 2 },
    month: '2026-06',
    pay: { age: 20, rate: 43, gross: 802.82, projection: false },
  },
  {
    name: 'décembre 2026 : dernier mois au SMIC publié',
    // 53 % × 1 867.02 = 989.52, non marqué
    input: ACCEPT,
    month: '2026-12',
    pay: { rate: 53, gross: 989.52, projection: false },
  },
  {
    name: 'janvier 2027 : SMIC non publié, projection',
    // 53 % × 1 867.02 (dernier connu) = 989.52, marqué projection
    input: ACCEPT,
    month: '2027-01',
    pay: { rate: 53, gross: 989.52, projection: true },
  },
  // --- SMC from 21 ---
  {
    name: 'SMC supérieur au SMIC, à 21 ans',
    // 53 % × 2 000 = 1 060.00 ; net : (1 060 − 933.51) × 0.2101 = 126.49 × 0.2101 = 26.575549 → 26.58 ; 1 033.42
    input: { ...ACCEPT, smc: 2000 },
    month: '2026-11',
    pay: { rate: 53, reference: 'SMC', gross: 1060, net: 1033.42 },
  },
  {
    name: 'SMC ignoré avant 21 ans',
    // 20 ans : 43 % × 1 867.02 = 802.82, référence SMIC
    input: { ...ACCEPT, smc: 2000 },
    month: '2026-10',
    pay: { rate: 43, reference: 'SMIC', gross: 802.82 },
  },
  {
    name: 'SMC inférieur au SMIC : le SMIC',
    // 1 800 < 1 867.02 : 53 % × 1 867.02 = 989.52
    input: { ...ACCEPT, smc: 1800 },
    month: '2026-11',
    pay: { rate: 53, reference: 'SMIC', gross: 989.52 },
  },
  {
    name: 'SMC à 26 ans et plus : 100 % du SMC',
    // 100 % × 2 100 = 2 100.00
    input: { birth: '1998-01-20', start: '2026-06-01', years: 1, smc: 2100 },
    month: '2026-06',
    pay: { rate: 100, reference: 'SMC', gross: 2100 },
  },
  // --- Successive contracts, +15 points ---
  {
    name: 'contrat successif : au moins le taux de la dernière année du précédent',
    // max(43, 61) = 61 ; 61 % × 1 867.02 = 1 138.88
    input: { ...ACCEPT, previousRate: 61 },
    month: '2026-09',
    pay: { rate: 61, gross: 1138.88 },
  },
  {
    name: 'contrat successif : le barème s’il est plus élevé',
    // max(43, 40) = 43 ; 802.82
    input: { ...ACCEPT, previousRate: 40 },
    month: '2026-09',
    pay: { rate: 43, gross: 802.82 },
  },
  {
    name: 'majoration de 15 points (contrat d’un an, diplôme de même niveau en lien)',
    // 43 + 15 = 58 % ; 58 % × 1 867.02 = 1 082.8716 → 1 082.87
    input: { birth: '2007-01-10', start: '2026-09-01', years: 1, relatedDiploma: true },
    month: '2026-09',
    pay: { rate: 58, gross: 1082.87 },
  },
  // --- Contrat de professionnalisation ---
  {
    name: 'pro, moins de 21 ans, qualification inférieure au bac pro (défaut)',
    // 55 % × 1 867.02 = 1 026.861 → 1 026.86 ; cotisations 1 026.86 × 20.84025 % = 214.000191 → 214.00 ; net 812.86
    input: { birth: '2007-01-10', start: '2026-09-01', years: 1, contract: 'professionnalisation' },
    month: '2026-09',
    pay: { rate: 55, reference: 'SMIC', gross: 1026.86, net: 812.86 },
  },
  {
    name: 'pro, moins de 21 ans, bac pro',
    // 65 % × 1 867.02 = 1 213.563 → 1 213.56
    input: { birth: '2007-01-10', start: '2026-09-01', years: 1, contract: 'professionnalisation', qualification: 'bac-pro-ou-plus' },
    month: '2026-09',
    pay: { rate: 65, gross: 1213.56 },
  },
  {
    name: 'pro, 21 à 25 ans, sans bac pro',
    // 22 ans ; 70 % × 1 867.02 = 1 306.914 → 1 306.91
    input: { birth: '2004-03-03', start: '2026-09-01', years: 1, contract: 'professionnalisation', qualification: 'infra-bac-pro' },
    month: '2026-09',
    pay: { age: 22, rate: 70, gross: 1306.91 },
  },
  {
    name: 'pro, 21 à 25 ans, bac pro',
    // 80 % × 1 867.02 = 1 493.616 → 1 493.62
    input: { birth: '2004-03-03', start: '2026-09-01', years: 1, contract: 'professionnalisation', qualification: 'bac-pro-ou-plus' },
    month: '2026-09',
    pay: { rate: 80, gross: 1493.62 },
  },
  {
    name: 'pro : 21 ans pendant le contrat, le mois suivant',
    // 21 ans le 2026-10-31 ; novembre : 70 % × 1 867.02 = 1 306.91
    input: { ...ACCEPT, contract: 'professionnalisation' },
    month: '2026-11',
    pay: { age: 21, rate: 70, gross: 1306.91 },
  },
  {
    name: 'pro : 26 ans pendant le contrat ne change rien',
    // 26 ans le 2026-12-31, 25 au début ; janvier 2027 : toujours 70 % × 1 867.02 = 1 306.91
    input: { birth: '2000-12-15', start: '2026-09-01', years: 2, contract: 'professionnalisation' },
    month: '2027-01',
    pay: { age: 26, rate: 70, reference: 'SMIC', gross: 1306.91, projection: true },
  },
  {
    name: 'pro, 26 ans et plus : 85 % du SMC s’il dépasse le SMIC',
    // 85 % × 2 300 = 1 955.00 > 1 867.02
    input: { birth: '1990-04-04', start: '2026-09-01', years: 1, contract: 'professionnalisation', smc: 2300 },
    month: '2026-09',
    pay: { rate: 85, reference: 'SMC', gross: 1955 },
  },
  {
    name: 'pro, 26 ans et plus : le SMIC sinon',
    // 85 % × 2 000 = 1 700 < 1 867.02 : 100 % du SMIC = 1 867.02
    input: { birth: '1990-04-04', start: '2026-09-01', years: 1, contract: 'professionnalisation', smc: 2000 },
    month: '2026-09',
    pay: { rate: 100, reference: 'SMIC', gross: 1867.02 },
  },
  // --- Contributions: 79 % before 2025-03-01, 50 % from it (date of conclusion) ---
  {
    name: 'conclu le 2025-02-28 : exonération jusqu’à 79 % du SMIC',
    // 21 ans ; 53 % × 1 801.80 = 954.954 → 954.95 ; seuil 79 % × 1 801.80 = 1 423.42 > brut : net = brut
    input: { birth: '2003-05-05', start: '2025-03-01', concluded: '2025-02-28', years: 1 },
    month: '2025-03',
    pay: { rate: 53, gross: 954.95, net: 954.95 },
  },
  {
    name: 'conclu le 2025-03-01 : exonération jusqu’à 50 % du SMIC',
    // 954.95 ; (954.95 − 900.90) × 0.2101 = 54.05 × 0.2101 = 11.355905 → 11.36 ; net 943.59
    input: { birth: '2003-05-05', start: '2025-03-01', years: 1 },
    month: '2025-03',
    pay: { rate: 53, gross: 954.95, net: 943.59 },
  },
  {
    name: 'seuil de 79 % dépassé (26 ans, conclu en janvier 2025)',
    // 100 % × 1 801.80 ; (1 801.80 − 1 423.422) × 0.2101 = 378.378 × 0.2101 = 79.4972 → 79.50 ; net 1 722.30
    input: { birth: '1995-06-06', start: '2025-02-01', concluded: '2025-01-15', years: 1 },
    month: '2025-02',
    pay: { rate: 100, gross: 1801.8, net: 1722.3 },
  },
  // --- Employer aids: each period ---
  {
    name: 'aide du 1er janvier au 23 février 2025 : 6 000 € (niveau 4, moins de 250)',
    // 6 000 / 12 = 500.00 par mois
    input: { birth: '2006-01-01', start: '2025-02-01', years: 2, employerSize: 10, diplomaLevel: 4 },
    month: '2025-02',
    aid: 6000,
    employer: { aid: 500 },
  },
  {
    name: 'janvier-février 2025 : rien pour le niveau 5',
    input: { birth: '2006-01-01', start: '2025-02-01', years: 2, employerSize: 10, diplomaLevel: 5 },
    month: '2025-02',
    aid: 0,
    employer: { aid: 0 },
  },
  {
    name: 'aide du 24 février au 31 décembre 2025 : 5 000 € (moins de 250, niveau 6)',
    // 5 000 / 12 = 416.666… → 416.67
    input: { birth: '2005-01-01', start: '2025-06-01', years: 2, employerSize: 10, diplomaLevel: 6 },
    month: '2025-06',
    aid: 5000,
    employer: { aid: 416.67 },
  },
  {
    name: '2025 : le dernier mois de la 1re année reçoit le solde',
    // 5 000 − 11 × 416.67 = 5 000 − 4 583.37 = 416.63
    input: { birth: '2005-01-01', start: '2025-06-01', years: 2, employerSize: 10, diplomaLevel: 6 },
    month: '2026-05',
    aid: 5000,
    employer: { aid: 416.63 },
  },
  {
    name: '2025 : aucune aide en 2e année',
    input: { birth: '2005-01-01', start: '2025-06-01', years: 2, employerSize: 10, diplomaLevel: 6 },
    month: '2026-06',
    employer: { aid: 0 },
  },
  {
    name: '2025, 250 salariés ou plus : 2 000 €',
    // 2 000 / 12 = 166.666… → 166.67
    input: { birth: '2005-01-01', start: '2025-06-01', years: 2, employerSize: 300, diplomaLevel: 5 },
    month: '2025-06',
    aid: 2000,
    employer: { aid: 166.67 },
  },
  {
    name: '2025, apprenti RQTH, 250 salariés ou plus : 6 000 €',
    input: { birth: '2005-01-01', start: '2025-06-01', years: 2, employerSize: 300, diplomaLevel: 6, rqth: true },
    month: '2025-06',
    aid: 6000,
    employer: { aid: 500 },
  },
  {
    name: 'aide du 1er janvier au 7 mars 2026 : 5 000 € pour le niveau 4',
    input: { birth: '2006-01-01', start: '2026-02-01', years: 2, employerSize: 10, diplomaLevel: 4 },
    month: '2026-02',
    aid: 5000,
    employer: { aid: 416.67 },
  },
  {
    name: 'janvier-mars 2026 : rien pour le niveau 5',
    input: { birth: '2006-01-01', start: '2026-02-01', years: 2, employerSize: 10, diplomaLevel: 5 },
    month: '2026-02',
    aid: 0,
  },
  {
    name: 'janvier-mars 2026 : RQTH, niveau 4, moins de 250 : 6 000 €',
    input: { birth: '2006-01-01', start: '2026-02-01', years: 2, employerSize: 10, diplomaLevel: 4, rqth: true },
    month: '2026-02',
    aid: 6000,
  },
  {
    name: 'depuis le 8 mars 2026 : niveau 5, moins de 250 : 4 500 €',
    // 4 500 / 12 = 375.00
    input: { ...ACCEPT, employerSize: 10, diplomaLevel: 5 },
    month: '2026-09',
    aid: 4500,
    employer: { aid: 375 },
  },
  {
    name: 'depuis le 8 mars 2026 : niveau 4, moins de 250 : 5 000 €',
    input: { ...ACCEPT, employerSize: 249, diplomaLevel: 4 },
    month: '2026-09',
    aid: 5000,
  },
  {
    name: 'depuis le 8 mars 2026 : niveau 7, 250 ou plus : 750 €',
    // 750 / 12 = 62.50
    input: { ...ACCEPT, employerSize: 250, diplomaLevel: 7 },
    month: '2026-09',
    aid: 750,
    employer: { aid: 62.5 },
  },
  {
    name: 'depuis le 8 mars 2026 : doctorat exclu',
    input: { ...ACCEPT, employerSize: 10, diplomaLevel: 8 },
    month: '2026-09',
    aid: 0,
  },
  {
    name: 'depuis le 8 mars 2026 : RQTH, 250 ou plus, niveau 6 : 6 000 €',
    input: { ...ACCEPT, employerSize: 1000, diplomaLevel: 6, rqth: true },
    month: '2026-09',
    aid: 6000,
  },
  {
    name: 'aide au prorata du jour pour un premier mois incomplet',
    // 16 jours sur 30 : 5 000 / 12 × 16 / 30 = 222.2222 → 222.22
    input: { birth: '2007-01-10', start: '2026-09-15', years: 2, employerSize: 10, diplomaLevel: 4 },
    month: '2026-09',
    aid: 5000,
    employer: { aid: 222.22 },
  },
  {
    name: 'solde de l’aide dans le mois de fin de la 1re année',
    // 5 000 − (222.22 + 11 × 416.67) = 5 000 − 4 805.59 = 194.41
    input: { birth: '2007-01-10', start: '2026-09-15', years: 2, employerSize: 10, diplomaLevel: 4 },
    month: '2027-09',
    employer: { aid: 194.41 },
  },
  {
    name: 'contrat conclu en 2027 : aide non publiée, montants 2026 en projection',
    // 17 jours sur 31 : 5 000 / 12 × 17 / 31 = 228.4946 → 228.49
    input: { birth: '2007-01-10', start: '2027-01-15', years: 1, employerSize: 10, diplomaLevel: 4 },
    month: '2027-01',
    aid: 5000,
    employer: { aid: 228.49, projection: true },
  },
  {
    name: 'contrat conclu avant 2025 : aides non enregistrées',
    input: { birth: '2006-01-01', start: '2024-12-01', years: 2, employerSize: 10, diplomaLevel: 4 },
    month: '2024-12',
    aid: null,
    employer: { aid: 0 },
  },
  {
    name: 'participation de 750 € (niveau 6, conclu depuis juillet 2025), 45 jours après le début',
    // 2026-09-01 + 45 jours = 2026-10-16 ; octobre : 802.82 + 750 = 1 552.82 ; aide 2 000 / 12 = 166.67 ; 1 552.82 − 166.67 = 1 386.15
    input: { ...ACCEPT, employerSize: 10, diplomaLevel: 6 },
    month: '2026-10',
    employer: { participation: 750, cost: 1552.82, aid: 166.67, netCost: 1386.15 },
  },
  {
    name: 'pas de participation pour un contrat conclu avant juillet 2025',
    input: { birth: '2005-01-01', start: '2025-06-01', years: 2, employerSize: 10, diplomaLevel: 6 },
    month: '2025-07',
    employer: { participation: 0 },
  },
  {
    name: 'contrat de professionnalisation : pas d’aide calculée',
    input: { birth: '2007-01-10', start: '2026-09-01', years: 1, contract: 'professionnalisation', employerSize: 10, diplomaLevel: 4 },
    month: '2026-09',
    aid: null,
    employer: { aid: 0 },
  },
];

test(`${CASES.length} dated cases of the pay and aid rules, computed by hand`, () => {
  assert.ok(CASES.length >= 30);
  for (const c of CASES) {
    const r = simulatePay(c.input);
    const i = r.months.findIndex((m) => m.month === c.month);
    assert.ok(i >= 0, `${c.name} : mois ${c.month} absent`);
    const got = r.months[i];
    for (const [k, v] of Object.entries(c.pay ?? {})) assert.equal(got[k as keyof typeof got], v, `${c.name} : ${k}`);
    const e = r.employer.months[i];
    for (const [k, v] of Object.entries(c.employer ?? {})) assert.equal(e[k as keyof typeof e], v, `${c.name} : employeur ${k}`);
    if (c.aid !== undefined) assert.equal(r.employer.aid?.amount ?? null, c.aid, `${c.name} : aide`);
    assert.ok(got.rule.label && got.rule.source.label && got.rule.source.url, `${c.name} : règle sans source`);
  }
});

test('the first-year aid sums to its amount; none in the second year', () => {
  for (const start of ['2026-09-01', '2026-09-15', '2027-02-15']) {
    const r = simulatePay({ birth: '2007-01-10', start, years: 2, employerSize: 10, diplomaLevel: 4 });
    assert.equal(r.employer.totalAid, 5000, start);
    const lastMonthOfYearOne = addDays(addYears(start, 1), -1).slice(0, 7);
    assert.ok(
      r.employer.months.filter((m) => m.month > lastMonthOfYearOne).every((m) => m.aid === 0),
      start,
    );
    assert.ok(
      r.employer.months.filter((m) => m.month <= lastMonthOfYearOne).every((m) => m.aid > 0),
      start,
    );
  }
});

test('a month, its notes and the flags say what they are', () => {
  const r = simulatePay({ birth: '2007-01-10', start: '2026-09-15', years: 2 });
  assert.equal(r.months.length, 25); // 2026-09 … 2028-09
  assert.equal(r.input.end, '2028-09-14');
  assert.match(r.months[0].notes.join(' '), /Mois incomplet : 16 jour\(s\) de contrat sur 30/);
  const split = r.months.find((m) => m.month === '2027-09')!;
  assert.match(split.notes.join(' '), /2e année du contrat.*14 jour\(s\) payés à 43 %/);
  assert.match(split.notes.join(' '), /SMIC de ce mois non publié/);
  assert.ok(r.notes.some((n) => /prorata des jours calendaires/.test(n)));
  assert.ok(r.notes.some((n) => /pas encore publié.*projection/.test(n)));
  assert.ok(r.notes.some((n) => /Aide à l’embauche non calculée/.test(n)));
  assert.equal(r.totals.gross, round2(r.months.reduce((s, m) => s + m.gross, 0)));
  // Each rule used is listed with its sources and certainty; uncertain ones say what is unverified.
  for (const rule of r.rules) {
    assert.ok(rule.sources.length > 0, rule.id);
    if (rule.certainty === 'incertain') assert.ok(rule.uncertain.length > 0, rule.id);
  }
  assert.ok(r.rules.some((x) => x.id === 'smic-2026-06-01'));
});

test('the data: SMIC monthly = hourly × 35 × 52 / 12, series in order, aid periods contiguous', () => {
  for (const row of [...SMIC_METROPOLE, ...SMIC_MAYOTTE]) assert.equal(round2(row.hourly * MONTHLY_HOURS), row.monthly, row.from);
  for (let i = 1; i < SMIC_METROPOLE.length; i++) assert.ok(SMIC_METROPOLE[i - 1].from < SMIC_METROPOLE[i].from);
  for (let i = 1; i < AID_PERIODS.length; i++) assert.equal(addDays(AID_PERIODS[i - 1].to, 1), AID_PERIODS[i].from, AID_PERIODS[i].id);
});

test('bad input is refused with the field and a French message', () => {
  const bad: [PayInput, string, RegExp][] = [
    [{ ...ACCEPT, birth: '2005-02-30' }, 'birth', /date de naissance invalide/],
    [{ ...ACCEPT, start: 'demain' }, 'start', /date de début du contrat invalide/],
    [{ ...ACCEPT, start: '2024-10-01' }, 'start', /SMIC n’est enregistré qu’à partir du 1er novembre 2024/],
    [{ ...ACCEPT, years: 5 }, 'years', /durée invalide/],
    [{ ...ACCEPT, years: 1.5 }, 'years', /durée invalide/],
    [{ ...ACCEPT, birth: '2012-01-01' }, 'birth', /au moins 15 ans/],
    [{ ...ACCEPT, contract: 'cdi' }, 'contract', /apprentissage ou professionnalisation/],
    [{ ...ACCEPT, qualification: 'bac' }, 'qualification', /infra-bac-pro ou bac-pro-ou-plus/],
    [{ ...ACCEPT, diplomaLevel: 9 }, 'diplomaLevel', /niveau invalide/],
    [{ ...ACCEPT, relatedDiploma: true }, 'relatedDiploma', /un an au plus/],
    [{ ...ACCEPT, smc: -5 }, 'smc', /salaire minimum conventionnel invalide/],
  ];
  for (const [input, field, message] of bad) {
    assert.throws(
      () => simulatePay(input),
      (e: unknown) => e instanceof InputError && e.field === field && message.test(e.message),
      `${field} : ${JSON.stringify(input)}`,
    );
  }
});

test('acceptance: the CLI gives 43 % in September and October 2026, 53 % from November 2026, 61 % from September 2027', () => {
  const r = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'bin/passerelles.js'),
      'apprenticeship',
      'pay',
      '--birth',
      '2005-10-10',
      '--start',
      '2026-09-01',
      '--years',
      '2',
      '--json',
    ],
    // No database: the command must not open one (DATABASE_URL empty, PASSERELLES_DB absent).
    { env: { ...process.env, DATABASE_URL: '', PASSERELLES_DB: '/nonexistent/passerelles-db' }, encoding: 'utf8', cwd: ROOT },
  );
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as PaySimulation;
  const rates = Object.fromEntries(out.months.map((m) => [m.month, m.rate]));
  assert.equal(out.months.length, 24);
  assert.equal(rates['2026-09'], 43);
  assert.equal(rates['2026-10'], 43);
  for (const m of out.months.filter((x) => x.month >= '2026-11' && x.month <= '2027-08')) assert.equal(m.rate, 53, m.month);
  for (const m of out.months.filter((x) => x.month >= '2027-09')) assert.equal(m.rate, 61, m.month);
  // 43 % of the SMIC in force in September 2026 (1 867.02 € since 2026-06-01): 802.82.
  assert.equal(out.months[0].smic, 1867.02);
  assert.equal(out.months[0].gross, 802.82);
  assert.ok(out.months.every((m) => m.reference === 'SMIC'));
  assert.ok(out.months.filter((m) => m.month >= '2027-01').every((m) => m.projection));

  const text = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bin/passerelles.js'), 'apprenticeship', 'pay', '--birth', '2005-10-10', '--start', '2026-09-01', '--years', '2'],
    { env: { ...process.env, DATABASE_URL: '' }, encoding: 'utf8', cwd: ROOT },
  );
  assert.equal(text.status, 0, text.stderr);
  assert.match(text.stdout, /2026-11 +21 +1 +53 % SMIC +989,52 €/);
  const bad = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'bin/passerelles.js'),
      'apprenticeship',
      'pay',
      '--birth',
      '2005-10-10',
      '--start',
      '2026-09-01',
      '--years',
      '2',
      '--level',
      '12',
    ],
    { env: { ...process.env, DATABASE_URL: '' }, encoding: 'utf8', cwd: ROOT },
  );
  assert.equal(bad.status, 1);
  assert.match(bad.stderr, /--level : niveau invalide/);
});

let server: { app: App; handle: DbHandle } | undefined;
after(async () => {
  await server?.app.close();
  await server?.handle.close();
});

test('GET /api/v1/apprenticeship/pay answers the same; a bad date is a 400 in French', async () => {
  const handle = await openTestDatabase();
  const { app } = await buildServer(handle, { logger: false });
  server = { app, handle };
  const ok = await app.inject(
    '/api/v1/apprenticeship/pay?birth=2005-10-10&start=2026-09-01&years=2&employerSize=10&diplomaLevel=4&rqth=false',
  );
  assert.equal(ok.statusCode, 200, ok.body);
  const body = ok.json() as PaySimulation;
  assert.deepEqual(
    body.months.slice(0, 3).map((m) => [m.month, m.rate, m.gross]),
    [
      ['2026-09', 43, 802.82],
      ['2026-10', 43, 802.82],
      ['2026-11', 53, 989.52],
    ],
  );
  assert.equal(body.months[12].rate, 61);
  assert.ok(body.months[0].rule.source.url.startsWith('http'));
  assert.equal(body.employer.totalAid, 5000);
  assert.ok(body.rules.length > 0 && body.notes.length > 0);

  const bad = await app.inject('/api/v1/apprenticeship/pay?birth=2005-13-40&start=2026-09-01&years=2');
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().field, 'birth');
  assert.match(bad.json().error, /date de naissance invalide : une date réelle au format AAAA-MM-JJ/);
  const years = await app.inject('/api/v1/apprenticeship/pay?birth=2005-10-10&start=2026-09-01&years=9');
  assert.equal(years.statusCode, 400);
  assert.equal(years.json().field, 'years');
  assert.match(years.json().error, /inférieur ou égal à 4/);
  const docs = await app.inject('/api/docs/json');
  assert.ok(docs.json().paths['/api/v1/apprenticeship/pay'], 'route absente de la documentation OpenAPI');
});
