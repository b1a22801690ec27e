/** The roles of accounts and the kinds of structures (identity's words, shown by the portal too). */
/** The roles an account may hold (an account holds one or more, within one structure). */
export const ROLES = ['candidat', 'employeur', 'cfa', 'conseiller', 'superviseur', 'pilotage', 'moderateur', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that may add a second factor (TOTP) to their password. */
export const TOTP_ROLES: readonly Role[] = ['conseiller', 'superviseur', 'pilotage', 'admin'];

/** Roles whose accounts belong to a structure, the ones an administrator invites (a candidate signs up alone). */
export const STRUCTURE_ROLES: readonly Role[] = ['employeur', 'cfa', 'conseiller', 'superviseur', 'pilotage', 'moderateur', 'admin'];

export const ROLE_LABELS: Record<Role, string> = {
  candidat: 'candidat',
  employeur: 'employeur',
  cfa: 'CFA',
  conseiller: 'conseiller',
  superviseur: 'superviseur',
  pilotage: 'pilotage',
  moderateur: 'modérateur',
  admin: 'administrateur de la structure',
};

export const STRUCTURE_KINDS = ['mission_locale', 'france_travail', 'cfa', 'entreprise', 'region', 'autre'] as const;
export type StructureKind = (typeof STRUCTURE_KINDS)[number];

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
