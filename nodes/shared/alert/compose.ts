import { createHash } from 'node:crypto';
import { buildCapXml, capToken, isCapDateTime, type CapArea, type CapValue } from '../cap';
import { communeByCode, epciByCode, arrondissementByCode, departementByCode } from '../geo';
import { instantOf, parisTime, toParisIso } from '../incident/dates';
import { fold } from '../incident/text';
import type { Incident } from '../incident/types';
import { SMS_FIELD_LABELS, smsContentErrors, type IncidentError } from '../incident/validate';
import { incidentTypeLabel, mayAnticipate } from '../incident/vocabulary';
import { smsInfo, validateSenderId, type SmsEncoding } from '../sms';
import { alertIdOfMessage, messageIdOf } from './message-id';
import { fill, part, TEMPLATES } from './templates';

export type AlertMsgType = 'Alert' | 'Update' | 'Cancel';

export interface ComposeOptions {
	/** Most SMS segments the text may take (default 2). */
	maxSegments?: number;
	/** Name at the head of the SMS (default from rules/templates.json, "Alerte Commerces"). */
	label?: string;
	/** SMS sender ID: ≤ 11 letters and digits, or a number. */
	sender?: string;
	/** Keep accents and typographic characters (UCS-2, 70 characters a segment) instead of transliterating to GSM-7. */
	unicode?: boolean;
	/** An exercise: the SMS says EXERCICE and the CAP status is Exercise. */
	exercise?: boolean;
	/** Alert (default), Update of an earlier alert, or Cancel ("Fin d'alerte"). */
	msgType?: AlertMsgType;
	/** For Update/Cancel: the original alert's id (`AC-…`) or its CAP reference `sender,identifier,sent`. */
	references?: string;
	/** Instruction used when the incident has none (default `Ne pas intervenir, ne pas transférer ce SMS.`). */
	instruction?: string;
	/** For an end of alert: what the officer adds before the closing words, e.g. `Individu interpellé.` */
	endNote?: string;
	/** When the alert is issued (default now); written in Paris time. */
	sent?: Date | number | string;
	/** CAP `sender` (default: the incident's issuer, or `alerte-commerces`). */
	capSender?: string;
}

/** A composed alert: the SMS as it will be sent, its cost, and its CAP 1.2 form. */
export interface Alert {
	/** Identifies the alert: the same incident always gives the same id; updates and cancels keep the original's. */
	alertId: string;
	/** Identifies this message (CAP identifier): the alert id, or the id with -MAJ-…/-FIN for updates and cancels. */
	messageId: string;
	msgType: AlertMsgType;
	status: 'Actual' | 'Exercise';
	text: string;
	encoding: SmsEncoding;
	segments: number;
	/** Characters as a reader counts them. */
	characters: number;
	/** Septets (GSM-7) or UTF-16 units (UCS-2), what the network counts. */
	units: number;
	/** Optional parts removed to fit `maxSegments`, in the order they were removed. */
	dropped: Array<'suspects' | 'location' | 'description' | 'words'>;
	sender?: string;
	/** ISO 8601 with offset. */
	sent: string;
	/** `sender,identifier,sent`: what an Update or Cancel of this alert puts in `references`. */
	capReference: string;
	cap: string;
}

export type ComposeResult = { ok: true; alert: Alert } | { ok: false; errors: IncidentError[] };

/** Thrown by `composeAlert` when the incident cannot become an alert; `errors` says why. */
export class AlertRefusedError extends Error {
	constructor(readonly errors: IncidentError[]) {
		super(errors.map((e) => e.message).join('; '));
		this.name = 'AlertRefusedError';
	}
}

const norm = (text: string | undefined) => (text ? fold(text).replace(/[^a-z0-9]+/g, ' ').trim() : '');

/**
 * The alert id of an incident: a hash of its normalised content (case, accents, spacing and
 * punctuation ignored, communes sorted), so a re-delivered or re-formatted fiche gives the same id.
 * The issuer is left out: the same fiche forwarded by a second allowed sender is the same alert.
 */
