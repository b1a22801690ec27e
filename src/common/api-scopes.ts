/** What a partner's API key may do (issue 14), and how the portal names it. */
export const API_SCOPES = ['read', 'push:offers', 'push:events'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export const API_SCOPE_LABELS: Record<ApiScope, string> = {
  read: 'lire les données (flux des changements)',
  'push:offers': 'déposer des offres de formation',
  'push:events': 'déposer des événements (salons, portes ouvertes)',
};

export function isApiScope(value: string): value is ApiScope {
  return (API_SCOPES as readonly string[]).includes(value);
}

/** Limits an administrator may give a key: requests per day and per minute. */
export const API_KEY_LIMITS = {
  quotaPerDay: { min: 1, max: 100_000, default: 10_000 },
  ratePerMinute: { min: 1, max: 6000, default: 60 },
} as const;
