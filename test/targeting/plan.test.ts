import { communesOfArrondissement, communesOfDepartement, communesOfEpci } from '../../nodes/shared/geo';
import { incidentFacts, loadRuleset, planTargeting, type Ruleset } from '../../nodes/shared/targeting';
import { AUBIERE, CLERMONT, incident, ISSOIRE, JAUDE } from './fixtures';

function ruleset(areas: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}): Ruleset {
	const loaded = loadRuleset({
		version: 1,
		zones: { centre: [CLERMONT, AUBIERE] },
		...extra,
		rules: areas.map((area, i) => ({
			name: `rule-${i}`,
			description: `règle ${i}`,
			conditions: { all: [{ fact: 'type', operator: 'equal', value: 'cambriolage' }] },
			event: { type: 'target', params: { professions: ['bijouterie'], area } },
		})),
	});
	if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
	return loaded.ruleset;
}

const communesOf = (area: { communes?: string[] }) => area.communes ?? [];

describe('facts', () => {
	it('gives hour and weekday in Paris time, and the administrative codes of the communes', () => {
		// 23:30 UTC on Saturday 31 January 2026 is 00:30 on Sunday in Paris.
		const facts = incidentFacts(incident('cambriolage', [CLERMONT, ISSOIRE], { occurredAt: '2026-01-31T23:30:00Z', severity: 'Severe' }));
		expect(facts).toMatchObject({ hour: 0, weekday: 7, departement: '63', epcis: ['246300701', '200070407'], arrondissements: ['632', '633'], severity: 'Severe', hasCoordinates: false });
	});

	it('trims the INSEE codes it is given', () => {
		expect(incidentFacts(incident('cambriolage', [' 63113 '])).communes).toEqual([CLERMONT]);
	});

	it('lets conditions test hour, requested area and severity', async () => {
		const loaded = loadRuleset({
			version: 1,
			areaPolicy: 'rules',
			rules: [
				{ name: 'night', description: 'la nuit', conditions: { any: [{ fact: 'hour', operator: 'greaterThanInclusive', value: 22 }, { fact: 'hour', operator: 'lessThan', value: 6 }] }, event: { type: 'target', params: { professions: ['*'], area: { level: 'commune' } } } },
				{ name: 'asked-dept', description: 'police demande le département', conditions: { all: [{ fact: 'requestedArea', path: '$.level', operator: 'equal', value: 'departement' }] }, event: { type: 'target', params: { professions: ['banque'], area: { level: 'commune' } } } },
				{ name: 'severe', description: 'grave', conditions: { all: [{ fact: 'severity', operator: 'in', value: ['Severe', 'Extreme'] }] }, event: { type: 'target', params: { professions: ['pharmacie'], area: { level: 'commune' } } } },
			],
		});
		if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
		const day = await planTargeting(incident('agression', [CLERMONT], { occurredAt: '2026-06-01T14:00:00+02:00' }), loaded.ruleset);
		expect(day.firedRules).toEqual([]);
		const night = await planTargeting(incident('agression', [CLERMONT], { occurredAt: '2026-06-01T23:10:00+02:00', area: { level: 'departement' }, severity: 'Severe' }), loaded.ruleset);
		expect(night.firedRules).toEqual(['night', 'asked-dept', 'severe']);
	});
});

describe('planTargeting areas', () => {
	const levels = ruleset([{ level: 'commune' }, { level: 'epci' }, { level: 'arrondissement' }, { level: 'departement' }, { level: 'zones', zones: ['centre'] }, { level: 'radius', radiusKm: 3 }]);

	it('resolves every area level to communes (or a circle), each part labelled with its rule', async () => {
		const plan = await planTargeting(incident('cambriolage', [CLERMONT], { coordinates: JAUDE }), levels);
		expect(plan.firedRules).toEqual(['rule-0', 'rule-1', 'rule-2', 'rule-3', 'rule-4', 'rule-5']);
		const [commune, epci, arrondissement, departement, zones, radius] = plan.parts;
		expect(communesOf(commune.area)).toEqual([CLERMONT]);
		expect(communesOf(epci.area)).toEqual([...communesOfEpci('246300701')].sort());
		expect(communesOf(arrondissement.area)).toEqual(communesOfArrondissement('632').map((c) => c.code).sort());
		expect(communesOf(departement.area)).toHaveLength(communesOfDepartement('63').length);
		expect(zones.area).toMatchObject({ level: 'zones', communes: [AUBIERE, CLERMONT], zones: ['centre'], label: 'zones centre' });
		expect(radius.area).toMatchObject({ level: 'radius', center: JAUDE, radiusKm: 3, label: 'radius 3 km' });
		expect(plan.parts.map((p) => p.rule)).toEqual(plan.firedRules);
		expect(commune.professions).toEqual(['bijouterie']);
		expect(commune.naf).toEqual([]);
	});

	it('falls back to the incident communes for a radius without coordinates, and says so', async () => {
		const plan = await planTargeting(incident('cambriolage', [ISSOIRE]), ruleset([{ level: 'radius', radiusKm: 2 }]));
		expect(plan.parts[0].area).toEqual({ level: 'radius-fallback', radiusKm: 2, communes: [ISSOIRE], label: 'radius 2 km (no incident coordinates: commune 63178)' });
	});

	it('returns an empty plan when no rule fires', async () => {
		const plan = await planTargeting(incident('escroquerie', [CLERMONT]), levels);
		expect(plan).toMatchObject({ firedRules: [], parts: [] });
	});
});

describe('area policy', () => {
	const asked = incident('cambriolage', [CLERMONT], { area: { level: 'departement' } });
	const rules = (policy?: string) => ruleset([{ level: 'commune' }], policy ? { areaPolicy: policy } : {});

	it('police (default): the police perimeter replaces the rule area', async () => {
		const plan = await planTargeting(asked, rules());
		expect(plan.areaPolicy).toBe('police');
		expect(plan.parts.map((p) => [p.area.level, p.areaSource])).toEqual([['departement', 'police']]);
	});

	it('rules: the rule area is kept', async () => {
		const plan = await planTargeting(asked, rules('rules'));
		expect(plan.parts.map((p) => [p.area.level, p.areaSource])).toEqual([['commune', 'rule']]);
	});

	it('widest: both perimeters, so nobody either would reach is left out', async () => {
		const plan = await planTargeting(asked, rules('widest'));
		expect(plan.parts.map((p) => [p.rule, p.area.level, p.areaSource])).toEqual([
			['rule-0', 'commune', 'rule'],
			['rule-0', 'departement', 'police'],
		]);
	});

	it('without a police perimeter every policy keeps the rule area', async () => {
		for (const policy of ['police', 'rules', 'widest']) {
			const plan = await planTargeting(incident('cambriolage', [CLERMONT]), rules(policy));
			expect(plan.parts.map((p) => p.area.level)).toEqual(['commune']);
		}
	});
});
