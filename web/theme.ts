/**
 * The regional theme: the one place where a region sets its name, logo and colours.
 * Colours must keep a contrast ratio of at least 4.5:1 with white text (primary) and
 * with the page background (text, link) — RGAA 3.2.
 */
export const theme = {
  /** Name of the service as people see it. */
  name: 'Passerelles',
  /** Region that runs this instance. */
  region: 'Pays de la Loire',
  /** INSEE code of that region: default territory of the figures. */
  regionCode: '52',
  tagline: 'Métiers, formations et emploi près de chez vous',
  /** Who publishes the service (legal notice). */
  publisher: 'Région Pays de la Loire',
  contactEmail: 'contact@passerelles.example',
  /** Legal notice (mentions légales): to be filled in by the region that runs the service. */
  legal: {
    publicationDirector: 'la présidente ou le président du conseil régional',
    address: 'Hôtel de région, adresse à renseigner dans web/theme.ts',
    host: 'hébergeur à renseigner dans web/theme.ts (nom, adresse, téléphone)',
  },
  /** RGAA conformity as declared in the accessibility statement (no audit yet: « non conforme »). */
  accessibility: {
    status: 'non conforme' as 'non conforme' | 'partiellement conforme' | 'totalement conforme',
    statementDate: '26 novembre 2026',
  },
  /** Optional logo URL (served from /public); the built-in mark is used when empty. */
  logoUrl: '',
  colors: {
    primary: '#0a4d8c',
    primaryDark: '#07375f',
    accent: '#a4321f',
    text: '#1c1c1c',
    muted: '#4f4f4f',
    background: '#ffffff',
    surface: '#f3f5f8',
    border: '#8a94a3',
    focus: '#c75100',
    warningBg: '#fff3cd',
    warningText: '#5c4200',
  },
} as const;

/** The theme as CSS custom properties, injected once in the page head. */
export function themeCss(): string {
  const vars = Object.entries(theme.colors)
    .map(([name, value]) => `--color-${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}:${value}`)
    .join(';');
  return `:root{${vars}}`;
}
