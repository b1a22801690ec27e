/**
 * Error summary at the top of a form (RGAA 11.10, 11.11): a titled list of links to the fields in
 * error. It is announced (role="alert") and takes the focus when it appears — `autoFocus` is rendered
 * as the `autofocus` attribute, so the browser moves focus there even without JavaScript.
 */
export interface FieldError {
  /** id of the input (or of the first input of a fieldset) the link goes to. */
  target: string;
  message: string;
}

export function ErrorSummary({ errors, title = 'Le formulaire contient des erreurs' }: { errors: FieldError[]; title?: string }) {
  if (!errors.length) return null;
  return (
    <div className="g-error-summary" role="alert" aria-labelledby="g-error-summary-title" tabIndex={-1} autoFocus>
      <h2 id="g-error-summary-title">{title}</h2>
      <ul>
        {errors.map((e) => (
          <li key={e.target + e.message}>
            <a href={`#${e.target}`}>{e.message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The message under a field, referenced by the field's aria-describedby. */
export function FieldMessage({ id, message }: { id: string; message?: string | null }) {
  if (!message) return null;
  return (
    <p id={id} className="field-error">
      Erreur : {message}
    </p>
  );
}

/** Joins the ids of a field's hint and error for aria-describedby (undefined when none). */
export function describedBy(...ids: (string | false | null | undefined)[]): string | undefined {
  const list = ids.filter(Boolean).join(' ');
  return list || undefined;
}
