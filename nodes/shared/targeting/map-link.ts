/**
 * The decision map as a link. n8n's form pages strip inline SVG and data: images, and an email
 * cannot run code, so a page shows the map as `<img src="…?carte=…">` served by a webhook of the
 * same n8n (workflow 12). The link carries everything the drawing needs — the place, the
 * communes reached, the SMS per commune — compressed, so the webhook reads no database and the
 * link shows nothing the page around it does not already show.
 */
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import { communeByCode, communesOfDepartement } from '../geo';
import type { DecisionSummary } from './decision';
import type { DecisionPlace } from './decision-map';

/** What decisionMap draws: the place, and the SMS per commune. */
export type DecisionMapData = Pick<DecisionSummary, 'place' | 'messages'> & { byCommune: Array<{ key: string; sms: number }> };

/** Longest parameter read (characters): a département-wide alert needs about 2,000. */
export const MAX_MAP_PARAMETER = 12_000;
const MAX_INFLATED_BYTES = 256_000;
const MAX_CODES = 6_000;
const VERSION = 1;
/** The communes of a whole département, written as its code and this mark. */
const WHOLE = '*';

/** The compact JSON in the link: short keys, numbers rounded to what a map shows. */
interface Packed {
	v: number;
	/** Incident communes, first where it happened. */
	i: string[];
	/** Incident coordinates [lon, lat]. */
	c?: [number, number];
	/** Communes covered; `63*` for every commune of a département. */
	r: string[];
	/** Radius circles: [lon, lat, km]. */
	k: Array<[number, number, number]>;
	/** SMS per commune: [code, sms]. */
	s: Array<[string, number]>;
	/** Total SMS. */
	m: number;
}

const round = (value: number, digits: number) => Math.round(value * 10 ** digits) / 10 ** digits;

/** Communes covered, a département's code standing for all of its communes when all are there (and they are many). */
function packReached(codes: readonly string[]): string[] {
	const set = new Set(codes);
	const departementOf = (code: string) => communeByCode(code)?.departement;
	const departements = new Set([...set].map(departementOf).filter((d): d is string => d !== undefined));
	const whole = new Set(
		[...departements].filter((d) => {
			const communes = communesOfDepartement(d);
			return communes.length >= 50 && communes.every((c) => set.has(c.code));
		}),
	);
	const rest = [...set].filter((code) => !whole.has(departementOf(code) ?? ''));
	return [...[...whole].map((d) => `${d}${WHOLE}`), ...rest];
}

function unpackReached(codes: readonly string[]): string[] {
	return codes.flatMap((code) => (code.endsWith(WHOLE) ? communesOfDepartement(code.slice(0, -1)).map((c) => c.code) : [code]));
}

/** The link parameter of a decision map (base64url of deflated JSON); empty when the summary has no place. */
export function decisionMapParameter(summary: DecisionMapData): string {
	const place = summary.place;
	if (!place) return '';
	const packed: Packed = {
		v: VERSION,
		i: place.incident,
		...(place.coordinates ? { c: [round(place.coordinates.lon, 5), round(place.coordinates.lat, 5)] as [number, number] } : {}),
		r: packReached(place.reached),
		k: place.circles.map((c) => [round(c.center.lon, 5), round(c.center.lat, 5), c.radiusKm]),
		s: summary.byCommune.map((g) => [g.key, g.sms]),
		m: summary.messages,
	};
	return deflateRawSync(Buffer.from(JSON.stringify(packed)), { level: 9 }).toString('base64url');
}

const CODE = /^(?:\d[\dAB]\d{3}|\d{2,3}\*)$/;
const isCode = (value: unknown): value is string => typeof value === 'string' && CODE.test(value);
const isNumber = (value: unknown, min: number, max: number): value is number => typeof value === 'number' && Number.isFinite(value) && value >= min && value <= max;
const isLonLat = (value: unknown): boolean => Array.isArray(value) && value.length >= 2 && isNumber(value[0], -180, 180) && isNumber(value[1], -90, 90);

/** A map link that Sector Targeting did not make, or that lost characters on the way. */
export class InvalidMapLinkError extends Error {
	constructor(why: string) {
		super(`This map link cannot be read: ${why}`);
		this.name = 'InvalidMapLinkError';
	}
}

const refused = (why: string) => new InvalidMapLinkError(why);

/** Reads a link parameter back into what decisionMap draws; throws a FieldError on anything it did not make. */
export function decisionMapFromParameter(parameter: string): DecisionMapData {
	const text = String(parameter ?? '').trim();
	if (!text) throw refused('it is empty');
	if (text.length > MAX_MAP_PARAMETER || !/^[A-Za-z0-9_-]+$/.test(text)) throw refused('it is too long or not in its format');
	let packed: Partial<Packed>;
	try {
		packed = JSON.parse(inflateRawSync(Buffer.from(text, 'base64url'), { maxOutputLength: MAX_INFLATED_BYTES }).toString('utf8')) as Partial<Packed>;
	} catch {
		throw refused('it is cut or altered');
	}
	const { i, c, r, k, s, m } = packed;
	const codes = (value: unknown): value is string[] => Array.isArray(value) && value.length <= MAX_CODES && value.every(isCode);
	if (packed.v !== VERSION || !codes(i) || !codes(r) || (c !== undefined && !isLonLat(c))) throw refused('its place is not valid');
	if (!Array.isArray(k) || k.length > 20 || !k.every((circle) => isLonLat(circle) && isNumber(circle[2], 0, 1000))) throw refused('its circles are not valid');
	if (!Array.isArray(s) || s.length > MAX_CODES || !s.every((g) => Array.isArray(g) && isCode(g[0]) && isNumber(g[1], 0, 10_000_000))) throw refused('its counts are not valid');
	if (!isNumber(m, 0, 10_000_000)) throw refused('its total is not valid');
	const place: DecisionPlace = {
		incident: i,
		...(c ? { coordinates: { lon: c[0], lat: c[1] } } : {}),
		reached: unpackReached(r),
		circles: k.map(([lon, lat, km]) => ({ center: { lon, lat }, radiusKm: km })),
	};
	return { place, byCommune: s.map(([key, sms]) => ({ key, sms })), messages: m };
}
