// Decodes the Mapbox Vector Tiles named on the command line and prints, as one JSON array on stdout, for each file:
// { layers: { <name>: { version, extent, features: [{ type, id, properties, geometry }] } } }, where type is
// Point, LineString or Polygon and geometry holds the tile coordinates as [[[x, y], ...], ...] (rings or lines).
// An empty file is a tile with no layers.
import { readFileSync } from 'node:fs';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';

const TYPES = ['Unknown', 'Point', 'LineString', 'Polygon'];

const tiles = process.argv.slice(2).map((path) => {
  const tile = new VectorTile(new PbfReader(readFileSync(path)));
  const layers = {};
  for (const [name, layer] of Object.entries(tile.layers)) {
    const features = [];
    for (let i = 0; i < layer.length; i++) {
      const feature = layer.feature(i);
      features.push({
        type: TYPES[feature.type],
        id: feature.id ?? null,
        properties: feature.properties,
        geometry: feature.loadGeometry().map((ring) => ring.map((p) => [p.x, p.y])),
      });
    }
    layers[name] = { version: layer.version, extent: layer.extent, features };
  }
  return { layers };
});
process.stdout.write(JSON.stringify(tiles));
