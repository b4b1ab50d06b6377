import { selectFromMembers, selectRecipients, planTargeting, summarizeSelection, type Ruleset } from '../../nodes/shared/targeting';
import type { Adherent } from '../../nodes/shared/registry/types';
import { CLERMONT, incident, JAUDE } from './fixtures';
import { levelsRuleset, NOW, scenarioMembers } from './scenario';

const m = scenarioMembers();
const all = Object.values(m);

async function pick(ruleset: Ruleset, rule: string, extra: Parameters<typeof incident>[2] = {}, type: Parameters<typeof incident>[0] = 'vol_main_armee') {
	const plan = await planTargeting(incident(type, [CLERMONT], { coordinates: JAUDE, ...extra }), { ...ruleset, rules: ruleset.rules.filter((r) => r.name === rule) });
	return selectRecipients(plan, all, { now: NOW });
}

const sirets = (recipients: Array<{ siret: string }>) => [...new Set(recipients.map((r) => r.siret))].sort();
const of = (...members: Adherent[]) => members.map((a) => a.siret).sort();

describe('selectRecipients, area by area', () => {
	const ruleset = levelsRuleset();
	const eligibleJewellersOfClermont = [m.jewellerClermont, m.lastDay, m.optedOut, m.explicitTag];

	it('commune: the bijouteries of the incident commune', async () => {
		expect(sirets(await pick(ruleset, 'bijouteries-commune'))).toEqual(of(...eligibleJewellersOfClermont));
	});

	it('epci: the agglomération adds Aubière', async () => {
		expect(sirets(await pick(ruleset, 'bijouteries-epci'))).toEqual(of(...eligibleJewellersOfClermont, m.jewellerAubiere));
	});

	it('arrondissement: adds the commune outside the EPCI', async () => {
		expect(sirets(await pick(ruleset, 'bijouteries-arrondissement'))).toEqual(of(...eligibleJewellersOfClermont, m.jewellerAubiere, m.jewellerOutsideEpci));
	});

	it('departement: adds Issoire and Riom, never Aurillac (Cantal)', async () => {
		expect(sirets(await pick(ruleset, 'bijouteries-departement'))).toEqual(
			of(...eligibleJewellersOfClermont, m.jewellerAubiere, m.jewellerOutsideEpci, m.jewellerIssoire, m.jewellerRiomZone),
		);
	});

	it('zones: the zone communes plus members tagged with the zone', async () => {
		const recipients = await pick(ruleset, 'bijouteries-zones');
		expect(sirets(recipients)).toEqual(of(m.jewellerAubiere, m.jewellerRiomZone));
		expect(recipients[0].reasons).toEqual([{ rule: 'bijouteries-zones', area: 'zones centre' }]);
	});

	it('radius: geocoded members within the distance, with it; non-geocoded ones of the incident commune, said so', async () => {
		const recipients = await pick(ruleset, 'tabacs-naf-radius', {}, 'cambriolage');
		expect(sirets(recipients)).toEqual(of(m.tabacClermontNoCoordinates, m.sharedPhone, m.staleTags));
		const byRule = await pick(ruleset, 'everyone-commune', {}, 'cambriolage');
		expect(byRule.length).toBeGreaterThan(5);
		const wide = await pick(ruleset, 'bijouteries-radius');
		const jeweller = wide.find((r) => r.siret === m.jewellerClermont.siret);
		expect(jeweller?.reasons).toEqual([{ rule: 'bijouteries-radius', area: 'radius 3 km', distanceKm: 0.5 }]);
		expect(wide.find((r) => r.siret === m.jewellerAubiere.siret)).toBeUndefined(); // 4 km away
		expect(wide.find((r) => r.siret === m.explicitTag.siret)?.reasons).toEqual([{ rule: 'bijouteries-radius', area: 'radius 3 km (member without coordinates: commune)' }]);
	});

	it('radius without incident coordinates: the incident commune, said in the reason', async () => {
		const recipients = await pick(ruleset, 'bijouteries-radius', { coordinates: undefined });
		expect(sirets(recipients)).toEqual(of(...eligibleJewellersOfClermont));
		expect(recipients[0].reasons[0].area).toBe('radius 3 km (no incident coordinates: commune 63113)');
	});
});

