/**
 * A candidate's CV: a PDF of at most 5 MB, without active content. A recruiter opens it on their
 * own machine, so anything a PDF reader could run or launch is refused rather than cleaned.
 */
import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import { InputError } from '../platform/errors.ts';

export const CV_MAX_BYTES = 5 * 1024 * 1024;

/**
 * PDF names of active content: scripts, actions run on opening or on events, launched programs,
 * embedded files, forms that run scripts (XFA), rich media.
 */
const ACTIVE = [
  'JavaScript',
  'JS',
  'Launch',
  'OpenAction',
  'AA',
  'EmbeddedFile',
  'EmbeddedFiles',
  'XFA',
  'RichMedia',
  'SubmitForm',
  'ImportData',
];
const ACTIVE_NAME = new RegExp(`/(${ACTIVE.join('|')})(?![A-Za-z0-9])`);

/** Names may escape any character as #xx (/J#61vaScript): read them as the reader will. */
const unescapeNames = (text: string) =>
  text.replace(/#([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));

/** The contents of the compressed streams (object streams can hide dictionaries there). */
function* inflatedStreams(bytes: Buffer): Generator<string> {
  const text = bytes.toString('latin1');
  const start = /stream\r?\n/g;
  for (let m = start.exec(text); m; m = start.exec(text)) {
    const from = m.index + m[0].length;
    const to = text.indexOf('endstream', from);
    if (to < 0) return;
    try {
      yield inflateSync(bytes.subarray(from, to)).toString('latin1');
    } catch {
      // Not a Flate stream (an image, or truncated): nothing a reader would parse as objects.
    }
    start.lastIndex = to;
  }
}

export interface CheckedCv {
  filename: string;
  bytes: Buffer;
  size: number;
  sha256: string;
}

/** Checks a CV and returns it, or throws InputError('cv', …) with the reason in French. */
export function checkCv(filename: string, bytes: Buffer, mediaType?: string): CheckedCv {
  const name =
    filename
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}._ -]/gu, '_')
      .slice(-120) || 'cv.pdf';
  if (bytes.length === 0) throw new InputError('cv', 'Le fichier du CV est vide.');
  if (bytes.length > CV_MAX_BYTES) {
    const mb = (bytes.length / 1024 / 1024).toLocaleString('fr-FR', { maximumFractionDigits: 1 });
    throw new InputError('cv', `Le CV pèse ${mb} Mo : la limite est de 5 Mo. Enregistrez-le en PDF plus léger (images réduites).`);
  }
  if (!/\.pdf$/i.test(name) || (mediaType && mediaType !== 'application/pdf' && mediaType !== 'application/octet-stream')) {
    throw new InputError('cv', `« ${name} » n’est pas un PDF : le CV doit être un fichier PDF (.pdf).`);
  }
  if (bytes.subarray(0, 1024).indexOf('%PDF-') < 0) {
    throw new InputError('cv', `« ${name} » porte l’extension .pdf mais n’est pas un PDF : enregistrez votre CV au format PDF.`);
  }
  const raw = unescapeNames(bytes.toString('latin1'));
  if (/\/Encrypt(?![A-Za-z])/.test(raw)) {
    throw new InputError('cv', 'Ce PDF est chiffré ou protégé par un mot de passe : enregistrez une version sans protection.');
  }
  const scanned = [raw, ...[...inflatedStreams(bytes)].map(unescapeNames)];
  for (const text of scanned) {
    const found = ACTIVE_NAME.exec(text);
    if (found) {
      throw new InputError(
        'cv',
        `Ce PDF contient du contenu actif (${found[1]} : script, action automatique ou fichier joint) : il est refusé pour la sécurité des recruteurs. ` +
          'Exportez votre CV en PDF simple depuis votre traitement de texte.',
      );
    }
  }
  return { filename: name, bytes, size: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') };
}
