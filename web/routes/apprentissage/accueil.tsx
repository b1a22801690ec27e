import { useLoaderData } from 'react-router';
import css from '../../styles/recrutement.css?url';
import type { LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { signedIn } from '../../components/apprentissage/offres.tsx';

/** « Apprentissage »: the portal's entry, and for a signed-in person the pages of their role. */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [{ title: `Apprentissage – ${theme.name}` }];

export async function loader({ context }: LoaderArgs) {
  const me = await signedIn(context.api);
  return { roles: me?.roles ?? null };
}

export default function ApprentissagePage() {
  const { roles } = useLoaderData<typeof loader>();
  const has = (...r: string[]) => !!roles?.some((x) => r.includes(x));
  return (
    <div className="r-page">
      <h1>L’apprentissage en Pays de la Loire</h1>
      <ul className="c-links">
        <li>
          <a href="/apprentissage/offres">Offres de contrat en apprentissage</a> : chercher près de chez soi, candidater, suivre les
          réponses.
        </li>
        <li>
          <a href="/apprentissage/remuneration">Rémunération d’un apprenti</a> et{' '}
          <a href="/apprentissage/employeur">coût et aides pour l’employeur</a>
        </li>
        <li>
          <a href="/apprentissage/carte">Carte des formations en apprentissage</a> et <a href="/apprentissage/cfa">annuaire des CFA</a>
        </li>
        <li>
          <a href="/apprentissage/agenda">Agenda</a> : salons, forums, journées portes ouvertes
        </li>
      </ul>
      {roles ? (
        <section aria-labelledby="mon-espace">
          <h2 id="mon-espace">Mon espace</h2>
          <ul className="c-links">
            {has('candidat') ? (
              <>
                <li>
                  <a href="/apprentissage/profil">Mon profil et mon CV</a>
                </li>
                <li>
                  <a href="/apprentissage/mes-candidatures">Mes candidatures</a>
                </li>
              </>
            ) : null}
            {has('employeur', 'cfa') ? (
              <>
                <li>
                  <a href="/apprentissage/offres/deposer">Déposer une offre</a>
                </li>
                <li>
                  <a href="/apprentissage/mes-offres">Mes offres et leurs candidatures</a>
                </li>
                <li>
                  <a href="/apprentissage/candidats">Chercher des candidats</a>
                </li>
              </>
            ) : null}
            {has('moderateur') ? (
              <li>
                <a href="/apprentissage/moderation">Modération des offres</a>
              </li>
            ) : null}
          </ul>
        </section>
      ) : (
        <p>
          <a href="/connexion?retour=/apprentissage">Connectez-vous</a> ou <a href="/inscription">créez un compte de candidat</a> pour
          candidater et suivre vos candidatures.
        </p>
      )}
    </div>
  );
}
