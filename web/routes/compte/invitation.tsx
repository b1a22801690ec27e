import compteCss from '../../styles/compte.css?url';
import type { ActionArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { LinkPasswordPage, linkPasswordAction, linkPasswordLoader } from '../../components/compte/link-password.tsx';

/**
 * « Activer mon compte » (the link of an invitation mail, `?jeton=…`): the invited person chooses
 * a password (POST /api/v1/auth/invitation), then signs in. The address is never put in a URL.
 */

export const links = () => [{ rel: 'stylesheet', href: compteCss }];
export const meta = () => [];
export const loader = linkPasswordLoader;
export const action = (args: ActionArgs) => linkPasswordAction(args, '/api/v1/auth/invitation', '/connexion?active=1');

export default function InvitationPage() {
  return (
    <LinkPasswordPage
      title="Activer mon compte"
      lead={`Vous avez été invité(e) sur ${theme.name}. Choisissez votre mot de passe pour activer votre compte.`}
      label="Mot de passe"
      button="Activer mon compte"
      expired="Demandez une nouvelle invitation à l’administrateur ou à l’administratrice de votre structure."
    />
  );
}
