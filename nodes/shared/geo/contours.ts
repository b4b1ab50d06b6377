import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The communes' outlines of a département, from data/contours/<code>.json (IGN ADMIN EXPRESS COG
 * 2018, Licence Ouverte; built by scripts/commune-contours.mjs). The files are TopoJSON: a border
 * two communes share is stored once, as one arc, so the map draws each border once.
 */

/** A point, longitude then latitude (WGS84 degrees). */
export type LonLat = [number, number];

/** Polygons → rings → arc indices (a negative index `~i` means arc `i` reversed). */
export type ArcPolygons = number[][][];

export interface DepartementContours {
	departement: string;
	/** Every arc, decoded to longitude/latitude. */
	arcs: LonLat[][];
	/** Today's communes (INSEE code) that have an outline. */
	communes: Map<string, ArcPolygons>;
	/** The département's own outline (the union of its communes). */
	outline: ArcPolygons;
	/** Today's communes the source has no outline for (created or split since 2018). */
	missing: string[];
}

type TopoGeometry = { type: 'Polygon'; arcs: number[][]; id?: string } | { type: 'MultiPolygon'; arcs: number[][][]; id?: string };

interface ContoursFile {
	departement: string;
	missing: string[];
	transform: { scale: [number, number]; translate: [number, number] };
	arcs: Array<Array<[number, number]>>;
	objects: { communes: { geometries: TopoGeometry[] }; outline: TopoGeometry };
}

const DIRECTORY = join(__dirname, '../../../data/contours');
const loaded = new Map<string, DepartementContours | undefined>();

const polygonsOf = (geometry: TopoGeometry): ArcPolygons => (geometry.type === 'Polygon' ? [geometry.arcs] : geometry.arcs);

/** Quantized, delta-encoded arcs back to degrees. */
function decodeArcs(file: ContoursFile): LonLat[][] {
	const [kx, ky] = file.transform.scale;
	const [dx, dy] = file.transform.translate;
	return file.arcs.map((arc) => {
		let x = 0;
		let y = 0;
		return arc.map(([ax, ay]): LonLat => {
			x += ax;
			y += ay;
			return [x * kx + dx, y * ky + dy];
		});
	});
}

/** The outlines of a département's communes, or undefined when the package has none for it (read once). */
export function departementContours(departement: string): DepartementContours | undefined {
	if (loaded.has(departement)) return loaded.get(departement);
	// The code comes from reference data or a member's commune: only plain codes name a file.
	const path = /^[0-9AB]{2,3}$/.test(departement) ? join(DIRECTORY, `${departement}.json`) : '';
	let contours: DepartementContours | undefined;
	if (path && existsSync(path)) {
		const file = JSON.parse(readFileSync(path, 'utf8')) as ContoursFile;
		contours = {
			departement,
			arcs: decodeArcs(file),
			communes: new Map(file.objects.communes.geometries.filter((g) => g.id !== undefined).map((g) => [g.id as string, polygonsOf(g)])),
			outline: polygonsOf(file.objects.outline),
			missing: file.missing,
		};
	}
	loaded.set(departement, contours);
	return contours;
}

/** The points of a ring, its arcs joined (each arc's first point repeats the previous arc's last). */
export function ringPoints<P>(arcs: readonly P[][], ring: readonly number[]): P[] {
	const points: P[] = [];
	for (const index of ring) {
		const arc = index < 0 ? [...arcs[~index]].reverse() : arcs[index];
		points.push(...(points.length ? arc.slice(1) : arc));
	}
	return points;
}
