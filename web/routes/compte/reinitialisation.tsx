import compteCss from '../../styles/compte.css?url';
import type { ActionArgs } from '../../api.ts';
import { LinkPasswordPage, linkPasswordAction, linkPasswordLoader } from '../../components/compte/link-password.tsx';

/**
 * « Choisir un nouveau mot de passe » (the link of the « mot de passe oublié » mail, `?jeton=…`):
 * POST /api/v1/auth/reset, then the sign-in page. Every session of the account is closed.
 */

export const links = () => [{ rel: 'stylesheet', href: compteCss }];
export const meta = () => [];
export const loader = linkPasswordLoader;
export const action = (args: ActionArgs) => linkPasswordAction(args, '/api/v1/auth/reset', '/connexion?reinitialise=1');

export default function ReinitialisationPage() {
  return (
    <LinkPasswordPage
      title="Choisir un nouveau mot de passe"
      label="Nouveau mot de passe"
      button="Enregistrer le mot de passe"
      expired={<a href="/mot-de-passe-oublie">Demander un nouveau lien</a>}
    />
  );
}
