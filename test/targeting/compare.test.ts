import { compareRulesets, InvalidRulesetError, loadRuleset, type Ruleset } from '../../nodes/shared/targeting';
import type { Adherent } from '../../nodes/shared/registry/types';
import { CLERMONT, incident, ISSOIRE, member } from './fixtures';

const NOW = new Date('2026-06-01T12:00:00+02:00');

/** A ruleset of one rule per incident type: type → professions, within an area level. */
function ruleset(rules: Array<[string, string[], string]>): Ruleset {
	const loaded = loadRuleset({
		version: 1,
		rules: rules.map(([type, professions, level], i) => ({
			name: `r${i}-${type}`,
			description: `${type} → ${professions.join(', ')} (${level})`,
			conditions: { all: [{ fact: 'type', operator: 'equal', value: type }] },
			event: { type: 'target', params: { professions, area: { level } } },
		})),
	});
	if (!loaded.ok) throw new Error(JSON.stringify(loaded.errors));
	return loaded.ruleset;
}

/** Counterfeit notes in Clermont, then an armed robbery in Issoire. */
const INCIDENTS = [incident('fausse_monnaie', [CLERMONT]), incident('vol_main_armee', [ISSOIRE])];

/** Current: tabacs of the commune for counterfeit notes, jewellers of the département for a robbery. */
const CURRENT = ruleset([
	['fausse_monnaie', ['buraliste'], 'commune'],
	['vol_main_armee', ['bijouterie'], 'departement'],
]);

/** Proposed: bars too for counterfeit notes; tabacs and bars, no longer jewellers, for a robbery. */
const PROPOSED = ruleset([
	['fausse_monnaie', ['buraliste', 'debit-de-boissons'], 'commune'],
	['vol_main_armee', ['buraliste', 'debit-de-boissons'], 'departement'],
]);

