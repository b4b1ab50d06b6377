import { INCIDENT_TYPES } from '../../nodes/shared/incident';
import { defaultRuleset, loadRuleset, planTargeting, schemaErrors, type Ruleset } from '../../nodes/shared/targeting';
import { CLERMONT, incident } from './fixtures';

const DEFAULT_DOCUMENT = require('../../rules/default.rules.json') as Ruleset;

function rule(params: Record<string, unknown>, conditions: unknown = { all: [{ fact: 'type', operator: 'equal', value: 'cambriolage' }] }) {
	return { name: 'r', description: 'une règle', conditions, event: { type: 'target', params } };
}

describe('the default ruleset', () => {
	it('passes its own schema and meaning checks', () => {
		expect(schemaErrors(DEFAULT_DOCUMENT)).toEqual([]);
		expect(loadRuleset(DEFAULT_DOCUMENT)).toEqual({ ok: true, ruleset: DEFAULT_DOCUMENT });
	});

	it('has a name and a one-line description on every rule', () => {
		for (const r of defaultRuleset().rules) {
			expect(r.name).toMatch(/^[a-z0-9-]+$/);
			expect(r.description.length).toBeGreaterThan(20);
			expect(r.description).not.toContain('\n');
		}
	});

	it.each(INCIDENT_TYPES)('fires at least one rule for %s', async (type) => {
		const plan = await planTargeting(incident(type, [CLERMONT]));
		expect(plan.firedRules.length).toBeGreaterThan(0);
		expect(plan.parts.length).toBeGreaterThan(0);
	});
});

