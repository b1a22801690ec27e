/** The words of the counsellors' workspace (counselling's, shown by the portal too). */
export const AGE_BRACKETS = {
  'moins-de-18': 'moins de 18 ans',
  '18-25': '18 à 25 ans',
  '26-44': '26 à 44 ans',
  '45-plus': '45 ans et plus',
} as const;
export type AgeBracket = keyof typeof AGE_BRACKETS;

/** The person's situation, as the pathway simulator reads it (funding depends on it). */
export const BENEFICIARY_STATUSES = {
  jeune: 'jeune (moins de 26 ans, sans emploi)',
  demandeur: 'demandeur d’emploi',
  salarie: 'salarié',
} as const;
export type BeneficiaryStatus = keyof typeof BENEFICIARY_STATUSES;

export const STEP_KINDS = {
  immersion: 'immersion professionnelle',
  formation: 'formation',
  vae: 'VAE',
  bloc: 'bloc de compétences',
  recherche: 'recherche d’emploi',
  'rendez-vous': 'rendez-vous',
} as const;
export type StepKind = keyof typeof STEP_KINDS;

export const STEP_STATUSES = { 'a-faire': 'à faire', 'en-cours': 'en cours', fait: 'fait', abandonne: 'abandonné' } as const;
export type StepStatus = keyof typeof STEP_STATUSES;

export const REFERRAL_STATUSES = { soumis: 'soumis', valide: 'validé', refuse: 'refusé' } as const;
export type ReferralStatus = keyof typeof REFERRAL_STATUSES;

/** The consent a counsellor records, by version: the text the person agreed to. */
export const CONSENT = {
  version: '2026-12',
  text:
    'J’accepte que la structure qui m’accompagne enregistre mon prénom (ou un pseudonyme), ma commune, ma tranche d’âge, ' +
    'ma situation, mes compétences et mon plan d’action, pour m’accompagner dans mon projet professionnel. Ces données sont ' +
    'gardées deux ans après notre dernier échange ; je peux les consulter, les recevoir et en demander l’effacement à tout moment.',
} as const;
