/**
 * OASIS Common Alerting Protocol 1.2 documents. The types follow the standard's element names;
 * `buildCapXml` writes them in the schema's order. Only what the scheme uses is modelled.
 */
export const CAP_NAMESPACE = 'urn:oasis:names:tc:emergency:cap:1.2';

export type CapStatus = 'Actual' | 'Exercise' | 'System' | 'Test' | 'Draft';
export type CapMsgType = 'Alert' | 'Update' | 'Cancel' | 'Ack' | 'Error';
export type CapScope = 'Public' | 'Restricted' | 'Private';
export type CapCategory = 'Geo' | 'Met' | 'Safety' | 'Security' | 'Rescue' | 'Fire' | 'Health' | 'Env' | 'Transport' | 'Infra' | 'CBRNE' | 'Other';
export type CapUrgency = 'Immediate' | 'Expected' | 'Future' | 'Past' | 'Unknown';
export type CapSeverity = 'Extreme' | 'Severe' | 'Moderate' | 'Minor' | 'Unknown';
export type CapCertainty = 'Observed' | 'Likely' | 'Possible' | 'Unlikely' | 'Unknown';

export interface CapValue {
	valueName: string;
	value: string;
}

export interface CapCircle {
	lat: number;
	lon: number;
	radiusKm: number;
}

export interface CapArea {
	areaDesc: string;
	circles?: CapCircle[];
	geocodes?: CapValue[];
}

export interface CapInfo {
	language?: string;
	categories: CapCategory[];
	event: string;
	urgency: CapUrgency;
	severity: CapSeverity;
	certainty: CapCertainty;
	audience?: string;
	eventCodes?: CapValue[];
	/** Date-times with an offset (`2026-11-22T14:30:00+01:00`). */
	onset?: string;
	expires?: string;
	senderName?: string;
	headline?: string;
	description?: string;
	instruction?: string;
	parameters?: CapValue[];
	areas?: CapArea[];
}

export interface CapAlert {
	identifier: string;
	sender: string;
	/** Date-time with an offset, never `Z` (CAP 1.2 forbids it). */
	sent: string;
	status: CapStatus;
	msgType: CapMsgType;
	scope: CapScope;
	restriction?: string;
	note?: string;
	/** `sender,identifier,sent` of earlier messages, space separated. */
	references?: string;
	incidents?: string;
	info: CapInfo[];
}

/** CAP date-times: seconds and an explicit offset (`Z` and fractions are not allowed). */
const CAP_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[-+]\d{2}:\d{2}$/;

/** True when `value` is a valid CAP 1.2 date-time. */
export function isCapDateTime(value: string): boolean {
	return CAP_DATE_TIME.test(value);
}

/** XML-escapes text content; characters XML 1.0 forbids are dropped. */
export function escapeXml(text: string): string {
	return text
		.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/"/g, '&quot;');
}

/** A CAP identifier or sender: no spaces, commas or restricted characters (`<`, `&`). */
export function capToken(text: string): string {
	return text.replace(/[\s,<&>"']+/g, '-').replace(/^-+|-+$/g, '') || 'unknown';
}

const number = (n: number) => String(Math.round(n * 1e6) / 1e6);

function element(indent: string, name: string, value: string | undefined): string {
	return value === undefined || value === '' ? '' : `${indent}<${name}>${escapeXml(value)}</${name}>\n`;
}

function values(indent: string, name: string, list: CapValue[] | undefined): string {
	return (list ?? [])
		.map((v) => `${indent}<${name}>\n${element(`${indent}\t`, 'valueName', v.valueName)}${element(`${indent}\t`, 'value', v.value)}${indent}</${name}>\n`)
		.join('');
}

function area(indent: string, a: CapArea): string {
	const inner = `${indent}\t`;
	return (
		`${indent}<area>\n` +
		element(inner, 'areaDesc', a.areaDesc) +
		(a.circles ?? []).map((c) => element(inner, 'circle', `${number(c.lat)},${number(c.lon)} ${number(c.radiusKm)}`)).join('') +
		values(inner, 'geocode', a.geocodes) +
		`${indent}</area>\n`
	);
}

function info(indent: string, i: CapInfo): string {
	const inner = `${indent}\t`;
	return (
		`${indent}<info>\n` +
		element(inner, 'language', i.language) +
		i.categories.map((c) => element(inner, 'category', c)).join('') +
		element(inner, 'event', i.event) +
		element(inner, 'urgency', i.urgency) +
		element(inner, 'severity', i.severity) +
		element(inner, 'certainty', i.certainty) +
		element(inner, 'audience', i.audience) +
		values(inner, 'eventCode', i.eventCodes) +
		element(inner, 'onset', i.onset) +
		element(inner, 'expires', i.expires) +
		element(inner, 'senderName', i.senderName) +
		element(inner, 'headline', i.headline) +
		element(inner, 'description', i.description) +
		element(inner, 'instruction', i.instruction) +
		values(inner, 'parameter', i.parameters) +
		(i.areas ?? []).map((a) => area(inner, a)).join('') +
		`${indent}</info>\n`
	);
}

/**
 * Writes a CAP 1.2 XML document. Throws a RangeError for a date-time without offset or with `Z`,
 * which the standard forbids and receivers reject.
 */
export function buildCapXml(alert: CapAlert): string {
	const times = [alert.sent, ...alert.info.flatMap((i) => [i.onset, i.expires])].filter((t): t is string => t !== undefined);
	for (const time of times) {
		if (!isCapDateTime(time)) throw new RangeError(`CAP date-time "${time}" must look like 2026-11-22T14:30:00+01:00`);
	}
	return (
		'<?xml version="1.0" encoding="UTF-8"?>\n' +
		`<alert xmlns="${CAP_NAMESPACE}">\n` +
		element('\t', 'identifier', capToken(alert.identifier)) +
		element('\t', 'sender', capToken(alert.sender)) +
		element('\t', 'sent', alert.sent) +
		element('\t', 'status', alert.status) +
		element('\t', 'msgType', alert.msgType) +
		element('\t', 'scope', alert.scope) +
		element('\t', 'restriction', alert.restriction) +
		element('\t', 'note', alert.note) +
		element('\t', 'references', alert.references) +
		element('\t', 'incidents', alert.incidents) +
		alert.info.map((i) => info('\t', i)).join('') +
		'</alert>\n'
	);
}
