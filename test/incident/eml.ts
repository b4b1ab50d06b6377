import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IncidentEmail } from '../../nodes/shared/incident';

/** The sample emails of shared/examples/incidents, copied so the tests do not depend on a folder beside the clone. */
export const SAMPLES_DIR = join(__dirname, '../fixtures/incidents');

/**
 * A raw 8-bit message as the Email Trigger would hand it over: headers unfolded, the body as
 * `text` or `html` by its Content-Type (the samples are single-part, already decoded).
 */
export function parseEml(raw: string): IncidentEmail {
	const normalized = raw.replace(/\r\n/g, '\n');
	const split = normalized.indexOf('\n\n');
	const head = split < 0 ? normalized : normalized.slice(0, split);
	const body = split < 0 ? '' : normalized.slice(split + 2);
	const headers = new Map<string, string>();
	for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
		const colon = line.indexOf(':');
		if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
	}
	const html = /text\/html/i.test(headers.get('content-type') ?? '');
	return {
		from: headers.get('from') ?? '',
		subject: headers.get('subject'),
		date: headers.get('date'),
		...(html ? { html: body } : { text: body }),
	};
}

/** A sample email by file name. */
export function sample(name: string): IncidentEmail {
	return parseEml(readFileSync(join(SAMPLES_DIR, name), 'utf8'));
}

/** Options matching the samples' README. */
export const SAMPLE_OPTIONS = {
	allowedSenders: ['@gendarmerie.interieur.gouv.fr', 'sic-ddsp63@interieur.gouv.fr'],
	departements: ['63'],
	now: '2026-11-25T12:00:00+01:00',
};
