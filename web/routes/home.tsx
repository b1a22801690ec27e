/** Home (/): one search box for a job, a training or a place; entry points by profile. */
import { redirect } from 'react-router';
import { theme } from '../theme.ts';
import type { LoaderArgs } from '../api.ts';
import { SearchForm } from '../components/SearchForm.tsx';

/** Old links to /?q=… go to the results page. */
export function loader({ request }: LoaderArgs) {
  const q = new URL(request.url).searchParams.get('q');
  if (q) throw redirect(`/recherche?q=${encodeURIComponent(q)}`, 301);
  return null;
}

export function meta() {
  return [{ title: `${theme.name} – ${theme.tagline}` }];
}

const PROFILES = [
  {
    id: 'jeune',
    title: 'Je suis jeune et je cherche ma voie',
    text: 'Collège, lycée, apprentissage : découvrez des métiers et les formations qui y mènent.',
    links: [
      { href: '/formations?q=apprentissage', label: 'Les formations en apprentissage' },
      { href: '/formations', label: 'Trouver une formation près de chez moi' },
      { href: '/territoires', label: 'Les métiers qui recrutent dans mon territoire' },
    ],
  },
  {
    id: 'demandeur',
    title: 'Je cherche un emploi',
    text: 'Repérez les métiers qui recrutent près de chez vous et les formations pour y accéder.',
    links: [
      { href: '/territoires', label: 'Les métiers qui recrutent près de chez moi' },
      { href: '/formations?cpf=oui', label: 'Les formations éligibles au CPF' },
      { href: '/parcours', label: 'Simuler mon parcours vers un métier' },
    ],
  },
  {
    id: 'reconversion',
    title: 'Je suis salarié et je veux changer de métier',
    text: 'Vos compétences valent ailleurs : trouvez les métiers proches du vôtre et le chemin pour y aller.',
    links: [
      { href: '/competences', label: 'Mes compétences ailleurs : les métiers proches du mien' },
      { href: '/parcours', label: 'Simuler mon parcours de reconversion' },
      { href: '/formations', label: 'Chercher une formation' },
    ],
  },
];

export default function Home() {
  return (
    <>
      <div className="hero">
        <h1>Trouver un métier, une formation, un territoire</h1>
        <p>
          {theme.tagline}, en {theme.region}.
        </p>
        <SearchForm />
      </div>
      <section aria-labelledby="profils">
        <h2 id="profils">Par où commencer ?</h2>
        <ul className="profiles grid grid-3">
          {PROFILES.map((p) => (
            <li key={p.id} className="card">
              <h3>{p.title}</h3>
              <p>{p.text}</p>
              <ul>
                {p.links.map((l) => (
                  <li key={l.href + l.label}>
                    <a href={l.href}>{l.label}</a>
                  </li>
                ))}
              </ul>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="apropos">
        <h2 id="apropos">Des données publiques, sourcées</h2>
        <p>
          Les fiches métiers viennent du ROME de France Travail, les formations de l’offre publiée par le réseau des Carif-Oref, les
          chiffres d’emploi de la DARES, de l’INSEE et d’InserJeunes. Chaque chiffre indique sa source et son année : voir{' '}
          <a href="/sources">les sources des données</a>.
        </p>
      </section>
    </>
  );
}
