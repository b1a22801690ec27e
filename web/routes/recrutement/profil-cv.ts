import { redirect } from 'react-router';
import type { LoaderArgs } from '../../api.ts';
import { pdfDownload } from '../../components/apprentissage/pdf.ts';

/** My CV, as I deposited it. */
export async function loader({ context }: LoaderArgs) {
  const res = await context.api.get('/api/v1/recruitment/profile/cv');
  if (res.status === 401) throw redirect('/connexion?retour=/apprentissage/profil');
  return pdfDownload(res, 'mon-cv.pdf');
}
