/** Plane geometry of the decision map: projection, SVG paths, simplification, centroids. */

export type Point = [number, number];

/** Kilometres per degree of latitude (and of longitude × cos latitude). */
export const KM_PER_DEGREE = 111.195;
const PADDING = 10;
/** A tall département (Manche, Ain) is drawn at most this much taller than wide. */
const MAX_ASPECT = 1.25;

/** Plane coordinates for one map: longitudes shrunk by cos(latitude), north up, fitted to the width. */
export class Projection {
	readonly height: number;
	/** SVG units per kilometre. */
	readonly unitsPerKm: number;
	private readonly k: number;
	private readonly scale: number;
	private readonly offset: Point;

	constructor(bounds: { minLon: number; maxLon: number; minLat: number; maxLat: number }, width: number) {
		this.k = Math.cos((((bounds.minLat + bounds.maxLat) / 2) * Math.PI) / 180);
		const spanX = Math.max((bounds.maxLon - bounds.minLon) * this.k, 1e-6);
		const spanY = Math.max(bounds.maxLat - bounds.minLat, 1e-6);
		const inner = width - 2 * PADDING;
		this.scale = Math.min(inner / spanX, (inner * MAX_ASPECT) / spanY);
		const drawnX = spanX * this.scale;
		this.height = Math.ceil(spanY * this.scale + 2 * PADDING);
		this.offset = [PADDING + (inner - drawnX) / 2 - bounds.minLon * this.k * this.scale, PADDING + bounds.maxLat * this.scale];
		this.unitsPerKm = this.scale / KM_PER_DEGREE;
	}

	point(lon: number, lat: number): Point {
		return [this.offset[0] + lon * this.k * this.scale, this.offset[1] - lat * this.scale];
	}
}

export const round = (n: number) => Math.round(n * 10) / 10;

/**
 * An SVG path of rings or lines in whole units, every move relative: at 300–480 px for 400 units,
 * half a unit is under a pixel, and short relative numbers keep a département's map light.
 */
export function pathOf(rings: readonly Point[][], close: boolean): string {
	let d = '';
	let [px, py] = [0, 0];
	for (const ring of rings) {
		if (ring.length < 2) continue;
		const [sx, sy] = [Math.round(ring[0][0]), Math.round(ring[0][1])];
		d += d ? `m${sx - px} ${sy - py}` : `M${sx} ${sy}`;
		[px, py] = [sx, sy];
		let line = '';
		for (let i = 1; i < ring.length; i++) {
			const [x, y] = [Math.round(ring[i][0]), Math.round(ring[i][1])];
			if (x === px && y === py) continue;
			line += `${line ? ' ' : 'l'}${x - px} ${y - py}`;
			[px, py] = [x, y];
		}
		d += line;
		// `z` returns to the ring's start: relative moves go on from there.
		if (close) [d, px, py] = [d + 'z', sx, sy];
	}
	return d.replace(/ -/g, '-');
}

/** Squared distance from p to the segment a–b. */
function segmentDistance2(p: Point, a: Point, b: Point): number {
	const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
	const length2 = dx * dx + dy * dy;
	const t = length2 === 0 ? 0 : Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2));
	const [x, y] = [a[0] + t * dx - p[0], a[1] + t * dy - p[1]];
	return x * x + y * y;
}

/**
 * Douglas–Peucker on one projected arc, its ends kept: detail finer than `tolerance` SVG units is
 * invisible on a phone and would only weigh on the email (Gmail clips a message past 102 kB).
 */
export function simplifyArc(points: readonly Point[], tolerance: number): Point[] {
	if (points.length <= 2) return [...points];
	const keep = new Uint8Array(points.length);
	keep[0] = keep[points.length - 1] = 1;
	const stack: Array<[number, number]> = [[0, points.length - 1]];
	const limit = tolerance * tolerance;
	while (stack.length) {
		const [first, last] = stack.pop() as [number, number];
		let worst = -1;
		let index = -1;
		for (let i = first + 1; i < last; i++) {
			const d = segmentDistance2(points[i], points[first], points[last]);
			if (d > worst) [worst, index] = [d, i];
		}
		if (worst > limit) {
			keep[index] = 1;
			stack.push([first, index], [index, last]);
		}
	}
	return points.filter((_, i) => keep[i]);
}

/** Signed area and centroid of a ring (shoelace). */
export function ringCentroid(ring: readonly Point[]): { area: number; center: Point } {
	let area = 0;
	let cx = 0;
	let cy = 0;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
		area += cross;
		cx += (ring[j][0] + ring[i][0]) * cross;
		cy += (ring[j][1] + ring[i][1]) * cross;
	}
	area /= 2;
	if (area === 0) return { area: 0, center: ring[0] ?? [0, 0] };
	return { area, center: [cx / (6 * area), cy / (6 * area)] };
}
