import { gsm7Septets, isGsm7, toGsm7 } from './gsm7';

export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** Capacity of one SMS, alone or as part of a concatenated message (the UDH takes the difference). */
export const SEGMENT_LIMITS: Readonly<Record<SmsEncoding, { single: number; multi: number }>> = {
	'GSM-7': { single: 160, multi: 153 },
	'UCS-2': { single: 70, multi: 67 },
};

export interface SmsInfo {
	/** The text as it will be sent (transliterated to GSM-7 unless `unicode` was asked for). */
	text: string;
	encoding: SmsEncoding;
	/** Characters as a reader counts them (Unicode code points). */
	characters: number;
	/** Septets (GSM-7) or UTF-16 code units (UCS-2): what the network counts. */
	units: number;
	segments: number;
	/** Units available in each segment for this message (160/153 or 70/67). */
	perSegment: number;
}

export interface SmsOptions {
	/** Keep characters outside GSM-7 (the SMS becomes UCS-2) instead of transliterating them. */
	unicode?: boolean;
}

/** The encoding a text needs as it stands: GSM-7 when every character is in the GSM 03.38 tables. */
export function smsEncoding(text: string): SmsEncoding {
	return isGsm7(text) ? 'GSM-7' : 'UCS-2';
}

/** Cost of each character in the units of `encoding` (extension characters 2, surrogate pairs 2). */
function unitCosts(text: string, encoding: SmsEncoding): number[] {
	const costs: number[] = [];
	for (const char of text) costs.push(encoding === 'GSM-7' ? (gsm7Septets(char) ?? 1) : char.length);
	return costs;
}

/**
 * Segments needed for characters of these costs. Packing is greedy and never splits a character:
 * an escaped GSM-7 character or a UTF-16 surrogate pair cannot straddle two segments.
 */
function packSegments(costs: number[], encoding: SmsEncoding): number {
	const total = costs.reduce((sum, cost) => sum + cost, 0);
	if (total === 0) return 0;
	const { single, multi } = SEGMENT_LIMITS[encoding];
	if (total <= single) return 1;
	let segments = 1;
	let used = 0;
	for (const cost of costs) {
		if (used + cost > multi) {
			segments++;
			used = 0;
		}
		used += cost;
	}
	return segments;
}

/** Septets of a GSM-7 text (extension characters count two); undefined when the text is not GSM-7. */
export function countSeptets(text: string): number | undefined {
	let septets = 0;
	for (const char of text) {
		const cost = gsm7Septets(char);
		if (cost === undefined) return undefined;
		septets += cost;
	}
	return septets;
}

/** Encoding, length and segment count of `text` as it would be sent. */
export function smsInfo(text: string, options: SmsOptions = {}): SmsInfo {
	const sent = options.unicode ? text : toGsm7(text);
	const encoding = smsEncoding(sent);
	const costs = unitCosts(sent, encoding);
	const units = costs.reduce((sum, cost) => sum + cost, 0);
	const segments = packSegments(costs, encoding);
	const { single, multi } = SEGMENT_LIMITS[encoding];
	return { text: sent, encoding, characters: costs.length, units, segments, perSegment: segments > 1 ? multi : single };
}

/** Number of SMS segments `text` costs (0 for an empty text). */
export function countSegments(text: string, options: SmsOptions = {}): number {
	return smsInfo(text, options).segments;
}