describe('compareRulesets', () => {
	describe('counts alerts per member under each ruleset', () => {
		// SIRETs grow with creation order: tabac < bar < jeweller.
		const tabac = member(CLERMONT, '47.26Z');
		const bar = member(CLERMONT, '56.30Z');
		const jeweller = member(ISSOIRE, '47.77Z');

		it('gives SMS, members reached, median, p90 and max for both rulesets', async () => {
			const result = await compareRulesets({ incidents: INCIDENTS, members: [tabac, bar, jeweller], current: CURRENT, proposed: PROPOSED, now: NOW });
			// Current: notes → tabac; robbery → jeweller. Counts tabac 1, bar 0, jeweller 1 → sorted 0 1 1.
			expect(result.current).toEqual({ sms: 2, recipients: 2, median: 1, p90: 1, max: 1 });
			// Proposed: notes → tabac, bar; robbery → tabac, bar. Counts 2, 2, 0 → sorted 0 2 2.
			expect(result.proposed).toEqual({ sms: 4, recipients: 2, median: 2, p90: 2, max: 2 });
		});

		it('lists every member whose count changes, largest change first, then by SIRET', async () => {
			const { changes } = await compareRulesets({ incidents: INCIDENTS, members: [jeweller, bar, tabac], current: CURRENT, proposed: PROPOSED, now: NOW });
			expect(changes).toEqual([
				{ siret: bar.siret, current: 0, proposed: 2 },
				{ siret: tabac.siret, current: 1, proposed: 2 },
				{ siret: jeweller.siret, current: 1, proposed: 0 },
			]);
		});

		it('finds no change when both rulesets are the same', async () => {
			const result = await compareRulesets({ incidents: INCIDENTS, members: [tabac, bar, jeweller], current: CURRENT, proposed: CURRENT, now: NOW });
			expect(result.proposed).toEqual(result.current);
			expect(result.changes).toEqual([]);
		});

		it('takes the lower middle count as the median of an even number of members', async () => {
			const result = await compareRulesets({ incidents: INCIDENTS, members: [tabac, bar], current: CURRENT, proposed: CURRENT, now: NOW });
			// tabac 1, bar 0 → sorted 0 1: median and p90 at rank ⌊q × 1⌋ = 0.
			expect(result.current).toEqual({ sms: 1, recipients: 1, median: 0, p90: 0, max: 1 });
		});

		it('gives zeros when there is nothing to replay', async () => {
			const result = await compareRulesets({ incidents: [], members: [], current: CURRENT, proposed: PROPOSED, now: NOW });
			expect(result).toEqual({ current: { sms: 0, recipients: 0, median: 0, p90: 0, max: 0 }, proposed: { sms: 0, recipients: 0, median: 0, p90: 0, max: 0 }, changes: [] });
		});
	});

	describe('phones', () => {
		it('sends one SMS to a phone two members share, and counts the alert for both', async () => {
			const tabac = member(CLERMONT, '47.26Z');
			// The owner gave the same mobile for the bar: the bar is reached by the tabac's SMS.
			const bar = member(CLERMONT, '56.30Z', { phones: [tabac.phones[0]] });
			const notes = [incident('fausse_monnaie', [CLERMONT])];
			const result = await compareRulesets({ incidents: notes, members: [tabac, bar], current: CURRENT, proposed: PROPOSED, now: NOW });
			expect(result.current).toEqual({ sms: 1, recipients: 2, median: 1, p90: 1, max: 1 });
			// Both are targeted now, still one SMS.
			expect(result.proposed).toEqual({ sms: 1, recipients: 2, median: 1, p90: 1, max: 1 });
			expect(result.changes).toEqual([]);
		});

		it('sends one SMS per phone of a member with two, and counts one alert for the member', async () => {
			const tabac = member(CLERMONT, '47.26Z', { phones: ['+33612345001', '+33612345002'] });
			const result = await compareRulesets({ incidents: INCIDENTS, members: [tabac], current: CURRENT, proposed: PROPOSED, now: NOW });
			expect(result.current).toEqual({ sms: 2, recipients: 1, median: 1, p90: 1, max: 1 });
			expect(result.proposed).toEqual({ sms: 4, recipients: 1, median: 2, p90: 2, max: 2 });
		});
	});

	describe('members who cannot be alerted', () => {
		it('leaves suspended, pending, expired and fully opted-out members out of every figure', async () => {
			const tabac = member(CLERMONT, '47.26Z');
			const bar = member(CLERMONT, '56.30Z');
			const left: Adherent[] = [
				member(CLERMONT, '47.26Z', { status: 'suspended' }),
				member(CLERMONT, '47.26Z', { status: 'pending' }),
				member(CLERMONT, '47.26Z', { memberUntil: '2026-05-31' }),
			];
			const optedOut = member(CLERMONT, '47.26Z');
			optedOut.optOuts = [{ phone: optedOut.phones[0], at: '2026-01-01T00:00:00Z' }];
			const result = await compareRulesets({ incidents: INCIDENTS, members: [tabac, bar, ...left, optedOut], current: CURRENT, proposed: PROPOSED, now: NOW });
			// Only tabac and bar count: current 1 and 0, proposed 2 and 2.
			expect(result.current).toEqual({ sms: 1, recipients: 1, median: 0, p90: 0, max: 1 });
			expect(result.proposed).toEqual({ sms: 4, recipients: 2, median: 2, p90: 2, max: 2 });
			expect(result.changes.map((c) => c.siret)).toEqual([bar.siret, tabac.siret]);
		});
	});

	describe('rulesets', () => {
		const members = [member(CLERMONT, '47.26Z'), member(CLERMONT, '56.30Z')];

		it('accepts a ruleset document, its JSON text or loadRuleset’s answer', async () => {
			const document = JSON.parse(JSON.stringify(PROPOSED)) as unknown;
			const byObject = await compareRulesets({ incidents: INCIDENTS, members, current: CURRENT, proposed: document as object, now: NOW });
			const byText = await compareRulesets({ incidents: INCIDENTS, members, current: loadRuleset(CURRENT), proposed: JSON.stringify(PROPOSED), now: NOW });
			expect(byText).toEqual(byObject);
			expect(byObject.proposed).toEqual({ sms: 4, recipients: 2, median: 2, p90: 2, max: 2 });
		});

		it('refuses an invalid ruleset with its place and reason', async () => {
			const invalid = { version: 1, rules: [{ ...PROPOSED.rules[0], event: { type: 'target', params: { professions: ['boulanger'], area: { level: 'commune' } } } }] };
			const comparing = compareRulesets({ incidents: INCIDENTS, members, current: CURRENT, proposed: invalid, now: NOW });
			await expect(comparing).rejects.toThrow(InvalidRulesetError);
			await expect(comparing).rejects.toThrow('The proposed ruleset is invalid: /rules/0/event/params/professions/0 unknown profession tag "boulanger" (see rules/professions.json)');
			await expect(comparing).rejects.toMatchObject({ which: 'proposed', errors: [{ path: '/rules/0/event/params/professions/0' }] });
		});

		it('refuses invalid JSON text, and names the current ruleset when it is the one at fault', async () => {
			await expect(compareRulesets({ incidents: INCIDENTS, members, current: '{ "version": 1, ', proposed: PROPOSED, now: NOW })).rejects.toMatchObject({
				which: 'current',
				message: expect.stringContaining('The current ruleset is invalid: / not valid JSON'),
			});
		});
	});
});
