/**
 * The map island: a few hundred bytes loaded as a module script by the pages that have a map.
 * Pages are server HTML without React; each `[data-map]` block holds a hidden "show the map"
 * button that this script reveals. MapLibre (≈ 250 KB gzipped) is fetched only when a person
 * presses it. Without JavaScript the list next to the map says the same thing.
 */
function enhance(block: HTMLElement): void {
  const button = block.querySelector<HTMLButtonElement>('button[data-map-open]');
  const canvas = block.querySelector<HTMLElement>('[data-map-canvas]');
  if (!button || !canvas) return;
  button.hidden = false;
  let open = false;
  button.addEventListener('click', async () => {
    open = !open;
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? (button.dataset.labelHide ?? 'Masquer la carte') : (button.dataset.labelShow ?? 'Afficher la carte');
    canvas.hidden = !open;
    if (!open || canvas.dataset.loaded) return;
    canvas.dataset.loaded = 'loading';
    const status = block.querySelector<HTMLElement>('[data-map-status]');
    if (status) status.textContent = 'Chargement de la carte…';
    try {
      const { renderMap } = await import('./render.ts');
      await renderMap(block, canvas);
      canvas.dataset.loaded = 'yes';
      if (status) status.textContent = 'Carte affichée. La liste donne les mêmes lieux.';
    } catch (error) {
      canvas.dataset.loaded = 'failed';
      console.error(error);
      if (status) status.textContent = 'La carte ne peut pas s’afficher sur cet appareil : la liste donne les mêmes lieux.';
    }
  });
}

document.querySelectorAll<HTMLElement>('[data-map]').forEach(enhance);
