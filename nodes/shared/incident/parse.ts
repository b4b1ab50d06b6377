import { checkAuthentication } from './auth';
import { findEmailFiche, type FicheLines } from './body';
import { instantOf } from './dates';
import { ficheField, type FicheField } from './keys';
import { checkSender, parseAllowedSenders, type MailFrom } from './sender';
import { collapseSpaces, quote } from './text';
import type { MailHeaders } from './types';
import { MAX_DESCRIPTION, MAX_SHORT_TEXT, validateIncident, type IncidentError, type IncidentResult, type RawIncident, type ValidationOptions } from './validate';
import { matchIncidentType } from './vocabulary';

export interface IncidentEmail {
	/** The From header (`"CORG 63" <corg63@…>`) or the Email Trigger's address object. */
	from: MailFrom;
	subject?: string;
	text?: string;
	html?: string;
	/** The email's Date header: relative dates in the fiche (`aujourd'hui`) are read from it. */
	date?: string | Date;
	/**
	 * The email's headers (lower-case names to a string or an array of strings, top first), as the
	 * Email Trigger gives them (`headers`, or `metadata` in its Simple format) or mailparser does.
	 * Read for the From header(s) and, with `authServId`, for Authentication-Results.
	 */
	headers?: MailHeaders | Map<string, unknown>;
}

export interface EmailOptions extends Omit<ValidationOptions, 'referenceTime'> {
	/** Addresses (`sic-ddsp63@interieur.gouv.fr`) and domains (`@gendarmerie.interieur.gouv.fr`) allowed to send alerts. */
	allowedSenders: string[] | string;
	/**
	 * The receiving mail server's authserv-id (RFC 8601, e.g. `mx.cci63.fr`): when set, an email is
	 * accepted only if that server's Authentication-Results header says `dmarc=pass` for the From
	 * domain, or `dkim=pass` for a domain aligned with it (see `checkAuthentication`).
	 */
	authServId?: string;
}

/** Longest subject read, in characters: a real one is under 200. */
const MAX_SUBJECT = 1000;

/** Alert subject prefixes and reply/forward markers, removed before reading `<type> – <commune>`. */
const SUBJECT_PREFIX = /^\s*(?:(?:tr|fw|fwd|re|réf|ref|aw|wg|rv|trans)\s*(?:\[\d+\])?\s*:\s*|\[[^\]]*\]\s*)+/i;
const ALERT_PREFIX = /^\s*(?:alerte?s?[\s-]*commerces?|vigi[\s-]?commerces?|vigi[\s-]?entreprises?|vigilance[\s-]*commerces?|alerte)\s*[:–—-]?\s*/i;

/** Type and commune from a subject `ALERTE COMMERCES – <type> – <commune>` (any dash, prefix optional). */
export function parseSubject(subject: string | undefined): { type?: string; commune?: string } {
	if (!subject || subject.length > MAX_SUBJECT) return {};
	// Single spaces only: the prefix and dash patterns then cannot backtrack over long runs.
	const rest = subject.replace(/\s+/g, ' ').replace(SUBJECT_PREFIX, '').replace(ALERT_PREFIX, '').trim();
	const parts = rest.split(/\s+[-–—|]+\s+/).map((p) => p.trim()).filter(Boolean);
	if (parts.length >= 2) return { type: parts[0], commune: parts[parts.length - 1] };
	// "cambriolage Clermont-Ferrand": only a type can be told apart safely.
	return parts.length === 1 && matchIncidentType(parts[0]).ok ? { type: parts[0] } : {};
}

const joined = (lines: FicheLines, field: FicheField, separator = ' '): string | undefined => lines[field]?.join(separator);

