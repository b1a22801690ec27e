import { theme } from '../theme.ts';

/** The service's mark: the theme's logo when set, otherwise a footbridge drawn in the theme colours. */
export function Logo() {
  if (theme.logoUrl) return <img src={theme.logoUrl} alt="" width={40} height={40} />;
  return (
    <svg width="40" height="40" viewBox="0 0 40 40" aria-hidden="true" focusable="false">
      <rect width="40" height="40" rx="8" fill="var(--color-primary)" />
      <path d="M6 26 Q20 8 34 26" stroke="#fff" strokeWidth="3" fill="none" />
      <path d="M6 26 H34 M12 26 V20 M20 26 V16 M28 26 V20" stroke="#fff" strokeWidth="2.5" />
    </svg>
  );
}
