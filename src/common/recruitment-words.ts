/** The words of applications and reports (recruitment's, shown by the portal too). */
export const APPLICATION_STATUSES = ['envoyee', 'lue', 'entretien', 'acceptee', 'refusee'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const STATUS_LABELS: Record<ApplicationStatus, string> = {
  envoyee: 'envoyée',
  lue: 'lue',
  entretien: 'entretien proposé',
  acceptee: 'acceptée',
  refusee: 'refusée',
};

/** Why a recruiter refuses: one of these (read by the candidate), and a free detail if they wish. */
export const REFUSAL_REASONS = {
  'profil-different': 'le profil ne correspond pas au poste',
  'offre-pourvue': 'l’offre est déjà pourvue',
  'diplome-different': 'le diplôme préparé ne correspond pas',
  distance: 'le lieu est trop éloigné',
  autre: 'autre raison',
} as const;
export type RefusalReason = keyof typeof REFUSAL_REASONS;

/** Why someone reports an offer to the moderation. */
export const REPORT_REASONS = {
  'offre-trompeuse': 'offre trompeuse ou qui n’est pas un contrat en alternance',
  discrimination: 'critère discriminatoire',
  'contenu-illicite': 'contenu illicite ou injurieux',
  'offre-pourvue': 'offre déjà pourvue ou expirée',
  autre: 'autre',
} as const;
export type ReportReason = keyof typeof REPORT_REASONS;
