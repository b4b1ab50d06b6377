import { findFiche, htmlToText, type Fiche, type FicheLines } from './body';
import { ficheField, type FicheField } from './keys';
import { checkSender, parseAllowedSenders, type MailFrom } from './sender';
import { quote } from './text';
import { validateIncident, type IncidentError, type IncidentResult, type RawIncident, type ValidationOptions } from './validate';
import { matchIncidentType } from './vocabulary';

export interface IncidentEmail {
	/** The From header (`"CORG 63" <corg63@…>`) or the Email Trigger's address object. */
	from: MailFrom;
	subject?: string;
	text?: string;
	html?: string;
	/** The email's Date header: relative dates in the fiche (`aujourd'hui`) are read from it. */
	date?: string | Date;
}

export interface EmailOptions extends Omit<ValidationOptions, 'referenceTime'> {
	/** Addresses (`sic-ddsp63@interieur.gouv.fr`) and domains (`@gendarmerie.interieur.gouv.fr`) allowed to send alerts. */
	allowedSenders: string[] | string;
}

/** Alert subject prefixes and reply/forward markers, removed before reading `<type> – <commune>`. */
const SUBJECT_PREFIX = /^\s*(?:(?:tr|fw|fwd|re|réf|ref|aw|wg|rv|trans)\s*(?:\[\d+\])?\s*:\s*|\[[^\]]*\]\s*)+/i;
const ALERT_PREFIX = /^\s*(?:alerte?s?[\s-]*commerces?|vigi[\s-]?commerces?|vigi[\s-]?entreprises?|vigilance[\s-]*commerces?|alerte)\s*[:–—-]?\s*/i;

/** Type and commune from a subject `ALERTE COMMERCES – <type> – <commune>` (any dash, prefix optional). */
export function parseSubject(subject: string | undefined): { type?: string; commune?: string } {
	if (!subject) return {};
	const rest = subject.replace(SUBJECT_PREFIX, '').replace(ALERT_PREFIX, '').trim();
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

function instant(value: string | Date | undefined): number | undefined {
	if (value === undefined) return undefined;
	const ms = value instanceof Date ? value.getTime() : Date.parse(value);
	return Number.isNaN(ms) ? undefined : ms;
}

/**
 * Reads a police incident email ("fiche alerte") into an Incident, checking the sender against the
 * allowlist, the optional shared code, the commune within the configured départements, the date
 * and the texts meant for the SMS. Never throws: every problem is returned as an error.
 */
export function parseIncidentEmail(email: IncidentEmail, options: EmailOptions): IncidentResult {
	try {
		const errors: IncidentError[] = [];
		const allowed = parseAllowedSenders(options.allowedSenders);
		const sender = checkSender(email.from, allowed);
		if (!sender.ok) errors.push({ field: 'from', message: sender.message });

		const text = typeof email.text === 'string' ? email.text : '';
		const html = typeof email.html === 'string' ? email.html : '';
		let fiche: Fiche | undefined = text.trim() ? findFiche(text) : undefined;
		if (!fiche && html.trim()) fiche = findFiche(htmlToText(html));

		const fromSubject = parseSubject(fiche?.subject);
		const mailSubject = parseSubject(typeof email.subject === 'string' ? email.subject : undefined);
		const raw: RawIncident & { day?: string; time?: string } = fiche ? rawFromLines(fiche.fields, errors) : {};
		raw.type ??= fromSubject.type ?? mailSubject.type;
		raw.communes ??= fromSubject.commune ?? mailSubject.commune;
		raw.occurredAt = combineDate(raw);
		if (!fiche && !raw.type && !raw.communes) {
			errors.push({
				field: 'body',
				message: 'No fiche found in the email: expected lines such as "Type : faux billets" and "Commune : Issoire"',
			});
		}

		const issuer = sender.ok ? sender.address : '';
		const result = validateIncident(raw, issuer, { ...options, referenceTime: instant(email.date) });
		if (!result.ok) return { ok: false, errors: [...errors, ...result.errors] };
		if (errors.length) return { ok: false, errors };
		return result;
	} catch (error) {
		// A parser bug must not let an email through or stop the workflow: refuse it, say why.
		return { ok: false, errors: [{ field: 'body', message: `The email could not be read (${error instanceof Error ? error.message : String(error)})` }] };
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
		for (const [key, value] of Object.entries(fields ?? {})) {
			const field = ficheField(key);
			if (!field || value === undefined || value === null || value === '') continue;
			if (raw[field] !== undefined && JSON.stringify(raw[field]) !== JSON.stringify(value)) {
				errors.push({ field, message: `"${field}" is given twice (as "${key}" and another key) with different values` });
				continue;
			}
			raw[field] = value;
		}
		const issuer = typeof raw.issuer === 'string' && raw.issuer.trim() ? raw.issuer.trim() : (options.issuer ?? 'formulaire');
		const input: RawIncident = {
			...raw,
			occurredAt: combineDate({
				occurredAt: raw.occurredAt,
				day: typeof raw.day === 'string' ? raw.day : undefined,
				time: typeof raw.time === 'string' ? raw.time : undefined,
			}),
		};
		const result = validateIncident(input, issuer, options);
		if (!result.ok) return { ok: false, errors: [...errors, ...result.errors] };
		if (errors.length) return { ok: false, errors };
		return result;
	} catch (error) {
		return { ok: false, errors: [{ field: 'input', message: `The fields could not be read (${error instanceof Error ? error.message : String(error)})` }] };
	}
}
