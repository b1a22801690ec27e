/**
 * MapLibre with a GeoJSON-only style: a background, the départements (and communes) of the
 * bundle as fill and line layers, training places as clustered circles. No glyphs, no sprites,
 * no tiles: nothing is fetched from another host. Loaded on demand by island.ts.
 */
import { Map as MapLibre, NavigationControl, setWorkerUrl, type GeoJSONSource, type LngLatBoundsLike } from 'maplibre-gl';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?url';
import cssUrl from 'maplibre-gl/dist/maplibre-gl.css?url';
import type { FeatureCollection } from 'geojson';

setWorkerUrl(workerUrl);

const FRENCH = {
  'Map.Title': 'Carte',
  'NavigationControl.ZoomIn': 'Zoomer',
  'NavigationControl.ZoomOut': 'Dézoomer',
  'NavigationControl.ResetBearing': 'Réorienter vers le nord',
  'ScrollZoomBlocker.CtrlMessage': 'Utilisez Ctrl + molette pour zoomer',
  'ScrollZoomBlocker.CmdMessage': 'Utilisez ⌘ + molette pour zoomer',
  'TouchPanBlocker.Message': 'Utilisez deux doigts pour déplacer la carte',
};

function loadCss(): Promise<void> {
  if (document.querySelector('link[data-maplibre-css]')) return Promise.resolve();
  return new Promise((resolve) => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = cssUrl;
    link.dataset.maplibreCss = '';
    link.onload = () => resolve();
    link.onerror = () => resolve();
    document.head.append(link);
  });
}

async function json(url: string): Promise<FeatureCollection> {
  const res = await fetch(url, { headers: { accept: 'application/geo+json, application/json' } });
  if (!res.ok) throw new Error(`${url} : ${res.status}`);
  return res.json() as Promise<FeatureCollection>;
}

function bounds(points: FeatureCollection): LngLatBoundsLike | null {
  let w = Infinity,
    s = Infinity,
    e = -Infinity,
    n = -Infinity;
  for (const f of points.features) {
    if (f.geometry.type !== 'Point') continue;
    const [lon, lat] = f.geometry.coordinates;
    w = Math.min(w, lon);
    e = Math.max(e, lon);
    s = Math.min(s, lat);
    n = Math.max(n, lat);
  }
  if (!Number.isFinite(w)) return null;
  const pad = 0.05;
  return [
    [w - pad, s - pad],
    [e + pad, n + pad],
  ];
}

export async function renderMap(block: HTMLElement, container: HTMLElement): Promise<void> {
  const css = getComputedStyle(document.documentElement);
  const color = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  const primary = color('--color-primary', '#0a4d8c');
  const [, points, shapes] = await Promise.all([
    loadCss(),
    block.dataset.mapPoints
      ? json(block.dataset.mapPoints)
      : Promise.resolve<FeatureCollection>({ type: 'FeatureCollection', features: [] }),
    block.dataset.mapShapes ? json(block.dataset.mapShapes).catch(() => null) : Promise.resolve(null),
  ]);
  const center = block.dataset.mapCenter?.split(',').map(Number) as [number, number] | undefined;
  const map = new MapLibre({
    container,
    locale: FRENCH,
    attributionControl: false,
    cooperativeGestures: true,
    center: center ? [center[1], center[0]] : [-0.8, 47.4],
    zoom: center ? 9 : 7,
    style: {
      version: 8,
      sources: {
        places: { type: 'geojson', data: points, cluster: true, clusterRadius: 40, clusterMaxZoom: 12 },
        ...(shapes ? { shapes: { type: 'geojson' as const, data: shapes } } : {}),
      },
      layers: [
        { id: 'background', type: 'background', paint: { 'background-color': '#eef2f6' } },
        ...(shapes
          ? [
              { id: 'shapes-fill', type: 'fill' as const, source: 'shapes', paint: { 'fill-color': '#fbfcfd' } },
              { id: 'shapes-line', type: 'line' as const, source: 'shapes', paint: { 'line-color': '#aab3bf', 'line-width': 0.8 } },
            ]
          : []),
        {
          id: 'clusters',
          type: 'circle',
          source: 'places',
          filter: ['has', 'point_count'],
          paint: {
            'circle-color': primary,
            'circle-opacity': 0.85,
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 2,
            'circle-radius': ['step', ['get', 'point_count'], 12, 10, 16, 50, 22],
          },
        },
        {
          id: 'place',
          type: 'circle',
          source: 'places',
          filter: ['!', ['has', 'point_count']],
          paint: {
            // A point of kind "cfa" (map of apprenticeship trainings) in the primary colour.
            'circle-color': ['match', ['get', 'kind'], 'cfa', primary, color('--color-accent', '#a4321f')],
            'circle-radius': 7,
            'circle-stroke-color': '#ffffff',
            'circle-stroke-width': 2,
          },
        },
      ],
    },
  });
  map.addControl(new NavigationControl({ showCompass: false }), 'top-right');
  const box = bounds(points);
  if (box && !center) map.fitBounds(box, { padding: 24, maxZoom: 11, duration: 0 });
  map.on('click', 'clusters', async (event) => {
    const feature = event.features?.[0];
    if (!feature || feature.geometry.type !== 'Point') return;
    const source = map.getSource<GeoJSONSource>('places');
    const zoom = await source?.getClusterExpansionZoom(feature.properties.cluster_id as number);
    map.easeTo({ center: feature.geometry.coordinates as [number, number], zoom: zoom ?? map.getZoom() + 2 });
  });
  map.on('click', 'place', (event) => {
    const href = event.features?.[0]?.properties?.href;
    if (typeof href === 'string' && href.startsWith('/')) window.location.assign(href);
  });
  for (const layer of ['clusters', 'place']) {
    map.on('mouseenter', layer, () => {
      map.getCanvas().style.cursor = 'pointer';
    });
    map.on('mouseleave', layer, () => {
      map.getCanvas().style.cursor = '';
    });
  }
  await new Promise<void>((resolve) => map.once('load', () => resolve()));
}
