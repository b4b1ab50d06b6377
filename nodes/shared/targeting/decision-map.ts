import { communeByCode, departementContours, ringPoints, type ArcPolygons, type DepartementContours, type LonLat } from '../geo';
import type { Coordinates } from '../incident';
import { DIGIT_ADVANCE, digitsPath } from './map-digits';
import { KM_PER_DEGREE, pathOf, Projection, ringCentroid, round, simplifyArc, type Point } from './map-geometry';
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

/** Communes whose disc carries its count (the most SMS first); the others get a small unlabelled disc. */
const LABELLED_COMMUNES = 30;
/** Up to this many communes every disc is labelled; beyond, a commune with a single SMS is a plain dot (fifty "1"s only hide the map). */
const LABEL_SINGLES_UP_TO = 10;
/** Disc sizes are relative to the largest count, or to this when counts are all small (a "1" is not drawn as large as a "40"). */
const MIN_SCALE_SMS = 8;
/** Digits 12 units tall: about 10 px on a phone, the size of small print. */
const DIGIT_SIZE = 1.5;

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
