import { redirect } from 'react-router';
import type { LoaderArgs } from '../../api.ts';
import { pdfDownload } from '../../components/apprentissage/pdf.ts';

/** The CV of an application, for its candidate or its recruiter (the API checks who and logs the recruiter's reading). */
export async function loader({ params, context }: LoaderArgs) {
  const id = String(params.id ?? '');
  const res = await context.api.get('/api/v1/recruitment/applications/:id/cv', { params: { id } });
  if (res.status === 401) throw redirect(`/connexion?retour=/apprentissage/candidatures/${id}`);
  return pdfDownload(res, 'cv.pdf');
}