describe('loadRuleset errors', () => {
	const errorsOf = (document: unknown) => {
		const result = loadRuleset(document);
		if (result.ok) throw new Error('expected errors');
		return result.errors;
	};

	it('reports invalid JSON text', () => {
		expect(errorsOf('{ "version": 1, ')).toEqual([{ path: '/', message: expect.stringContaining('not valid JSON') }]);
	});

	it('reports missing and unknown fields with their JSON-pointer path', () => {
		expect(errorsOf({ version: 1, rules: [{ name: 'x', conditions: { all: [] }, event: { type: 'target', params: { professions: ['*'], area: { level: 'commune' } } }, extra: 1 }] })).toEqual(
			expect.arrayContaining([
				{ path: '/rules/0', message: '"description" is missing' },
				{ path: '/rules/0/extra', message: 'unknown field "extra" (check its spelling)' },
			]),
		);
	});

	it('explains a wrong area level, event type and version in plain words', () => {
		const errors = errorsOf({ version: 2, rules: [{ ...rule({ professions: ['*'], area: { level: 'quartier' } }), event: { type: 'alert', params: { professions: ['*'], area: { level: 'quartier' } } } }] });
		expect(errors).toEqual(
			expect.arrayContaining([
				{ path: '/version', message: 'the ruleset format version must be 1' },
				{ path: '/rules/0/event/type', message: 'a rule\'s event type must be "target"' },
				{ path: '/rules/0/event/params/area/level', message: expect.stringContaining('one of commune, epci, arrondissement, departement, radius, zones') },
			]),
		);
	});

	it('rejects a postal code in a zone, and an unknown INSEE code', () => {
		expect(errorsOf({ version: 1, zones: { centre: ['63000'] }, rules: [rule({ professions: ['*'], area: { level: 'commune' } })] })).toEqual([
			{ path: '/zones/centre/0', message: expect.stringContaining('unknown INSEE code "63000" in zone "centre"') },
		]);
		expect(errorsOf({ version: 1, zones: { centre: ['6311'] }, rules: [rule({ professions: ['*'], area: { level: 'commune' } })] })).toEqual([
			{ path: '/zones/centre/0', message: expect.stringContaining('5-character INSEE code') },
		]);
	});

	it('names an unknown profession tag, an unknown incident type, an unknown zone', () => {
		expect(
			errorsOf({
				version: 1,
				zones: { centre: ['63113'] },
				rules: [rule({ professions: ['bijouterie', 'boulanger'], area: { level: 'zones', zones: ['centre', 'nord'] } }, { any: [{ fact: 'type', operator: 'in', value: ['cambriolage', 'braquage'] }] })],
			}),
		).toEqual([
			{ path: '/rules/0/conditions/any/0/value/1', message: expect.stringContaining('unknown incident type "braquage"') },
			{ path: '/rules/0/event/params/professions/1', message: 'unknown profession tag "boulanger" (see rules/professions.json)' },
			{ path: '/rules/0/event/params/area/zones/1', message: 'unknown zone "nord": define it under "zones" first' },
		]);
	});

	it('asks for radiusKm with a radius and zones with a zones area', () => {
		expect(errorsOf({ version: 1, rules: [rule({ professions: ['*'], area: { level: 'radius' } })] })).toEqual([
			{ path: '/rules/0/event/params/area', message: 'a "radius" area needs "radiusKm", the distance in kilometres' },
		]);
		expect(errorsOf({ version: 1, rules: [rule({ professions: ['*'], area: { level: 'zones' } })] })).toEqual([
			{ path: '/rules/0/event/params/area', message: expect.stringContaining('a "zones" area needs "zones"') },
		]);
	});

	it('checks facts, operators, condition shapes, NAF codes, duplicate names, an empty target', () => {
		const errors = errorsOf({
			version: 1,
			rules: [
				rule({ naf: ['4777Z'], area: { level: 'commune' } }, { all: [{ fact: 'commune', operator: 'equal', value: '63113' }, { fact: 'hour', operator: 'after', value: 22 }, { fact: 'hour', operator: 'equal' }, {}] }),
				rule({ area: { level: 'commune' } }),
			],
		});
		expect(errors).toEqual([{ path: '/rules/0/event/params/naf/0', message: 'a NAF code is a sub-class of NAF rév. 2 (47.77Z) or NAF 2025 (47.77Y), or a prefix like 47.7 or 01; a prefix matches members of both nomenclatures' }]);
		const meaning = errorsOf({
			version: 1,
			rules: [
				rule({ naf: ['47.77Z'], area: { level: 'commune' } }, { all: [{ fact: 'commune', operator: 'equal', value: '63113' }, { fact: 'hour', operator: 'after', value: 22 }, { fact: 'hour', operator: 'equal' }, {}] }),
				rule({ area: { level: 'commune' } }),
			],
		});
		expect(meaning.map((e) => e.path)).toEqual([
			'/rules/0/conditions/all/0/fact',
			'/rules/0/conditions/all/1/operator',
			'/rules/0/conditions/all/2',
			'/rules/0/conditions/all/3',
			'/rules/1/name',
			'/rules/1/event/params',
		]);
		expect(meaning[0].message).toContain('unknown fact "commune"');
	});

	it('accepts decorated operators and NAF prefixes', () => {
		const result = loadRuleset({
			version: 1,
			areaPolicy: 'widest',
			rules: [rule({ naf: ['47.7', '01'], area: { level: 'epci' } }, { all: [{ fact: 'communes', operator: 'contains', value: '63113' }, { fact: 'communes', operator: 'everyFact:notEqual', value: '63014' }] })],
		});
		expect(result.ok).toBe(true);
	});
});

describe('loadRuleset NAF codes', () => {
	const load = (naf: string[]) => loadRuleset({ version: 1, rules: [rule({ naf, area: { level: 'commune' } })] });

	it('accepts sub-classes of either nomenclature and prefixes that head one', () => {
		expect(load(['47.77Z', '47.77Y', '47.8', '45', '47.92', '01']).ok).toBe(true);
	});

	it('refuses a code or prefix of neither nomenclature, naming where and how to fix it', () => {
		const result = load(['47.77Y', '45.11Y', '99.9']);
		expect(result).toEqual({
			ok: false,
			errors: [
				{ path: '/rules/0/event/params/naf/1', message: expect.stringContaining('"45.11Y" is neither a NAF rév. 2 nor a NAF 2025 code or prefix') },
				{ path: '/rules/0/event/params/naf/2', message: expect.stringContaining('"99.9" is neither') },
			],
		});
		if (!result.ok) expect(result.errors[0].message).toContain('47.77Z in rév. 2, 47.77Y in NAF 2025');
	});
});