/** Values of the fiche lines; a field given twice with different values is an error, not a guess. */
function rawFromLines(lines: FicheLines, errors: IncidentError[]): RawIncident & { day?: string; time?: string } {
	const single = (field: FicheField): string | undefined => {
		const values = [...new Set((lines[field] ?? []).map((v) => v.trim()).filter(Boolean))];
		if (values.length > 1) {
			errors.push({ field, message: `"${field}" is given twice with different values: ${values.map((v) => quote(v, 40)).join(' and ')}` });
		}
		return values[0];
	};
	return {
		type: single('type'),
		communes: joined(lines, 'communes', ';'),
		location: single('location'),
		coordinates: single('coordinates'),
		area: single('area'),
		occurredAt: single('occurredAt'),
		day: single('day'),
		time: single('time'),
		description: joined(lines, 'description'),
		suspects: joined(lines, 'suspects'),
		instruction: joined(lines, 'instruction'),
		reference: single('reference'),
		severity: single('severity'),
		code: single('code'),
	};
}

/** `Date : 22/11/2026` and `Heure : 14h30` on separate lines make one date of facts. */
function combineDate(raw: { occurredAt?: unknown; day?: string; time?: string }): unknown {
	if (raw.occurredAt !== undefined) return raw.occurredAt;
	if (raw.day || raw.time) return [raw.day ?? "aujourd'hui", raw.time].filter(Boolean).join(' ');
	return undefined;
}


/** Most characters a fiche field may hold, by field: the SMS texts' own limits, 1,000 for the rest. */
const FIELD_LIMITS: Partial<Record<FicheField, number>> = {
	description: MAX_DESCRIPTION,
	location: MAX_SHORT_TEXT,
	suspects: MAX_SHORT_TEXT,
	instruction: MAX_SHORT_TEXT,
};
const DEFAULT_FIELD_LIMIT = 1000;

/** Characters of a value as the validator counts them (white space collapsed); strings in a list add up. */
function textLength(value: unknown): number {
	if (typeof value === 'string') return value.replace(/\s+/g, ' ').trim().length;
	if (Array.isArray(value)) return value.reduce((sum: number, item) => sum + textLength(item) + 1, 0);
	return 0;
}

/**
 * Refuses, and removes, every value longer than its field's limit, so that nothing after the parser
 * (commune look-ups, link and date patterns) ever runs over more than a few hundred characters.
 */
function boundFields(raw: Record<string, unknown>, errors: IncidentError[]): void {
	for (const [field, value] of Object.entries(raw)) {
		const limit = FIELD_LIMITS[field as FicheField] ?? DEFAULT_FIELD_LIMIT;
		const length = textLength(value);
		if (length <= limit) continue;
		errors.push({ field, message: `The ${field} has ${length} characters; at most ${limit} are accepted` });
		raw[field] = undefined;
	}
}

/** Validation of the bounded fields, without a "missing" error for a field the bounds already refused. */
function validateBounded(raw: RawIncident, issuer: string, options: ValidationOptions, errors: IncidentError[]): IncidentResult {
	const result = validateIncident(raw, issuer, options);
	const refused = new Set(errors.map((e) => e.field));
	if (!result.ok) return { ok: false, errors: [...errors, ...result.errors.filter((e) => !refused.has(e.field))] };
	if (errors.length) return { ok: false, errors };
	return result;
}

/**
 * Reads a police incident email ("fiche alerte") into an Incident. The sender comes first: the
 * allowlist, the From header(s), and with `authServId` the receiving server's verdict; a refused
 * sender is answered at once, the body unread. Then the body, within its bounds (`MAX_BODY_TEXT`),
 * the optional shared code, the commune within the configured départements, the date and the texts
 * meant for the SMS. Linear in the size of the email; never throws: every problem is returned as an error.
 */
