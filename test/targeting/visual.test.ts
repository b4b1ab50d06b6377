import { compileVisualRules, decompileRuleset, defaultRuleset, loadRuleset, planTargeting, type VisualRuleset } from '../../nodes/shared/targeting';
import { INCIDENT_TYPES } from '../../nodes/shared/incident';
import { AUBIERE, CLERMONT, incident } from './fixtures';

const visual: VisualRuleset = {
	areaPolicy: 'widest',
	zones: { 'centre-ville': [CLERMONT, AUBIERE] },
	rules: [
		{ name: 'faux-billets', description: 'Faux billets : commerces de l’agglomération', incidentTypes: ['fausse_monnaie', 'cheque_vole'], professions: ['commerce-detail', 'boulangerie'], areaLevel: 'epci' },
		{ name: 'cambriolage-rayon', description: 'Cambriolage : tous à 2 km', incidentTypes: ['cambriolage'], professions: [], areaLevel: 'radius', radiusKm: 2 },
		{ name: 'centre', description: 'Troubles : le centre-ville', incidentTypes: ['troubles_ordre_public'], professions: ['banque'], areaLevel: 'zones', zones: ['centre-ville'] },
		{ name: 'tout', description: 'Tout incident : les bijouteries du département', incidentTypes: [], professions: ['bijouterie'], areaLevel: 'departement' },
	],
};

describe('visual rules ⇄ ruleset JSON', () => {
	it('compiles to a ruleset that passes the schema, and back to the same visual rules', () => {
		const ruleset = compileVisualRules(visual);
		const loaded = loadRuleset(JSON.parse(JSON.stringify(ruleset)));
		expect(loaded).toEqual({ ok: true, ruleset });
		expect(decompileRuleset(ruleset)).toEqual({ ok: true, visual });
	});

	it('compiles to the documented JSON shape', () => {
		const ruleset = compileVisualRules(visual);
		expect(ruleset.rules[0]).toEqual({
			name: 'faux-billets',
			description: 'Faux billets : commerces de l’agglomération',
			conditions: { all: [{ fact: 'type', operator: 'in', value: ['fausse_monnaie', 'cheque_vole'] }] },
			event: { type: 'target', params: { professions: ['commerce-detail', 'boulangerie'], area: { level: 'epci' } } },
		});
		expect(ruleset.rules[1].event.params).toEqual({ professions: ['*'], area: { level: 'radius', radiusKm: 2 } });
	});

	it('fires compiled rules like hand-written ones (an empty type list means every type)', async () => {
		const ruleset = compileVisualRules(visual);
		expect((await planTargeting(incident('fausse_monnaie', [CLERMONT]), ruleset)).firedRules).toEqual(['faux-billets', 'tout']);
		expect((await planTargeting(incident('agression', [CLERMONT]), ruleset)).firedRules).toEqual(['tout']);
	});

	it('writes a description when the staffer left it empty, and reports invalid visual rules through loadRuleset', () => {
		const ruleset = compileVisualRules({ rules: [{ name: 'x', incidentTypes: ['cambriolage'], professions: ['boulanger'], areaLevel: 'radius' }] });
		expect(ruleset.rules[0].description).toBe('cambriolage: boulanger within ? km');
		const loaded = loadRuleset(ruleset);
		expect(loaded.ok).toBe(false);
		if (!loaded.ok) expect(loaded.errors.map((e) => e.path)).toEqual(['/rules/0/event/params/professions/0', '/rules/0/event/params/area']);
	});

	it('refuses to show rules the form cannot express', () => {
		const weekend = compileVisualRules(visual);
		weekend.rules[1].conditions = { all: [{ fact: 'type', operator: 'equal', value: 'cambriolage' }, { fact: 'weekday', operator: 'greaterThan', value: 5 }] };
		expect(decompileRuleset(weekend)).toEqual({ ok: false, rule: 'cambriolage-rayon', message: expect.stringContaining('edit it as JSON') });
		const naf = compileVisualRules(visual);
		naf.rules[0].event.params.naf = ['47.77Z'];
		expect(decompileRuleset(naf)).toMatchObject({ ok: false, rule: 'faux-billets' });
	});

	describe('hours', () => {
		const night: VisualRuleset = { rules: [{ name: 'nuit', description: 'La nuit : stations-service', incidentTypes: ['agression'], professions: ['station-service'], areaLevel: 'commune', hours: { from: 22, to: 6 } }] };
		const day: VisualRuleset = { rules: [{ name: 'jour', description: 'Le jour : tous', incidentTypes: [], professions: [], areaLevel: 'commune', hours: { from: 8, to: 20 } }] };

		it('compiles a window across midnight to "late or early", within a day to "after and before"', () => {
			expect(compileVisualRules(night).rules[0].conditions).toEqual({
				all: [
					{ fact: 'type', operator: 'in', value: ['agression'] },
					{ any: [{ fact: 'hour', operator: 'greaterThanInclusive', value: 22 }, { fact: 'hour', operator: 'lessThan', value: 6 }] },
				],
			});
			expect(compileVisualRules(day).rules[0].conditions).toEqual({
				all: [{ all: [{ fact: 'hour', operator: 'greaterThanInclusive', value: 8 }, { fact: 'hour', operator: 'lessThan', value: 20 }] }],
			});
			expect(loadRuleset(compileVisualRules(night)).ok).toBe(true);
			expect(decompileRuleset(compileVisualRules(night))).toEqual({ ok: true, visual: night });
			expect(decompileRuleset(compileVisualRules(day))).toEqual({ ok: true, visual: day });
		});

		it('fires only at those hours (Paris time)', async () => {
			const at = (time: string) => planTargeting(incident('agression', [CLERMONT], { occurredAt: `2026-03-15T${time}:00+01:00` }), compileVisualRules(night));
			expect((await at('23:10')).firedRules).toEqual(['nuit']);
			expect((await at('05:59')).firedRules).toEqual(['nuit']);
			expect((await at('06:00')).firedRules).toEqual([]);
			expect((await at('21:59')).firedRules).toEqual([]);
		});
	});

	it('shows the whole package default in the form, and the form gives back the same rules', async () => {
		const decompiled = decompileRuleset(defaultRuleset());
		if (!decompiled.ok) throw new Error(decompiled.message);
		expect(decompiled.visual.rules.map((r) => r.name)).toEqual(defaultRuleset().rules.map((r) => r.name));
		const again = compileVisualRules(decompiled.visual);
		expect(loadRuleset(again).ok).toBe(true);
		for (const type of INCIDENT_TYPES) {
			for (const time of ['03:00', '12:00', '23:10']) {
				const facts = incident(type, [CLERMONT], { occurredAt: `2026-03-15T${time}:00+01:00` });
				const [original, fromForm] = await Promise.all([planTargeting(facts, defaultRuleset()), planTargeting(facts, again)]);
				expect([type, time, fromForm.parts]).toEqual([type, time, original.parts]);
			}
		}
	});
});
