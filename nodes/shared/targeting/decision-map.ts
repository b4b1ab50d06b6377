import { communeByCode, departementContours, ringPoints, type ArcPolygons, type DepartementContours, type LonLat } from '../geo';
import type { Coordinates } from '../incident';
import type { DecisionMapData } from './map-link';
import type { TargetingPlan } from './types';

/** Where an alert goes, for its map: the incident's place and what its plan covers. */
export interface DecisionPlace {
	/** INSEE codes of the incident's communes; the first is where it happened. */
	incident: string[];
	/** The incident's coordinates, when the police gave them. */
	coordinates?: Coordinates;
	/** Communes the plan's areas cover (for a radius without member coordinates: the incident's). */
	reached: string[];
	/** Radius areas, as circles around the incident. */
	circles: Array<{ center: Coordinates; radiusKm: number }>;
}

/** The map's place from a targeting plan: its communes and circles, every part merged. */
export function decisionPlace(plan: TargetingPlan, coordinates?: Coordinates): DecisionPlace {
	const reached = new Set<string>();
	const circles: DecisionPlace['circles'] = [];
	for (const part of plan.parts) {
		const area = part.area;
		area.communes.forEach((code) => reached.add(code));
		if (area.level === 'radius' && !circles.some((c) => c.radiusKm === area.radiusKm)) circles.push({ center: area.center, radiusKm: area.radiusKm });
	}
	return { incident: [...plan.communes], ...(coordinates ? { coordinates } : {}), reached: [...reached], circles };
}

export interface DecisionMapOptions {
	/** Width of the drawing in SVG units (default 400); the SVG scales to its container. */
	width?: number;
}

/** Kilometres per degree of latitude (and of longitude × cos latitude). */
const KM_PER_DEGREE = 111.195;
const PADDING = 10;
/** A tall département (Manche, Ain) is drawn at most this much taller than wide. */
const MAX_ASPECT = 1.25;
/** Detail dropped when drawing, in SVG units (a 400-unit map shows at 300–480 px). */
const SIMPLIFY_UNITS = 0.8;

const COLORS = {
	background: '#ffffff',
	border: '#cbd5e1',
	outline: '#334155',
	reached: '#fdba74',
	circle: '#ea580c',
	recipients: '#1d4ed8',
	incident: '#dc2626',
};

type Point = [number, number];