export function alertIdOf(incident: Incident, options: { exercise?: boolean } = {}): string {
	const content = [
		incident.type,
		[...incident.communes].sort().join(','),
		incident.area ? `${incident.area.level}:${incident.area.radiusKm ?? ''}:${(incident.area.zones ?? []).map(norm).join(',')}` : '',
		norm(incident.location),
		incident.coordinates ? `${incident.coordinates.lat.toFixed(5)},${incident.coordinates.lon.toFixed(5)}` : '',
		incident.occurredAt ? new Date(incident.occurredAt).toISOString() : '',
		norm(incident.description),
		norm(incident.suspects),
		norm(incident.instruction),
		norm(incident.reference),
	].join('|');
	const hash = createHash('sha256').update(content).digest('hex').slice(0, 16).toUpperCase();
	return `${options.exercise ? 'EX' : 'AC'}-${hash}`;
}

const sentence = (text: string | undefined): string | undefined => {
	const trimmed = text?.trim();
	if (!trimmed) return undefined;
	return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

/** `text` with its first letter a capital, past any opening quote, dash or bracket ("« deux" → "« Deux"); digits stay ("14h30 …"). */
const upperFirst = (text: string) => text.replace(/^([\s"'«“(\[-]*)(\p{Ll})/u, (_, lead: string, letter: string) => lead + letter.toUpperCase());

/** True when the part `{name}` opens a sentence in its wrapper template (nothing written before it). */
const opensSentence = (wrapper: string, name: string) => wrapper.trimStart().startsWith(`{${name}}`);

function communeNames(codes: string[]): string[] {
	return codes.map((code) => communeByCode(code)?.name ?? code);
}

function placeText(codes: string[]): string {
	const names = communeNames(codes);
	const list = names.length > 1
		? `${names.slice(0, -1).join(TEMPLATES.placeJoin.separator)}${TEMPLATES.placeJoin.last}${names[names.length - 1]}`
		: names[0] ?? '';
	let place = fill(TEMPLATES.place, { communes: list });
	for (const [from, to] of TEMPLATES.elisions) if (place.startsWith(from)) place = to + place.slice(from.length);
	return place;
}

/** When the facts happened ("le 22/11 à 14h30") or, for a planned event, when it is expected ("samedi 05/12 dès 14h"). */
function timeText(occurredAt: string | undefined, short: boolean, anticipated: boolean): string | undefined {
	if (!occurredAt) return undefined;
	const t = parisTime(Date.parse(occurredAt));
	const date = `${String(t.day).padStart(2, '0')}/${String(t.month).padStart(2, '0')}`;
	const dateOnly = t.hour === 0 && t.minute === 0;
	const hour = `${t.hour}h${t.minute ? String(t.minute).padStart(2, '0') : ''}`;
	const wording = anticipated ? TEMPLATES.anticipation : TEMPLATES;
	const template = short ? (dateOnly ? wording.timeShortDateOnly : wording.timeShort) : dateOnly ? wording.timeDateOnly : wording.time;
	const weekday = TEMPLATES.anticipation.weekdays[new Date(Date.UTC(t.year, t.month - 1, t.day)).getUTCDay()];
	return fill(template, { date, hour, weekday });
}

/** Default future tolerance of validateIncident: an incident built by hand dated further ahead is a planned event. */
const FUTURE_TOLERANCE_MS = 30 * 60000;

/**
 * True when the alert warns of a planned event: as validateIncident decided, or, for an incident
 * built by hand, when its type may anticipate and its date is ahead of the sending time.
 */
function isAnticipation(incident: Incident, sentMs: number): boolean {
	if (incident.anticipated !== undefined) return incident.anticipated && mayAnticipate(incident.type);
	const at = incident.occurredAt ? Date.parse(incident.occurredAt) : Number.NaN;
	return mayAnticipate(incident.type) && at > sentMs + FUTURE_TOLERANCE_MS;
}

const ABBREVIATIONS = Object.entries(TEMPLATES.abbreviations).map(
	([word, short]) => [new RegExp(`(?<![\\p{L}\\p{N}-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}-])`, 'gu'), short] as const,
);

function abbreviate(text: string): string {
	return ABBREVIATIONS.reduce((out, [pattern, short]) => out.replace(pattern, short), text);
}

interface FitState {
	suspects: boolean;
	location: boolean;
	/** Words of the description kept (from the start). */
	words: number;
	abbreviated: boolean;
}

interface TextParts {
	template: string;
	prefix: string;
	facts: string;
	place: string;
	location?: string;
	occurredAt?: string;
	anticipated: boolean;
	description: string[];
	suspects?: string;
	instruction: string;
}

function render(parts: TextParts, state: FitState): string {
	const short = (text: string) => (state.abbreviated ? abbreviate(text) : text);
	const kept = parts.description.slice(0, state.words).join(' ').replace(/[\s,;:–-]+$/, '');
	const cut = state.words < parts.description.length;
	const description = kept ? short(cut ? `${kept}${TEMPLATES.ellipsis}` : kept) : undefined;
	const text = fill(parts.template, {
		prefix: short(parts.prefix),
		facts: short(parts.facts),
		place: parts.place,
		location: state.location ? part(TEMPLATES.parts.location, 'location', parts.location) : '',
		time: part(TEMPLATES.parts.time, 'time', timeText(parts.occurredAt, state.abbreviated, parts.anticipated)),
		description: part(TEMPLATES.parts.description, 'description', sentence(description)),
		suspects: state.suspects ? part(TEMPLATES.parts.suspects, 'suspects', sentence(parts.suspects)) : '',
		instruction: part(TEMPLATES.parts.instruction, 'instruction', parts.instruction),
	});
	return text.replace(/\s+/g, ' ').replace(/\s+([.,])/g, '$1').trim();
}

/**
 * The text that fits `maxSegments`, dropping in order: suspects, location detail, the tail of the
 * description (word by word), then shortening words. The place and the instruction are never cut.
 */
function fit(parts: TextParts, maxSegments: number, unicode: boolean): { text: string; dropped: Alert['dropped'] } | undefined {
	const fits = (state: FitState) => smsInfo(render(parts, state), { unicode }).segments <= maxSegments;
	const all = parts.description.length;
	const done = (state: FitState) => {
		const dropped: Alert['dropped'] = [];
		if (parts.suspects && !state.suspects) dropped.push('suspects');
		if (parts.location && !state.location) dropped.push('location');
		if (state.words < all) dropped.push('description');
		if (state.abbreviated) dropped.push('words');
		return { text: render(parts, state), dropped };
	};
	const steps: FitState[] = [
		{ suspects: true, location: true, words: all, abbreviated: false },
		{ suspects: false, location: true, words: all, abbreviated: false },
		{ suspects: false, location: false, words: all, abbreviated: false },
	];
	for (const state of steps) if (fits(state)) return done(state);
	for (const abbreviated of [false, true]) {
		const base = { suspects: false, location: false, abbreviated };
		if (!fits({ ...base, words: 0 })) continue;
		// The longest description head that fits (the length grows with the number of words kept).
		let low = 0;
		let high = all;
		while (low < high) {
			const middle = Math.ceil((low + high) / 2);
			if (fits({ ...base, words: middle })) low = middle;
			else high = middle - 1;
		}
		return done({ ...base, words: low });
	}
	return undefined;
}

function parseReferences(references: string | undefined, capSender: string): { alertId: string; references: string } | undefined {
	const value = references?.trim();
	if (!value) return undefined;
	if (value.includes(',')) {
		const first = value.split(/\s+/)[0].split(',');
		if (first.length !== 3 || !first[1]) return undefined;
		return { alertId: alertIdOfMessage(first[1]), references: value };
	}
	const alertId = capToken(value);
	return { alertId, references: `${capToken(capSender)},${alertId}` };
}

function areaDescription(incident: Incident): string {
	const names = incident.communes.map((code) => {
		const commune = communeByCode(code);
		return commune ? `${commune.name} (${code})` : code;
	});
	const first = communeByCode(incident.communes[0] ?? '');
	const area = incident.area;
	let perimeter = '';
	if (area?.level === 'radius') perimeter = ` - rayon ${area.radiusKm} km`;
	else if (area?.level === 'epci' && first?.epci) perimeter = ` - ${epciByCode(first.epci)?.name ?? 'agglomération'}`;
	else if (area?.level === 'arrondissement' && first?.arrondissement) {
		perimeter = ` - arrondissement de ${arrondissementByCode(first.arrondissement)?.name ?? first.arrondissement}`;
	} else if (area?.level === 'departement' && first) perimeter = ` - ${departementByCode(first.departement)?.name ?? first.departement}`;
	else if (area?.level === 'zones') perimeter = ` - zones ${(area.zones ?? []).join(', ')}`;
	return `${names.join(', ')}${perimeter}`;
}


/** Names and kinds are looked for part by part (a template's words are not names); links, numbers and plates also in the whole SMS. */
const WHOLE_TEXT_KINDS = ['link', 'ip', 'phone', 'plate'] as const;

/**
 * What the texts that reach the SMS carry that they may not: the same refusals validateIncident
 * gives, so an incident built by hand and passed straight to composeAlert is held to them too.
 */
function contentErrors(incident: Incident, options: ComposeOptions, cancel: boolean): IncidentError[] {
	const errors: IncidentError[] = [];
	for (const field of Object.keys(SMS_FIELD_LABELS) as Array<keyof typeof SMS_FIELD_LABELS>) {
		const text = incident[field];
		if (typeof text === 'string' && text.trim()) errors.push(...smsContentErrors(field, SMS_FIELD_LABELS[field], text));
	}
	if (!incident.instruction && options.instruction) errors.push(...smsContentErrors('instruction', 'default instruction (option)', options.instruction));
	if (cancel && options.endNote) errors.push(...smsContentErrors('endNote', 'end-of-alert note', options.endNote));
	if (options.label) errors.push(...smsContentErrors('label', 'label (option)', options.label, WHOLE_TEXT_KINDS));
	return errors;
}

/** Composes the SMS and CAP document of an incident, or returns why it cannot (never throws for bad input). */
export function tryComposeAlert(incident: Incident, options: ComposeOptions = {}): ComposeResult {
	const errors: IncidentError[] = [];
	const maxSegments = options.maxSegments ?? 2;
	if (!Number.isInteger(maxSegments) || maxSegments < 1 || maxSegments > 10) {
		errors.push({ field: 'maxSegments', message: `Max segments must be a whole number from 1 to 10 (got ${maxSegments})` });
	}
	let sender: string | undefined;
	if (options.sender !== undefined && options.sender.trim() !== '') {
		const check = validateSenderId(options.sender);
		if (check.ok) sender = check.senderId;
		else errors.push({ field: 'sender', message: check.message });
	}
	const msgType = options.msgType ?? 'Alert';
	const exercise = options.exercise === true;
	const capSender = capToken(options.capSender ?? (/^[^@\s]+@[^@\s]+$/.test(incident.issuer) ? incident.issuer : 'alerte-commerces'));
	const original = msgType === 'Alert' ? undefined : parseReferences(options.references, capSender);
	if (msgType !== 'Alert' && !original) {
		errors.push({
			field: 'references',
			message: `An ${msgType === 'Update' ? 'update' : 'end-of-alert (Cancel)'} needs the original alert's id (AC-…) or CAP reference (sender,identifier,sent)`,
		});
	}
	errors.push(...contentErrors(incident, options, msgType === 'Cancel'));
	const sentMs = instantOf(options.sent) ?? Date.now();
	const sent = toParisIso(sentMs);
	if (!isCapDateTime(sent)) errors.push({ field: 'sent', message: `Cannot write the sending time ${sent}` });
	if (errors.length) return { ok: false, errors };

	const typeTemplate = TEMPLATES.types[incident.type];
	const label = options.label?.trim() || TEMPLATES.label;
	const cancel = msgType === 'Cancel';
	const closing = [sentence(upperFirst(options.endNote?.trim() ?? '')), sentence(TEMPLATES.cancel.instruction)].filter(Boolean).join(' ');
	const instruction = cancel ? closing : sentence(upperFirst((incident.instruction || options.instruction || TEMPLATES.instruction).trim())) ?? '';
	const description = (incident.description ?? '').trim();
	const anticipated = isAnticipation(incident, sentMs);
	const facts = typeTemplate?.facts ?? incidentTypeLabel(incident.type);
	const suspects = incident.suspects && opensSentence(TEMPLATES.parts.suspects, 'suspects') ? upperFirst(incident.suspects) : incident.suspects;
	const parts: TextParts = {
		template: cancel ? TEMPLATES.cancel.sms : typeTemplate?.sms ?? TEMPLATES.sms,
		prefix: fill(TEMPLATES.parts.prefix, {
			exercise: exercise ? TEMPLATES.parts.exercise : '',
			label,
			update: msgType === 'Update' ? TEMPLATES.parts.update : '',
		}),
		facts: anticipated ? typeTemplate?.anticipation?.facts ?? fill(TEMPLATES.anticipation.facts, { facts }) : facts,
		place: placeText(incident.communes),
		location: incident.location,
		occurredAt: incident.occurredAt,
		anticipated,
		description: description ? upperFirst(description).split(/\s+/) : [],
		suspects,
		instruction,
	};
	const fitted = fit(parts, maxSegments, options.unicode === true);
	if (!fitted) {
		const minimum = smsInfo(render(parts, { suspects: false, location: false, words: 0, abbreviated: true }), { unicode: options.unicode === true });
		return {
			ok: false,
			errors: [{
				field: 'text',
				message: `The SMS needs ${minimum.segments} segments even with only the type, the place and the instruction (${minimum.units} ${minimum.encoding === 'GSM-7' ? 'septets' : 'UCS-2 units'}); at most ${maxSegments} are allowed. Shorten the instruction or the list of communes, or allow more segments`,
			}],
		};
	}
	const info = smsInfo(fitted.text, { unicode: options.unicode === true });
	// The parts were checked one by one; the SMS as sent is checked whole, in case parts joined into something.
	const whole = smsContentErrors('text', 'SMS', info.text, WHOLE_TEXT_KINDS);
	if (whole.length) return { ok: false, errors: whole };

	const alertId = original?.alertId ?? alertIdOf(incident, { exercise });
	const messageId = messageIdOf(alertId, msgType, alertIdOf(incident, { exercise }));
	const severity = (incident.severity as typeof typeTemplate.severity | undefined) ?? typeTemplate?.severity ?? 'Unknown';
	const event = typeTemplate?.event ?? incidentTypeLabel(incident.type);
	const headline = cancel
		? `${TEMPLATES.cap.cancelHeadline} - ${parts.facts} ${parts.place}`
		: `${parts.facts} ${parts.place}${parts.location ? ` (${parts.location})` : ''}`;
	const descriptionParts = [description, incident.suspects ? `Signalement : ${incident.suspects}` : ''].filter(Boolean);
	const parameters: CapValue[] = [{ valueName: 'alerte-commerces:alertId', value: alertId }];
	if (incident.area) parameters.push({ valueName: 'alerte-commerces:perimetre', value: incident.area.level });
	if (incident.reference) parameters.push({ valueName: 'alerte-commerces:reference', value: incident.reference });
	const area: CapArea = {
		areaDesc: areaDescription(incident),
		geocodes: incident.communes.map((code) => ({ valueName: 'INSEE', value: code })),
	};
	if (incident.coordinates && incident.area?.level === 'radius' && incident.area.radiusKm) {
		area.circles = [{ ...incident.coordinates, radiusKm: incident.area.radiusKm }];
	}
	const cap = buildCapXml({
		identifier: messageId,
		sender: capSender,
		sent,
		status: exercise ? 'Exercise' : 'Actual',
		msgType,
		scope: 'Restricted',
		restriction: TEMPLATES.cap.restriction,
		references: original?.references,
		incidents: incident.reference ? capToken(incident.reference) : undefined,
		info: [
			{
				language: 'fr-FR',
				categories: ['Security'],
				event,
				// A planned event is expected, not yet observed: onset says when.
				urgency: anticipated ? 'Expected' : 'Immediate',
				severity,
				certainty: anticipated ? 'Likely' : 'Observed',
				audience: TEMPLATES.cap.audience,
				eventCodes: [{ valueName: 'alerte-commerces:type', value: incident.type }],
				onset: incident.occurredAt && isCapDateTime(incident.occurredAt) ? incident.occurredAt : undefined,
				senderName: label,
				headline,
				description: descriptionParts.join('\n') || undefined,
				instruction,
				parameters,
				areas: [area],
			},
		],
	});
	return {
		ok: true,
		alert: {
			alertId,
			messageId,
			msgType,
			status: exercise ? 'Exercise' : 'Actual',
			text: info.text,
			encoding: info.encoding,
			segments: info.segments,
			characters: info.characters,
			units: info.units,
			dropped: fitted.dropped,
			...(sender ? { sender } : {}),
			sent,
			capReference: `${capSender},${capToken(messageId)},${sent}`,
			cap,
		},
	};
}

/** Composes the SMS and CAP document of an incident; throws AlertRefusedError when it cannot. */
export function composeAlert(incident: Incident, options: ComposeOptions = {}): Alert {
	const result = tryComposeAlert(incident, options);
	if (!result.ok) throw new AlertRefusedError(result.errors);
	return result.alert;
}
