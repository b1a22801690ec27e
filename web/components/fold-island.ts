/**
 * The folds' island (web/components/Fold.tsx), loaded by the pages that have folds: on a wide
 * screen, where app.css already shows every fold's content, it opens the folds, so that their
 * state says so to assistive technologies, and keeps them open there (pressing a summary would
 * hide nothing). On a phone it does nothing: the person opens what they want.
 */
// The breakpoint of the `.fold` rules in app.css.
const wide = matchMedia('(min-width: 48rem)');
const folds = document.querySelectorAll<HTMLDetailsElement>('details.fold');

function openWhenWide(): void {
  if (!wide.matches) return;
  for (const fold of folds) fold.open = true;
}

for (const fold of folds) fold.addEventListener('toggle', () => !fold.open && openWhenWide());
wide.addEventListener('change', openWhenWide);
openWhenWide();
