/**
 * What the portal's forms share: the one-time form tokens (CSRF), the API's refusals as field
 * errors, a safe return address, dates and role names in French, and the fields of a form (a
 * label with its hint and star, the error under the field, both referenced by aria-describedby).
 */
import type { ReactNode } from 'react';
import type { apiError, WebApi } from '../../api.ts';
import { ROLE_LABELS, isRole } from '../../../src/common/roles.ts';
import { FieldMessage, describedBy, type FieldError } from '../guidance/ErrorSummary.tsx';

/**
 * One one-time token per form of the page. Asked one after the other: before sign-in, the first
 * answer sets the visitor cookie the next ones are bound to.
 */
export async function formTokens(api: WebApi, count: number): Promise<string[]> {
  const tokens: string[] = [];
  for (let i = 0; i < count; i++) {
    const res = await api.post('/api/v1/auth/form-token');
    tokens.push(res.status === 200 ? res.body.token : '');
  }
  return tokens;
}

export async function formToken(api: WebApi): Promise<string> {
  return (await formTokens(api, 1))[0];
}

/** The hidden field that carries a form's token. */
export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="csrf" value={token} />;
}

/** A refusal of the API: its status, French message, the field it is about and its code. */
export type Refusal = NonNullable<ReturnType<typeof apiError>>;

/** The message of an expired or replayed form: the page shows a fresh one. */
export const EXPIRED_FORM = 'Ce formulaire a expiré ou a déjà été envoyé : vérifiez vos saisies puis envoyez-le à nouveau.';

/**
 * A refusal as the error of one field of the form: `fields` maps the API's field names to the
 * ids of the inputs; anything else goes to `fallback` (the submit button, or the first field).
 */
export function fieldError(r: Refusal, fields: Record<string, string>, fallback: string): FieldError {
  if (r.code === 'formulaire-expire') return { target: fallback, message: EXPIRED_FORM };
  return { target: (r.field && fields[r.field]) || fallback, message: r.message };
}

/** A `retour` address is followed only within the portal: a path, never `//host` or `/\host`. */
export function safeReturn(value: string | null | undefined): string | null {
  if (!value || value.length > 500 || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return null;
  return value;
}

/** A form field as text, trimmed unless it is a password. */
export function reader(form: FormData) {
  return {
    text: (name: string, max = 300) =>
      String(form.get(name) ?? '')
        .trim()
        .slice(0, max),
    password: (name: string) => String(form.get(name) ?? '').slice(0, 1024),
  };
}

export function roleNames(roles: readonly string[]): string {
  return roles.map((r) => (isRole(r) ? ROLE_LABELS[r] : r)).join(', ');
}

const DATE_TIME = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Paris' });

/** « 3 décembre 2026 à 14:05 » (Paris time), or the text as is when it is not a date. */
export function dateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE_TIME.format(d);
}

/** A labelled input with its hint and error, described by both (RGAA 11.1, 11.10). */
/** A field's label, with its hint (`<id>-hint`, for aria-describedby) and a star when it is required. */
export function FieldLabel({ id, label, hint, required }: { id: string; label: string; hint?: ReactNode; required?: boolean }) {
  return (
    <label htmlFor={id}>
      {label}
      {required ? ' *' : null}
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
    </label>
  );
}

export function TextField({
  id,
  name,
  label,
  type = 'text',
  autoComplete,
  hint,
  error,
  defaultValue,
  required = true,
  inputMode,
}: {
  id: string;
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password';
  autoComplete: string;
  hint?: ReactNode;
  error?: string;
  defaultValue?: string;
  required?: boolean;
  inputMode?: 'numeric';
}) {
  return (
    <div className="field">
      <FieldLabel id={id} label={label} hint={hint} required={required} />
      <input
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={type === 'password' ? undefined : defaultValue}
        required={required}
        inputMode={inputMode}
        spellCheck={type === 'text' ? undefined : false}
        aria-describedby={describedBy(hint ? `${id}-hint` : null, error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
      />
      <FieldMessage id={`${id}-error`} message={error} />
    </div>
  );
}

/** The error of one input among a form's errors. */
export function errorOf(errors: readonly FieldError[], target: string): string | undefined {
  return errors.find((e) => e.target === target)?.message;
}

/** The page's French title, « Erreur – » first when the form was refused (RGAA 8.6). */
export function pageTitle(title: string, errors: readonly FieldError[], site: string): string {
  return `${errors.length ? 'Erreur – ' : ''}${title} – ${site}`;
}

interface FieldProps {
  id: string;
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
}

export function AreaField({
  id,
  name,
  label,
  hint,
  error,
  required = true,
  defaultValue,
  rows = 5,
  maxLength,
}: FieldProps & { defaultValue?: string; rows?: number; maxLength?: number }) {
  return (
    <div className="field">
      <FieldLabel id={id} label={label} hint={hint} required={required} />
      <textarea
        id={id}
        name={name}
        rows={rows}
        maxLength={maxLength}
        defaultValue={defaultValue}
        required={required}
        aria-describedby={describedBy(hint ? `${id}-hint` : null, error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
      />
      <FieldMessage id={`${id}-error`} message={error} />
    </div>
  );
}

export function InputField({
  id,
  name,
  label,
  hint,
  error,
  required = true,
  defaultValue,
  type = 'text',
  min,
  max,
  autoComplete = 'off',
}: FieldProps & {
  defaultValue?: string | number;
  type?: 'text' | 'date' | 'time' | 'url' | 'number' | 'file';
  min?: number;
  max?: number;
  autoComplete?: string;
}) {
  return (
    <div className="field">
      <FieldLabel id={id} label={label} hint={hint} required={required} />
      <input
        id={id}
        name={name}
        type={type}
        min={min}
        max={max}
        accept={type === 'file' ? 'application/pdf,.pdf' : undefined}
        defaultValue={type === 'file' ? undefined : defaultValue}
        required={required}
        autoComplete={type === 'file' ? undefined : autoComplete}
        aria-describedby={describedBy(hint ? `${id}-hint` : null, error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
      />
      <FieldMessage id={`${id}-error`} message={error} />
    </div>
  );
}

export function SelectField({
  id,
  name,
  label,
  hint,
  error,
  required = false,
  defaultValue,
  options,
}: FieldProps & { defaultValue?: string | number | null; options: [string, string][] }) {
  return (
    <div className="field">
      <FieldLabel id={id} label={label} hint={hint} required={required} />
      <select
        id={id}
        name={name}
        defaultValue={defaultValue == null ? '' : String(defaultValue)}
        required={required}
        aria-describedby={describedBy(hint ? `${id}-hint` : null, error && `${id}-error`)}
        aria-invalid={error ? true : undefined}
      >
        {options.map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
      <FieldMessage id={`${id}-error`} message={error} />
    </div>
  );
}
