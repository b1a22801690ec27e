import {
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useMatches,
  useRouteLoaderData,
} from 'react-router';
import type { ReactNode } from 'react';
import appCss from './styles/app.css?url';
import { Logo } from './components/Logo.tsx';
import { theme, themeCss } from './theme.ts';
import type { LoaderArgs } from './api.ts';

export const links = () => [{ rel: 'stylesheet', href: appCss }];

export async function loader({ request, context }: LoaderArgs) {
  // Only a request with a session cookie asks who is signed in: anonymous visitors cost nothing.
  const account = (request.headers.get('cookie') ?? '').includes('passerelles_session=') ? await context.api.get('/api/v1/account') : null;
  return { sample: context.platform.sampleData, signedIn: account?.status === 200 };
}

/**
 * `section`: the paths where the entry is the current page (its own path by default). « Métiers »
 * leads to the home page's search but is current only on a fiche: the home page searches
 * everything (issue 18).
 */
const NAV: { to: string; label: string; section?: string }[] = [
  { to: '/', label: 'Métiers', section: '/metiers' },
  { to: '/formations', label: 'Formations' },
  { to: '/territoires', label: 'Territoires' },
  { to: '/competences', label: 'Mes compétences ailleurs' },
  { to: '/parcours', label: 'Simuler mon parcours' },
  { to: '/apprentissage', label: 'Apprentissage' },
];

/** A header link, marked as the current page (aria-current, underlined) inside its section. */
function NavItem({ to, label, section = to }: { to: string; label: string; section?: string }) {
  const { pathname } = useLocation();
  const current = pathname === section || pathname.startsWith(`${section}/`);
  return (
    <li>
      <Link to={to} aria-current={current ? 'page' : undefined}>
        {label}
      </Link>
    </li>
  );
}

/**
 * Pages are plain server-rendered HTML unless a route asks for the interactive layer with
 * `export const handle = { hydrate: true }`: React and the router cost about 110 KB gzipped,
 * more than the 100 KB a page may weigh, and reading a fiche or a list needs none of it.
 */
function useHydration(): boolean {
  return useMatches().some((match) => (match.handle as { hydrate?: boolean } | undefined)?.hydrate === true);
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const hydrate = useHydration();
  // A new page (client navigation on hydrated pages) starts with the phone menu closed.
  const { pathname } = useLocation();
  return (
    <html lang="fr">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="description" content={`${theme.name} — ${theme.tagline} (${theme.region}).`} />
        {/* biome-ignore lint/security/noDangerouslySetInnerHtml: CSS custom properties from the project's own theme file, no user data */}
        <style dangerouslySetInnerHTML={{ __html: themeCss() }} />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#contenu">
          Aller au contenu
        </a>
        <header className="site-header" role="banner">
          <div className="container header-inner">
            <a className="brand" href="/">
              <Logo />
              <span>
                <span className="brand-name">{theme.name}</span>
                <span className="brand-region">{theme.region}</span>
              </span>
            </a>
            {/* On a phone the two menus fold behind « Menu » (a <details>: no JavaScript needed); on a
                wide screen app.css shows them inline and hides the button. */}
            <details className="menu" key={pathname}>
              <summary>Menu</summary>
              <div className="menu-panel">
                <nav aria-label="Navigation principale">
                  <ul className="nav-list">
                    {NAV.map((item) => (
                      <NavItem key={item.to} {...item} />
                    ))}
                  </ul>
                </nav>
                <nav aria-label="Mon compte">
                  <ul className="nav-list">
                    {data?.signedIn ? (
                      <>
                        <NavItem to="/mon-compte" label="Mon compte" />
                        <NavItem to="/deconnexion" label="Se déconnecter" />
                      </>
                    ) : (
                      <NavItem to="/connexion" label="Se connecter" />
                    )}
                  </ul>
                </nav>
              </div>
            </details>
          </div>
        </header>
        {data?.sample ? (
          <div className="notice notice-warning" role="note">
            <div className="container">
              <strong>Données d’exemple.</strong> Cette instance n’a pas encore importé les données officielles : les métiers, territoires
              et chiffres affichés viennent d’un petit échantillon de démonstration.
            </div>
          </div>
        ) : null}
        <main id="contenu" tabIndex={-1} className="container">
          {children}
        </main>
        <footer className="site-footer" role="contentinfo">
          <div className="container">
            <p>
              {theme.name} — service public numérique de la {theme.publisher}.
            </p>
            <ul className="footer-links">
              <li>
                <a href="/mentions-legales">Mentions légales</a>
              </li>
              <li>
                <a href="/accessibilite">Accessibilité : {theme.accessibility.status}</a>
              </li>
              <li>
                <a href="/sources">Sources des données</a>
              </li>
              <li>
                <a href="/api/docs">API publique</a>
              </li>
              <li>
                <a href="/partenaires/widget">Intégrer la recherche sur votre site</a>
              </li>
            </ul>
          </div>
        </footer>
        {hydrate ? (
          <>
            <ScrollRestoration />
            <Scripts />
          </>
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function meta() {
  return [{ title: theme.name }];
}

export function ErrorBoundary({ error }: { error: unknown }) {
  const notFound = isRouteErrorResponse(error) && error.status === 404;
  const title = notFound ? 'Page introuvable' : 'Une erreur est survenue';
  // React Router's own messages (« No route matches URL… ») are English: say it in French.
  const own =
    isRouteErrorResponse(error) && typeof error.data === 'string' && !/^(Error: )?No route matches/.test(error.data) ? error.data : '';
  const detail =
    own ||
    (notFound
      ? 'L’adresse demandée ne correspond à aucune page. Elle a peut-être changé, ou contient une faute de frappe.'
      : 'Le service a rencontré un problème. Réessayez dans un instant.');
  return (
    <>
      <title>{`${title} – ${theme.name}`}</title>
      <h1>{title}</h1>
      <p>{detail}</p>
      <p>
        <a href="/">Retour à l’accueil</a> · <a href="/recherche">Rechercher un métier, une formation, un lieu</a>
      </p>
    </>
  );
}
