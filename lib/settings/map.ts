import "server-only";
import { getSetting } from "./store";

/**
 * The base map as the map settings say (environment values are the defaults): the tile
 * layer for GridMap's `tiles` and the centre for maps with nothing to fit to. Every map
 * page should take them from here rather than from the environment.
 */
export async function mapConfig() {
  const m = await getSetting("map");
  return {
    tiles: { url: m.tileUrl, attribution: m.tileAttribution, crs: m.tileCrs },
    center: { lat: m.centerLat, lng: m.centerLng, zoom: m.zoom },
  };
}