export function parseIncidentEmail(email: IncidentEmail, options: EmailOptions): IncidentResult {
	try {
		const allowed = parseAllowedSenders(options.allowedSenders);
		const sender = checkSender(email.from, allowed, email.headers);
		if (!sender.ok) return { ok: false, errors: [{ field: 'sender', message: sender.message }] };
		if (typeof options.authServId === 'string' && options.authServId.trim()) {
			const verdict = checkAuthentication(sender.address, email.headers, options.authServId);
			if (!verdict.ok) return { ok: false, errors: [{ field: 'sender', message: verdict.message }] };
		}

		const body = findEmailFiche(typeof email.text === 'string' ? email.text : '', typeof email.html === 'string' ? email.html : '');
		if (!body.ok) return { ok: false, errors: [{ field: 'body', message: body.message }] };
		const { fiche } = body;
		const errors: IncidentError[] = [];
		const subject = typeof email.subject === 'string' ? email.subject : undefined;
		if (subject && subject.length > MAX_SUBJECT) {
			errors.push({ field: 'subject', message: `The subject has ${subject.length} characters; at most ${MAX_SUBJECT} are read` });
		}

		const fromSubject = parseSubject(fiche?.subject);
		const mailSubject = parseSubject(subject);
		const raw: RawIncident & { day?: string; time?: string } = fiche ? rawFromLines(fiche.fields, errors) : {};
		raw.type ??= fromSubject.type ?? mailSubject.type;
		raw.communes ??= fromSubject.commune ?? mailSubject.commune;
		boundFields(raw as Record<string, unknown>, errors);
		raw.occurredAt = combineDate(raw);
		if (!fiche && !raw.type && !raw.communes) {
			errors.push({
				field: 'body',
				message: 'No fiche found in the email: expected lines such as "Type : faux billets" and "Commune : Issoire"',
			});
		}
		return validateBounded(raw, sender.address, { ...options, referenceTime: instantOf(email.date) }, errors);
	} catch (error) {
		// A parser bug must not let an email through or stop the workflow: refuse it, say why.
		return { ok: false, errors: [{ field: 'body', message: `The email could not be read (${error instanceof Error ? quote(error.message, 120) : 'unknown error'})` }] };
	}
}

export interface FieldsOptions extends Omit<ValidationOptions, 'referenceTime'> {
	/** Who reported the incident when the fields do not say (an operator's name, "formulaire"). */
	issuer?: string;
	/** The instant relative dates are read from (default: `now`). */
	referenceTime?: number;
}

/**
 * Reads an incident from form fields or JSON: keys in English (`type`, `communes`, `occurredAt`…)
 * or as the fiche names them (`Commune`, `Date des faits`…), values as text or typed JSON.
 * Shares every check with `parseIncidentEmail` except the sender, which the form or webhook authenticates.
 */
export function incidentFromFields(fields: Record<string, unknown>, options: FieldsOptions): IncidentResult {
	try {
		const errors: IncidentError[] = [];
		const raw: Partial<Record<FicheField, unknown>> = {};
		for (const [key, given] of Object.entries(fields ?? {}).slice(0, 200)) {
			if (key.length > 100) continue;
			const field = ficheField(key);
			// Single spaces only (line breaks kept: they separate communes), as in an email's fiche.
			const value = typeof given === 'string' ? collapseSpaces(given) : Array.isArray(given) ? given.slice(0, 1000).map((v) => (typeof v === 'string' ? collapseSpaces(v) : v)) : given;
			if (!field || value === undefined || value === null || value === '') continue;
			if (raw[field] !== undefined && JSON.stringify(raw[field]) !== JSON.stringify(value)) {
				errors.push({ field, message: `"${field}" is given twice (as "${key}" and another key) with different values` });
				continue;
			}
			raw[field] = value;
		}
		boundFields(raw, errors);
		const issuer = typeof raw.issuer === 'string' && raw.issuer.trim() ? raw.issuer.trim() : (options.issuer ?? 'formulaire');
		const input: RawIncident = {
			...raw,
			occurredAt: combineDate({
				occurredAt: raw.occurredAt,
				day: typeof raw.day === 'string' ? raw.day : undefined,
				time: typeof raw.time === 'string' ? raw.time : undefined,
			}),
		};
		return validateBounded(input, issuer, options, errors);
	} catch (error) {
		return { ok: false, errors: [{ field: 'input', message: `The fields could not be read (${error instanceof Error ? quote(error.message, 120) : 'unknown error'})` }] };
	}
}
