import { compileVisualRules, decompileRuleset, defaultRuleset, loadRuleset, planTargeting, type VisualRuleset } from '../../nodes/shared/targeting';
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
		const result = decompileRuleset(defaultRuleset());
		expect(result).toEqual({ ok: false, rule: 'nuit-stations-service', message: expect.stringContaining('edit it as JSON') });
	});
});
