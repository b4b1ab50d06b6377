import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';
import { composeAlert } from '../../nodes/shared/alert';
import { buildCapXml, capToken, escapeXml, isCapDateTime, type CapAlert } from '../../nodes/shared/cap';
import { parseIncidentEmail, type Incident } from '../../nodes/shared/incident';
import { sample, SAMPLE_OPTIONS } from '../incident/eml';

const XSD = readFileSync(join(__dirname, '../fixtures/cap/CAP-v1.2.xsd'), 'utf8');

async function validate(xml: string) {
	return validateXML({ xml: [{ fileName: 'alert.xml', contents: xml }], schema: [{ fileName: 'CAP-v1.2.xsd', contents: XSD }] });
}

const minimal: CapAlert = {
	identifier: 'AC-1',
	sender: 'corg63@gendarmerie.interieur.gouv.fr',
	sent: '2026-11-22T15:02:11+01:00',
	status: 'Actual',
	msgType: 'Alert',
	scope: 'Restricted',
	restriction: 'Adhérents',
	info: [{ categories: ['Security'], event: 'Faux billets', urgency: 'Immediate', severity: 'Moderate', certainty: 'Observed' }],
};

describe('CAP 1.2 builder', () => {
	test('the schema itself rejects what CAP forbids (a Z time, a wrong enumeration, elements out of order)', async () => {
		expect((await validate(buildCapXml(minimal))).valid).toBe(true);
		const zulu = buildCapXml(minimal).replace('2026-11-22T15:02:11+01:00', '2026-11-22T14:02:11Z');
		expect((await validate(zulu)).valid).toBe(false);
		expect((await validate(buildCapXml(minimal).replace('<scope>Restricted', '<scope>Secret'))).valid).toBe(false);
		const swapped = buildCapXml(minimal).replace(/(<status>Actual<\/status>)\s*(<msgType>Alert<\/msgType>)/, '$2$1');
		expect((await validate(swapped)).valid).toBe(false);
	});

	test('refuses to write a time in Z or without an offset', () => {
		expect(() => buildCapXml({ ...minimal, sent: '2026-11-22T14:02:11Z' })).toThrow(RangeError);
		expect(() => buildCapXml({ ...minimal, sent: '2026-11-22T14:02:11' })).toThrow(RangeError);
		expect(isCapDateTime('2026-07-14T10:00:00+02:00')).toBe(true);
		expect(isCapDateTime('2026-07-14T10:00:00.000+02:00')).toBe(false);
	});

	test('escapes XML and makes identifiers safe', async () => {
		const xml = buildCapXml({ ...minimal, identifier: 'AC 1,<x>', info: [{ ...minimal.info[0], event: 'Vol <armé> & "fuite"' }] });
		expect(xml).toContain('<identifier>AC-1-x</identifier>');
		expect(xml).toContain('Vol &lt;armé&gt; &amp; &quot;fuite&quot;');
		expect((await validate(xml)).valid).toBe(true);
		expect(escapeXml('a\u0001b')).toBe('ab');
		expect(capToken('  ')).toBe('unknown');
	});

	test.each([
		'01-faux-billets-issoire.eml',
		'02-cambriolage-clermont-rayon.eml',
		'03-braquage-riom-html.eml',
		'04-fovi-departement.eml',
	])('the alert composed from %s validates against the CAP 1.2 XSD', async (file) => {
		const parsed = parseIncidentEmail(sample(file), SAMPLE_OPTIONS);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		const alert = composeAlert(parsed.incident, { sent: '2026-11-25T10:00:00+01:00' });
		const result = await validate(alert.cap);
		expect(result.errors).toEqual([]);
		expect(result.valid).toBe(true);
		expect(alert.cap).not.toMatch(/\d{2}:\d{2}:\d{2}Z/);
		for (const code of parsed.incident.communes) {
			expect(alert.cap).toContain(`<geocode>\n\t\t\t\t<valueName>INSEE</valueName>\n\t\t\t\t<value>${code}</value>`);
		}
	});

	test('the content: restricted scope, Security, Observed, Immediate, one geocode per commune, a circle for a radius', () => {
		const parsed = parseIncidentEmail(sample('02-cambriolage-clermont-rayon.eml'), SAMPLE_OPTIONS);
		if (!parsed.ok) throw new Error('sample 02 refused');
		const { cap } = composeAlert(parsed.incident, { sent: '2026-07-14T10:00:00Z' });
		for (const fragment of [
			'<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">',
			'<sent>2026-07-14T12:00:00+02:00</sent>',
			'<status>Actual</status>',
			'<msgType>Alert</msgType>',
			'<scope>Restricted</scope>',
			'<restriction>',
			'<language>fr-FR</language>',
			'<category>Security</category>',
			'<event>Cambriolage (ou tentative)</event>',
			'<urgency>Immediate</urgency>',
			'<severity>Moderate</severity>',
			'<certainty>Observed</certainty>',
			'<onset>2026-11-23T03:15:00+01:00</onset>',
			'<headline>Cambriolage à Clermont-Ferrand (quartier Jaude)</headline>',
			'<instruction>Ne pas intervenir, ne pas transférer ce SMS.</instruction>',
			'<areaDesc>Clermont-Ferrand (63113) - rayon 2 km</areaDesc>',
			'<circle>45.7772,3.0819 2</circle>',
		]) {
			expect(cap).toContain(fragment);
		}
	});

	test('an anticipation alert validates: urgency Expected, certainty Likely, onset when the event is expected', async () => {
		const text = 'Type : manifestation non déclarée\nCommune : Clermont-Ferrand\nDate des faits : 05/12/2026 14h00\nDescription : manifestation annoncée, risque de pillages.\nConsigne : fermez vos rideaux dès 13h30.';
		const parsed = parseIncidentEmail({ from: 'corg63@gendarmerie.interieur.gouv.fr', subject: 'ALERTE COMMERCES', text }, SAMPLE_OPTIONS);
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		const { cap } = composeAlert(parsed.incident, { sent: '2026-11-25T12:00:00+01:00' });
		const result = await validate(cap);
		expect(result.errors).toEqual([]);
		expect(result.valid).toBe(true);
		expect(cap).toMatch(/<urgency>Expected<\/urgency>\s*<severity>Severe<\/severity>\s*<certainty>Likely<\/certainty>/);
		expect(cap).toContain('<onset>2026-12-05T14:00:00+01:00</onset>');
		const undated = composeAlert({ ...parsed.incident, occurredAt: undefined }, { sent: '2026-11-25T12:00:00+01:00' });
		expect((await validate(undated.cap)).valid).toBe(true);
		expect(undated.cap).toContain('<urgency>Expected</urgency>');
	});

	test('exercise, update and cancel messages validate and carry status and references', async () => {
		const incident: Incident = { type: 'vol_main_armee', communes: ['63300', '63113'], description: 'braquage', issuer: 'corg63@gendarmerie.interieur.gouv.fr', severity: 'Extreme' };
		const original = composeAlert(incident, { sent: '2026-11-24T18:20:45+01:00', exercise: true });
		expect(original.cap).toContain('<status>Exercise</status>');
		expect(original.cap).toContain('<severity>Extreme</severity>');
		const update = composeAlert({ ...incident, description: 'braquage, deux individus' }, { msgType: 'Update', references: original.capReference, exercise: true, sent: '2026-11-24T18:40:00+01:00' });
		const cancel = composeAlert(incident, { msgType: 'Cancel', references: original.capReference, exercise: true, sent: '2026-11-24T20:00:00+01:00' });
		for (const message of [original, update, cancel]) expect((await validate(message.cap)).valid).toBe(true);
		expect(update.cap).toContain('<msgType>Update</msgType>');
		expect(update.cap).toContain(`<references>corg63@gendarmerie.interieur.gouv.fr,${original.alertId},2026-11-24T18:20:45+01:00</references>`);
		expect(cancel.cap).toContain('<msgType>Cancel</msgType>');
		expect(cancel.cap).toContain("<headline>Fin d'alerte");
	});
});