/** Plane coordinates for one map: longitudes shrunk by cos(latitude), north up, fitted to the width. */
class Projection {
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

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * An SVG path of rings or lines in whole units, every move relative: at 300–480 px for 400 units,
 * half a unit is under a pixel, and short relative numbers keep a département's map light.
 */
function pathOf(rings: readonly Point[][], close: boolean): string {
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
function simplifyArc(points: readonly Point[], tolerance: number): Point[] {
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
function ringCentroid(ring: readonly Point[]): { area: number; center: Point } {
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

/*
 * Counts are drawn as strokes, not <text>: n8n's form sanitizer and Gmail drop <svg> but keep the
 * text inside it, which would print stray numbers on the page. Each digit is polylines on a 4 × 8
 * grid, in the manner of a digital display.
 */
const DIGITS: ReadonlyArray<ReadonlyArray<ReadonlyArray<Point>>> = [
	[[[0, 0], [4, 0], [4, 8], [0, 8], [0, 0]]],
	[[[1, 1.5], [2.5, 0], [2.5, 8]]],
	[[[0, 0], [4, 0], [4, 4], [0, 4], [0, 8], [4, 8]]],
	[[[0, 0], [4, 0], [4, 8], [0, 8]], [[0, 4], [4, 4]]],
	[[[0, 0], [0, 4], [4, 4]], [[4, 0], [4, 8]]],
	[[[4, 0], [0, 0], [0, 4], [4, 4], [4, 8], [0, 8]]],
	[[[4, 0], [0, 0], [0, 8], [4, 8], [4, 4], [0, 4]]],
	[[[0, 0], [4, 0], [4, 8]]],
	[[[0, 0], [4, 0], [4, 8], [0, 8], [0, 0]], [[0, 4], [4, 4]]],
	[[[4, 4], [0, 4], [0, 0], [4, 0], [4, 8], [0, 8]]],
];
const DIGIT_ADVANCE = 7;
const DIGIT_HEIGHT = 8;
/** Communes whose disc carries its count (the most SMS first); the others get a small unlabelled disc. */
const LABELLED_COMMUNES = 30;
/** Up to this many communes every disc is labelled; beyond, a commune with a single SMS is a plain dot (fifty "1"s only hide the map). */
const LABEL_SINGLES_UP_TO = 10;
/** Disc sizes are relative to the largest count, or to this when counts are all small (a "1" is not drawn as large as a "40"). */
const MIN_SCALE_SMS = 8;
/** Digits 12 units tall: about 10 px on a phone, the size of small print. */
const DIGIT_SIZE = 1.5;

/** Path of `n`'s digits, centred on (cx, cy), at `size` times the 4 × 8 grid. */
function digitsPath(n: number, cx: number, cy: number, size: number): { d: string; width: number } {
	const text = String(Math.max(0, Math.round(n)));
	const width = (text.length * DIGIT_ADVANCE - (DIGIT_ADVANCE - 4)) * size;
	const left = cx - width / 2;
	const top = cy - (DIGIT_HEIGHT * size) / 2;
	let d = '';
	[...text].forEach((char, i) => {
		for (const stroke of DIGITS[Number(char)]) {
			d += stroke.map(([x, y], j) => `${j ? 'L' : 'M'}${round(left + (i * DIGIT_ADVANCE + x) * size)} ${round(top + y * size)}`).join('');
		}
	});
	return { d, width };
}

const attrs = (values: Record<string, string | number>) =>
	Object.entries(values)
		.map(([k, v]) => `${k}="${v}"`)
		.join(' ');

/** The SVG units of one commune's polygons (outer rings first). */
function communeRings(polygons: ArcPolygons, projected: Point[][]): Point[][] {
	return polygons.flatMap((polygon) => polygon.map((ring) => ringPoints(projected, ring)));
}

/** A commune as drawn: its rings and the centroid of its largest ring. */
interface Shape {
	rings: Point[][];
	center: Point;
}

/** The outlines of the départements a map shows, projected once, with each commune's shape found on demand. */
class MapCanvas {
	readonly projection: Projection;
	/** Each département's arcs in SVG units, simplified for the width. */
	readonly arcs: Map<DepartementContours, Point[][]>;
	private readonly shapes = new Map<string, Shape>();

	constructor(
		readonly maps: DepartementContours[],
		circles: DecisionPlace['circles'],
		width: number,
	) {
		this.projection = new Projection(boundsOf(maps, circles), width);
		this.arcs = new Map(maps.map((m) => [m, m.arcs.map((arc) => simplifyArc(arc.map(([lon, lat]) => this.projection.point(lon, lat)), SIMPLIFY_UNITS))]));
	}

	/** A commune's shape, by its code (former codes resolved); undefined when no outline is shipped for it. */
	shapeOf(code: string): Shape | undefined {
		const commune = communeByCode(code);
		if (!commune) return undefined;
		const known = this.shapes.get(commune.code);
		if (known) return known;
		const map = this.maps.find((m) => m.departement === commune.departement);
		const polygons = map?.communes.get(commune.code);
		if (!map || !polygons) return undefined;
		const rings = communeRings(polygons, this.arcs.get(map) ?? []);
		const largest = rings.map(ringCentroid).reduce((best, r) => (Math.abs(r.area) > Math.abs(best.area) ? r : best));
		const shape = { rings, center: largest.center };
		this.shapes.set(commune.code, shape);
		return shape;
	}

	/** A département's outline rings in SVG units. */
	outline(map: DepartementContours): Point[][] {
		const arcs = this.arcs.get(map) ?? [];
		return map.outline.flatMap((polygon) => polygon.map((ring) => ringPoints(arcs, ring)));
	}
}

/** What the map must show: the départements' outlines and the radius circles. */
function boundsOf(maps: DepartementContours[], circles: DecisionPlace['circles']) {
	const bounds = { minLon: Infinity, maxLon: -Infinity, minLat: Infinity, maxLat: -Infinity };
	const extend = ([lon, lat]: LonLat) => {
		bounds.minLon = Math.min(bounds.minLon, lon);
		bounds.maxLon = Math.max(bounds.maxLon, lon);
		bounds.minLat = Math.min(bounds.minLat, lat);
		bounds.maxLat = Math.max(bounds.maxLat, lat);
	};
	maps.forEach((m) => m.outline.forEach((polygon) => polygon.forEach((ring) => ringPoints(m.arcs, ring).forEach(extend))));
	for (const circle of circles) {
		const dLat = circle.radiusKm / KM_PER_DEGREE;
		const dLon = dLat / Math.cos((circle.center.lat * Math.PI) / 180);
		extend([circle.center.lon - dLon, circle.center.lat - dLat]);
		extend([circle.center.lon + dLon, circle.center.lat + dLat]);
	}
	return bounds;
}

/** The communes the plan covers: one filled path (a whole département by its outline), and their codes. */
function reachedLayer(canvas: MapCanvas, place: DecisionPlace): { svg: string; reached: string[] } {
	const reached = [...new Set(place.reached.map((code) => communeByCode(code)?.code).filter((c): c is string => c !== undefined))];
	const reachedSet = new Set(reached);
	const rings = canvas.maps.flatMap((map) => {
		const codes = [...map.communes.keys()].filter((code) => reachedSet.has(code));
		// A whole département covered: its outline is the same area, in far fewer points.
		if (codes.length === map.communes.size) return canvas.outline(map);
		return codes.flatMap((code) => canvas.shapeOf(code)?.rings ?? []);
	});
	const shaded = reached.filter((code) => canvas.shapeOf(code));
	const svg = rings.length ? `<path ${attrs({ 'data-role': 'reached', 'data-communes': shaded.join(' '), fill: COLORS.reached, 'fill-rule': 'evenodd', d: pathOf(rings, true) })}/>` : '';
	return { svg, reached };
}

/** Radius areas, dashed circles to scale around their centre. */
function radiusLayer(canvas: MapCanvas, circles: DecisionPlace['circles']): string {
	return circles
		.map((circle) => {
			const [cx, cy] = canvas.projection.point(circle.center.lon, circle.center.lat);
			const r = circle.radiusKm * canvas.projection.unitsPerKm;
			return `<circle ${attrs({ 'data-role': 'radius', 'data-km': circle.radiusKm, cx: round(cx), cy: round(cy), r: round(r), fill: COLORS.circle, 'fill-opacity': 0.15, stroke: COLORS.circle, 'stroke-width': 1.5, 'stroke-dasharray': '5 3' })}/>`;
		})
		.join('');
}

/** The communes' borders, then each département's outline over them. */
function bordersLayer(canvas: MapCanvas): string {
	return canvas.maps
		.map((map) => {
			const borders = `<path ${attrs({ 'data-role': 'borders', fill: 'none', stroke: COLORS.border, 'stroke-width': 0.5, d: pathOf(canvas.arcs.get(map) ?? [], false) })}/>`;
			const outline = `<path ${attrs({ 'data-role': 'outline', 'data-departement': map.departement, fill: 'none', stroke: COLORS.outline, 'stroke-width': 1.5, 'stroke-linejoin': 'round', d: pathOf(canvas.outline(map), true) })}/>`;
			return borders + outline;
		})
		.join('');
}

/**
 * Recipients: a disc per commune, area ∝ SMS, the largest first so small ones stay visible; the
 * labelled ones move aside from the pin (`pin`: its head) and from larger neighbours, tied to
 * their commune by a line.
 */
function recipientsLayer(canvas: MapCanvas, byCommune: DecisionMapData['byCommune'], pin: Point | undefined): { discs: string; counts: string } {
	const maxSms = Math.max(MIN_SCALE_SMS, ...byCommune.map((g) => g.sms));
	const discs = byCommune
		.map((group) => ({ group, shape: canvas.shapeOf(group.key) }))
		.filter((d): d is { group: (typeof byCommune)[number]; shape: Shape } => d.shape !== undefined)
		.sort((a, b) => b.group.sms - a.group.sms);
	const placed: Array<{ center: Point; r: number }> = pin ? [{ center: pin, r: 13 }] : [];
	const [circles, leaders, counts]: string[][] = [[], [], []];
	for (const { group, shape } of discs) {
		const labelled = counts.length < LABELLED_COMMUNES && (group.sms > 1 || discs.length <= LABEL_SINGLES_UP_TO);
		const r = labelled ? Math.max(9 + 11 * Math.sqrt(group.sms / maxSms), (String(group.sms).length * DIGIT_ADVANCE - 3) * DIGIT_SIZE * 0.5 + 4) : 3 + 6 * Math.sqrt(group.sms / maxSms);
		const center = labelled ? clearOf(placed, shape.center, r) : shape.center;
		const [cx, cy] = [round(center[0]), round(center[1])];
		if (labelled) {
			placed.push({ center, r });
			if (cx !== round(shape.center[0]) || cy !== round(shape.center[1])) leaders.push(`M${round(shape.center[0])} ${round(shape.center[1])}L${cx} ${cy}`);
			counts.push(`<path d="${digitsPath(group.sms, cx, cy, DIGIT_SIZE).d}"/>`);
		}
		circles.push(`<circle ${attrs({ 'data-role': 'recipients', 'data-commune': group.key, 'data-sms': group.sms, cx, cy, r: round(r) })}/>`);
	}
	return {
		discs:
			(leaders.length ? `<path ${attrs({ stroke: COLORS.recipients, 'stroke-width': 1.5, d: leaders.join('') })}/>` : '') +
			(circles.length ? `<g ${attrs({ fill: COLORS.recipients, 'fill-opacity': 0.9, stroke: '#ffffff', 'stroke-width': 1 })}>${circles.join('')}</g>` : ''),
		// Drawn last, over the pin.
		counts: counts.length ? `<g ${attrs({ 'data-role': 'counts', fill: 'none', stroke: '#ffffff', 'stroke-width': 2, 'stroke-linecap': 'round', 'stroke-linejoin': 'round' })}>${counts.join('')}</g>` : '',
	};
}

/** Where a disc of radius `r` wanted at `center` goes: moved out of a larger disc it would cover (four tries). */
function clearOf(placed: ReadonlyArray<{ center: Point; r: number }>, wanted: Point, r: number): Point {
	let center: Point = [...wanted];
	for (let pass = 0; pass < 4; pass++) {
		const other = placed.find((p) => Math.hypot(center[0] - p.center[0], center[1] - p.center[1]) < p.r + r - 2);
		if (!other) break;
		const [dx, dy] = [center[0] - other.center[0], center[1] - other.center[1]];
		const length = Math.hypot(dx, dy);
		const [ux, uy] = length === 0 ? [1, 0] : [dx / length, dy / length];
		center = [other.center[0] + ux * (other.r + r + 1), other.center[1] + uy * (other.r + r + 1)];
	}
	return center;
}

/** The incident: a red pin whose tip is the place. */
function incidentPin([px, py]: Point): string {
	const [x, y] = [round(px), round(py)];
	return (
		`<path ${attrs({ 'data-role': 'incident', 'data-x': x, 'data-y': y, d: `M${x} ${y}l-7 -16a9 9 0 1 1 14 0z`, fill: COLORS.incident, stroke: '#ffffff', 'stroke-width': 1.5, 'stroke-linejoin': 'round' })}/>` +
		`<circle ${attrs({ cx: x, cy: round(y - 22), r: 3.5, fill: '#ffffff' })}/>`
	);
}

/**
 * The decision map as SVG: the département's outline and its communes' borders, the communes
 * the plan covers shaded, radius areas drawn to scale, the incident's place marked (a red
 * pin) and, per commune, a blue disc whose area grows with the SMS sent there, with the
 * count. Drawn without text or scripts so that email clients and n8n's sanitizer lose nothing
 * but the picture. Empty when the summary has no place or no département has outlines.
 */
export function decisionMap(summary: DecisionMapData, options: DecisionMapOptions = {}): string {
	const place = summary.place;
	if (!place) return '';
	const width = options.width ?? 400;
	const codes = [...place.incident, ...place.reached, ...summary.byCommune.map((g) => g.key)];
	const departements = [...new Set(codes.map((code) => communeByCode(code)?.departement).filter((d): d is string => d !== undefined))];
	const maps = departements.map(departementContours).filter((c): c is DepartementContours => c !== undefined);
	if (maps.length === 0) return '';

	const canvas = new MapCanvas(maps, place.circles, width);
	const reached = reachedLayer(canvas, place);
	// The pin's tip is the place: its coordinates, else its first commune's centroid.
	const at = place.coordinates ? canvas.projection.point(place.coordinates.lon, place.coordinates.lat) : place.incident.map((code) => canvas.shapeOf(code)).find((s) => s !== undefined)?.center;
	const { discs, counts } = recipientsLayer(canvas, summary.byCommune, at && [at[0], at[1] - 14]);
	const parts = [`<rect ${attrs({ width, height: canvas.projection.height, fill: COLORS.background })}/>`, reached.svg, radiusLayer(canvas, place.circles), bordersLayer(canvas), discs, at ? incidentPin(at) : '', counts];
	const label = `Carte : ${reached.reached.length} communes couvertes, ${summary.messages} SMS`;
	return (
		`<svg ${attrs({ xmlns: 'http://www.w3.org/2000/svg', viewBox: `0 0 ${width} ${canvas.projection.height}`, width: '100%', style: 'max-width:480px;height:auto;display:block', role: 'img', 'aria-label': label })}>` +
		parts.join('') +
		'</svg>'
	);
}
