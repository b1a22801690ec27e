/**
 * Which funding routes fit a person (status, age, région) for a step of a pathway: the rules of
 * funding-rules.ts applied, each answer with why it fits and the rule's legal sources.
 */
import {
  NATIONAL_RULES,
  regionalRules,
  REGIONAL_RULES,
  type FundingRule,
  type LegalSource,
  type Status,
  type StepKind,
} from './funding-rules.ts';

export interface FundingPerson {
  status: Status;
  age: number | null;
  /** INSEE code of the person's région. */
  region: string | null;
  /** Day of the simulation (YYYY-MM-DD): rules are filtered by their validity. */
  day: string;
}

/** What the offer tells about its funding, when the step is a training. */
export interface OfferFunding {
  eligibleCpf: boolean;
  /** LHEO dict-financeurs codes of its actions. */
  financeurs: string[];
}

export interface FundingRoute {
  id: string;
  name: string;
  financeur: string;
  /** 'oui': the person's status and age fit; 'sous-conditions': a condition could not be checked (age unknown…). */
  fit: 'oui' | 'sous-conditions';
  /** Why it is proposed, in French. */
  why: string[];
  conditions: string[];
  sources: LegalSource[];
  certainty: FundingRule['certainty'];
  uncertain: string[];
}

export interface FundingAnswer {
  routes: FundingRoute[];
  /** Routes left out for the person's age or status, in French (e.g. apprenticeship after 29). */
  excluded: string[];
}

const LHEO_FINANCEURS: Record<string, string> = {
  '2': 'Conseil régional',
  '4': 'France Travail',
  '5': 'entreprise',
  '16': 'OPCO',
  '17': 'Transitions Pro',
};

/** Every rule that applies on `day` to the person's région. */
export function rulesFor(region: string | null, day: string, regional = REGIONAL_RULES): FundingRule[] {
  return [...NATIONAL_RULES, ...regionalRules(region, regional)].filter(
    (r) => (!r.validFrom || r.validFrom <= day) && (!r.validTo || r.validTo >= day),
  );
}

/** The funding routes of one step for one person. */
export function fundingFor(person: FundingPerson, step: StepKind, offer?: OfferFunding, regional = REGIONAL_RULES): FundingAnswer {
  const routes: FundingRoute[] = [];
  const excluded: string[] = [];
  for (const rule of rulesFor(person.region, person.day, regional)) {
    if (!rule.steps.includes(step)) continue;
    if (!rule.statuses.includes(person.status)) continue;
    const why: string[] = [`ouvert au statut « ${statusWord(person.status)} »`];
    let fit: FundingRoute['fit'] = 'oui';
    if (rule.age) {
      const { min, max } = rule.age;
      if (person.age === null) {
        if (max !== undefined) {
          fit = 'sous-conditions';
          why.push(`si vous avez de ${min ?? 0} à ${max} ans au début du contrat (âge non indiqué)`);
        }
      } else if ((min !== undefined && person.age < min) || (max !== undefined && person.age > max)) {
        excluded.push(`${rule.name} : non proposé à ${person.age} ans (${rule.age.note ?? `de ${min ?? 0} à ${max ?? '…'} ans`})`);
        continue;
      } else {
        why.push(`âge : ${person.age} ans${max !== undefined ? ` (au plus ${max} ans révolus)` : ''}`);
      }
    }
    if (rule.id === 'professionnalisation' && person.status === 'jeune' && person.age !== null && person.age > 25) {
      excluded.push(`${rule.name} : après 25 ans, réservé aux demandeurs d’emploi et aux bénéficiaires de minima sociaux`);
      continue;
    }
    if (offer && rule.requiresCpfEligibility) {
      if (!offer.eligibleCpf) continue;
      why.push('offre marquée éligible au CPF');
    }
    if (offer && rule.lheoFinanceurs?.length) {
      const hit = rule.lheoFinanceurs.find((f) => offer.financeurs.includes(f));
      if (hit) why.push(`l’offre cite ce financeur (${LHEO_FINANCEURS[hit] ?? `code ${hit}`})`);
    }
    if (rule.region) why.push('programme de la région de la commune indiquée');
    routes.push({
      id: rule.id,
      name: rule.name,
      financeur: rule.financeur,
      fit,
      why,
      conditions: rule.conditions,
      sources: rule.sources,
      certainty: rule.certainty,
      uncertain: rule.uncertain ?? [],
    });
  }
  return { routes, excluded };
}

/** The status as the person reads it: « salarié », « demandeur d’emploi », « jeune ». */
export function statusWord(status: Status): string {
  return status === 'salarie' ? 'salarié' : status === 'demandeur' ? 'demandeur d’emploi' : 'jeune';
}
