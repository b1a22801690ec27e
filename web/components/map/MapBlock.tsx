import islandUrl from './island.ts?worker&url';

interface MapBlockProps {
  /** Accessible name of the map region, e.g. "Carte des lieux de formation". */
  label: string;
  /** URL of a GeoJSON FeatureCollection of points (properties: title, href). */
  points?: string;
  /** URL of a GeoJSON FeatureCollection of polygons drawn under the points. */
  shapes?: string;
  /** "lat,lon" to centre on (otherwise the points' extent). */
  center?: string;
  /** Id of the list that says the same thing (the map's alternative). */
  listId: string;
}

/**
 * A map that only exists with JavaScript: the server renders a hidden button and an empty
 * container; the island script (web/components/map/island.ts) reveals the button and loads
 * MapLibre when it is pressed. The list named by `listId` is the map's text alternative.
 */
export function MapBlock({ label, points, shapes, center, listId }: MapBlockProps) {
  const id = `${listId}-carte`;
  return (
    <div className="map-block" data-map="" data-map-points={points} data-map-shapes={shapes} data-map-center={center}>
      <button type="button" className="button button-secondary" data-map-open="" hidden aria-expanded="false" aria-controls={id}>
        Afficher la carte
      </button>
      <p className="visually-hidden" aria-live="polite" data-map-status=""></p>
      <div
        id={id}
        className="map-canvas"
        data-map-canvas=""
        role="region"
        aria-label={`${label} (la liste des lieux est l’alternative textuelle)`}
        hidden
      ></div>
      <script type="module" src={islandUrl} async></script>
    </div>
  );
}
