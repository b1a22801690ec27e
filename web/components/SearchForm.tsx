/** The one search box of the portal (home and results page): a GET form, no JavaScript needed. */
export function SearchForm({ q = '', error }: { q?: string; error?: string | null }) {
  return (
    <form method="get" action="/recherche" role="search" aria-label="Recherche sur le site" className="search-row">
      <div className="field">
        <label htmlFor="q">
          Un métier, une formation ou un lieu<span className="hint">Par exemple : boulanger, CAP cuisine, Angers</span>
        </label>
        <input
          id="q"
          name="q"
          type="search"
          defaultValue={q}
          maxLength={200}
          autoComplete="off"
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? 'q-erreur' : undefined}
        />
      </div>
      <button type="submit" className="button">
        Rechercher
      </button>
      {error ? (
        <p id="q-erreur" className="field-error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