describe('exclusions and de-duplication', () => {
	it('leaves out suspended, pending, expired members and opted-out phones, and says why', async () => {
		const plan = await planTargeting(incident('vol_main_armee', [CLERMONT]), { ...levelsRuleset(), rules: levelsRuleset().rules.filter((r) => r.name === 'bijouteries-commune') });
		const selection = selectFromMembers(plan, all, { now: NOW, withExclusions: true });
		expect(selection.excluded.map((e) => [e.siret, e.reason])).toEqual(
			[
				[m.suspended.siret, 'suspended'],
				[m.pending.siret, 'pending'],
				[m.expired.siret, 'expired'],
				[m.optedOut.siret, 'opted_out'],
			].sort(),
		);
		expect(selection.excluded.find((e) => e.reason === 'opted_out')?.phone).toMatch(/^\+336••••••\d\d$/);
		// The opted-out member's other phone still gets the alert; the member on its last day too.
		expect(selection.recipients.filter((r) => r.siret === m.optedOut.siret).map((r) => r.phone)).toEqual(['+33799999999']);
		expect(selection.recipients.some((r) => r.siret === m.lastDay.siret)).toBe(true);
		expect(selectRecipients(plan, all, { now: NOW })).toEqual(selection.recipients);
	});

	it('sends one SMS per phone: shared phones and several matching rules collapse, with every reason', async () => {
		const plan = await planTargeting(incident('cambriolage', [CLERMONT], { coordinates: JAUDE }), levelsRuleset());
		const recipients = selectRecipients(plan, all, { now: NOW });
		const phones = recipients.map((r) => r.phone);
		expect(new Set(phones).size).toBe(phones.length);
		const shared = recipients.find((r) => r.phone === m.jewellerClermont.phones[0]);
		expect(shared?.siret).toBe([m.jewellerClermont.siret, m.sharedPhone.siret].sort()[0]);
		expect(shared?.reasons.map((r) => r.rule)).toEqual(['tabacs-naf-radius', 'everyone-commune']);
		expect(recipients.find((r) => r.siret === m.noPhone.siret)).toBeUndefined();
	});

	it('returns each recipient in the compact shape', async () => {
		const plan = await planTargeting(incident('vol_main_armee', [CLERMONT]), levelsRuleset());
		const [first] = selectRecipients(plan, all, { now: NOW });
		expect(Object.keys(first).sort()).toEqual(['communeInsee', 'name', 'phone', 'reasons', 'siret']);
	});
});

describe('dry-run summary', () => {
	it('counts by rule, profession and commune, lists exclusions, masks the sample', async () => {
		const plan = await planTargeting(incident('vol_main_armee', [CLERMONT]), levelsRuleset());
		const selection = selectFromMembers(plan, all, { now: NOW, withExclusions: true });
		const tags = new Map(all.map((a) => [a.siret, a.professions]));
		const summary = summarizeSelection(plan, selection, (siret) => tags.get(siret) ?? [], { sampleSize: 3, maxRecipients: 5 });
		expect(summary).toMatchObject({
			dryRun: true,
			incidentType: 'vol_main_armee',
			recipients: selection.recipients.length,
			overLimit: true,
			excluded: { total: 4, byReason: { suspended: 1, pending: 1, expired: 1, opted_out: 1 } },
		});
		expect(summary.byRule['bijouteries-departement']).toBe(selection.recipients.length);
		expect(summary.byCommune['63113 Clermont-Ferrand']).toBeGreaterThan(3);
		expect(summary.byProfession.bijouterie).toBeGreaterThan(3);
		expect(summary.sample).toHaveLength(3);
		expect(summary.sample[0].phone).toContain('••••••');
		expect(summary.rules.map((r) => r.rule)).toContain('bijouteries-zones');
	});
});
