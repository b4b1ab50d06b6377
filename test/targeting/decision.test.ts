import { PROVIDER_LIMITS } from '../../nodes/shared/dispatch';
import {
	decisionSummary,
	decisionSummaryHtml,
	decisionSummaryText,
	planTargeting,
	selectFromMembers,
	summarizeSelection,
	type DecisionSummary,
	type Exclusion,
	type Reason,
	type Recipient,
	type Selection,
} from '../../nodes/shared/targeting';
import { AUBIERE, CLERMONT, incident, ISSOIRE, JAUDE } from './fixtures';
import { levelsRuleset, NOW, scenarioMembers } from './scenario';

const FAUX_BILLETS: Reason = { rule: 'fausse-monnaie-agglomeration', area: 'epci 63178' };
const TABACS: Reason = { rule: 'tabacs-rayon', area: 'radius 5 km' };

let phone = 0;
/** A recipient of `siret` in `commune`, with its own phone. */
function recipient(siret: string, commune: string, reasons: Reason[] = [FAUX_BILLETS], name = `Commerce ${siret}`): Recipient {
	return { siret, name, phone: `+3361${String(++phone).padStart(7, '0')}`, communeInsee: commune, reasons };
}

const PROFESSIONS: Record<string, string[]> = {
	S1: ['buraliste', 'commerce-detail'],
	S2: ['buraliste'],
	S3: ['presse', 'buraliste', 'commerce-detail'],
	S4: ['buraliste', 'presse', 'presse'],
	S5: [],
};
const professionsOf = (siret: string) => PROFESSIONS[siret] ?? [];

/** Five members, six phones (S1 has two), three communes, two rules; three excluded. */
function selection(): Selection {
	return {
		recipients: [
			recipient('S1', ISSOIRE),
			recipient('S1', ISSOIRE),
			recipient('S2', ISSOIRE, [FAUX_BILLETS, TABACS]),
			recipient('S3', CLERMONT, [{ ...TABACS, distanceKm: 2.5 }]),
			recipient('S4', AUBIERE),
			recipient('S5', ISSOIRE, [TABACS]),
		],
		excluded: [
			{ siret: 'X1', name: 'Tabac <b>du Centre</b>', communeInsee: ISSOIRE, reason: 'expired' },
			{ siret: 'X2', name: 'Bijouterie Martin', communeInsee: ISSOIRE, reason: 'expired' },
			{ siret: 'X3', name: 'Horlogerie Roux', communeInsee: CLERMONT, reason: 'opted_out', phone: '+33612345678' },
		],
	};
}

const summarize = (text = 'Faux billets de 50 € à Issoire.', unitPrice = 0.06) => decisionSummary({ alert: { text, sender: 'CCI63' }, selection: selection(), professionsOf, unitPrice });
const sum = (groups: DecisionSummary['byCommune'], key: 'sms' | 'members') => groups.reduce((total, g) => total + g[key], 0);

describe('decisionSummary: counts', () => {
	it('counts businesses by distinct SIRET and SMS by phone', () => {
		expect(summarize()).toMatchObject({ members: 5, messages: 6 });
	});

	it('keeps the SMS text and sender, with its encoding and segments as SMS Dispatch sends it', () => {
		expect(summarize().sms).toEqual({ text: 'Faux billets de 50 € à Issoire.', sender: 'CCI63', encoding: 'GSM-7', characters: 31, segments: 1 });
		expect(summarize('Cambriolage cœur de ville').sms).toMatchObject({ encoding: 'UCS-2', segments: 1 });
	});
});

describe('decisionSummary: breakdowns', () => {
	it('by commune: one group per member commune, whose SMS and businesses sum to the totals', () => {
		const summary = summarize();
		expect(summary.byCommune.map((g) => [g.key, g.label, g.sms, g.members])).toEqual([
			[ISSOIRE, 'Issoire', 4, 3],
			[AUBIERE, 'Aubière', 1, 1],
			[CLERMONT, 'Clermont-Ferrand', 1, 1],
		]);
		expect(sum(summary.byCommune, 'sms')).toBe(summary.messages);
		expect(sum(summary.byCommune, 'members')).toBe(summary.members);
	});

	it('by profession: a member counts once, under its most precise professions (the umbrella commerce-detail dropped)', () => {
		const summary = summarize();
		expect(summary.byProfession.map((g) => [g.key, g.label, g.sms, g.members])).toEqual([
			['buraliste', 'Buralistes (tabac)', 3, 2],
			['buraliste + presse', 'Buralistes (tabac) + Marchands de journaux, papeteries', 2, 2],
			['sans profession', 'sans profession', 1, 1],
		]);
		expect(sum(summary.byProfession, 'sms')).toBe(summary.messages);
		expect(sum(summary.byProfession, 'members')).toBe(summary.members);
	});

	it('by profession: the umbrella tag counts a member that has nothing more precise; an unknown tag keeps its name', () => {
		const tags: Record<string, string[]> = { S1: ['commerce-detail'], S2: ['tag-local'] };
		const only = decisionSummary({ alert: { text: 'x' }, selection: { recipients: [recipient('S1', ISSOIRE), recipient('S2', ISSOIRE)], excluded: [] }, professionsOf: (s) => tags[s] ?? [], unitPrice: 0 });
		expect(only.byProfession.map((g) => [g.key, g.label])).toEqual([
			['commerce-detail', 'Commerces de détail (tous)'],
			['tag-local', 'tag-local'],
		]);
	});

	it('names the rules and areas that selected each group', () => {
		const summary = summarize();
		const issoire = summary.byCommune.find((g) => g.key === ISSOIRE);
		expect(issoire).toMatchObject({ rules: ['fausse-monnaie-agglomeration', 'tabacs-rayon'], areas: ['epci 63178', 'radius 5 km'] });
		expect(summary.byProfession.find((g) => g.key === 'buraliste + presse')?.rules).toEqual(['tabacs-rayon', 'fausse-monnaie-agglomeration']);
	});

	it('sums to the recipients on a real selection: shared phones, several rules, radius reasons, exclusions', async () => {
		const members = Object.values(scenarioMembers());
		const plan = await planTargeting(incident('cambriolage', [CLERMONT], { coordinates: JAUDE }), levelsRuleset());
		const real = selectFromMembers(plan, members, { now: NOW, withExclusions: true });
		const tags = new Map(members.map((a) => [a.siret, a.professions]));
		const summary = decisionSummary({ alert: { text: 'Cambriolage.' }, selection: real, professionsOf: (s) => tags.get(s) ?? [], provider: 'ovh' });
		expect(real.recipients.length).toBeGreaterThan(3);
		for (const breakdown of [summary.byCommune, summary.byProfession]) {
			expect(sum(breakdown, 'sms')).toBe(real.recipients.length);
			expect(sum(breakdown, 'members')).toBe(new Set(real.recipients.map((r) => r.siret)).size);
		}
		// The same counting as the dry run's own summary.
		const dryRun = summarizeSelection(plan, real, (s) => tags.get(s) ?? []);
		expect(summary.byCommune.map((g) => g.sms)).toEqual(Object.values(dryRun.byCommune));
		expect(summary.excluded.byReason).toEqual(dryRun.excluded.byReason);
	});

	it('gives empty breakdowns when nobody is selected', () => {
		const summary = decisionSummary({ alert: { text: 'Rien.' }, selection: { recipients: [], excluded: [] }, professionsOf, unitPrice: 0.06 });
		expect(summary).toMatchObject({ members: 0, messages: 0, byCommune: [], byProfession: [], cost: { total: 0 } });
	});
});

describe('decisionSummary: exclusions', () => {
	it('lists every excluded member with its reason, counted by reason', () => {
		const { excluded } = summarize();
		expect(excluded.total).toBe(3);
		expect(excluded.byReason).toEqual({ expired: 2, opted_out: 1 });
		expect(excluded.list.map((e) => [e.siret, e.reason])).toEqual([
			['X1', 'expired'],
			['X2', 'expired'],
			['X3', 'opted_out'],
		]);
	});

	it('never shows a phone whole, and does not mask twice a phone already masked', () => {
		const masked: Exclusion = { siret: 'X4', name: 'Y', communeInsee: ISSOIRE, reason: 'opted_out', phone: '+336••••••78' };
		const summary = decisionSummary({ alert: { text: 'x' }, selection: { recipients: [], excluded: [...selection().excluded, masked] }, professionsOf, unitPrice: 0 });
		expect(summary.excluded.list.map((e) => e.phone).filter(Boolean)).toEqual(['+336••••••78', '+336••••••78']);
	});
});

describe('decisionSummary: cost', () => {
	it('is segments × messages × unit price', () => {
		expect(summarize().cost).toEqual({ unitPrice: 0.06, segments: 6, total: 0.36, currency: 'EUR' });
	});

	it('counts a two-segment GSM-7 text twice per SMS', () => {
		const summary = summarize('a'.repeat(161), 0.07);
		expect(summary.sms.segments).toBe(2);
		expect(summary.cost).toMatchObject({ segments: 12, total: 0.84 });
	});

	it('counts UCS-2 segments of 70 (one) and 67 (then two) characters', () => {
		expect(summarize(`œ${'a'.repeat(69)}`).cost).toMatchObject({ segments: 6, total: 0.36 });
		const two = summarize(`œ${'a'.repeat(70)}`, 0.045);
		expect(two.sms).toMatchObject({ encoding: 'UCS-2', segments: 2 });
		expect(two.cost).toMatchObject({ segments: 12, total: 0.54 });
	});

	it("defaults to the provider's indicative price, and a given price wins", () => {
		const provider = (p: 'ovh' | 'sandbox', unitPrice?: number) =>
			decisionSummary({ alert: { text: 'x' }, selection: selection(), professionsOf, provider: p, ...(unitPrice === undefined ? {} : { unitPrice }) }).cost.unitPrice;
		expect(provider('ovh')).toBe(PROVIDER_LIMITS.ovh.costPerSegment);
		expect(provider('sandbox')).toBe(0);
		expect(provider('ovh', 0.05)).toBe(0.05);
	});
});

describe('decisionSummaryText', () => {
	it('says who, where, why and how much in a few French lines', () => {
		const text = decisionSummaryText(summarize('a'.repeat(161), 0.06));
		expect(text.split('\n')).toEqual([
			'SMS de CCI63 (GSM-7, 161 caractères, 2 segments) :',
			`« ${'a'.repeat(161)} »`,
			'',
			'Destinataires : 5 commerces, 6 SMS (2 segments chacun) — coût estimé 0,72 € (0,06 € par segment)',
			'Par profession : Buralistes (tabac) 3 (règles fausse-monnaie-agglomeration, tabacs-rayon) ; Buralistes (tabac) + Marchands de journaux, papeteries 2 (règles tabacs-rayon, fausse-monnaie-agglomeration) ; sans profession 1 (règle tabacs-rayon)',
			'Par commune : Issoire 4 (règles fausse-monnaie-agglomeration, tabacs-rayon) ; Aubière 1 (règle fausse-monnaie-agglomeration) ; Clermont-Ferrand 1 (règle tabacs-rayon)',
			'Non alertés : 3 (adhésion expirée 2, numéro désinscrit 1)',
		]);
	});

	it('shows the largest groups and sums up the rest', () => {
		const text = decisionSummaryText(summarize(), { maxGroups: 1 });
		expect(text).toContain('Par commune : Issoire 4 (règles fausse-monnaie-agglomeration, tabacs-rayon) ; … et 2 autres (2 SMS)');
	});

	it('speaks in the singular for one SMS, and says when nobody is reached', () => {
		const one = decisionSummary({ alert: { text: 'x' }, selection: { recipients: [recipient('S1', ISSOIRE)], excluded: [] }, professionsOf, unitPrice: 0.045 });
		expect(decisionSummaryText(one)).toContain('Destinataires : 1 commerce, 1 SMS (1 segment) — coût estimé 0,05 € (0,045 € par segment)');
		const none = decisionSummaryText(decisionSummary({ alert: { text: 'x' }, selection: { recipients: [], excluded: [] }, professionsOf, unitPrice: 0 }));
		expect(none).toContain('Par commune : aucun');
		expect(none).toContain('Non alertés : 0');
	});
});

describe('decisionSummaryHtml', () => {
	it('escapes every value: the SMS text, member names, rules', () => {
		const html = decisionSummaryHtml(summarize('<script>alert("x")</script> & co'));
		expect(html).not.toContain('<script>');
		expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
		expect(html).toContain('Tabac &lt;b&gt;du Centre&lt;/b&gt; (X1) — adhésion expirée');
		expect(html).not.toContain('<b>du Centre');
	});

	it('uses only tags that survive n8n form sanitizing, on one line', () => {
		const html = decisionSummaryHtml(summarize());
		expect(html).not.toContain('\n');
		const tags = new Set([...html.matchAll(/<\/?([a-z0-9]+)/g)].map((m) => m[1]));
		expect([...tags].sort()).toEqual(['b', 'br', 'li', 'ul']);
	});

	it('carries the headline, both breakdowns and the excluded members with masked phones', () => {
		const html = decisionSummaryHtml(summarize());
		expect(html).toContain('<b>Destinataires : 5 commerces, 6 SMS (1 segment chacun) — coût estimé 0,36 € (0,06 € par segment)</b>');
		expect(html).toContain('<li>Issoire : 4 SMS, 3 commerces — règles fausse-monnaie-agglomeration, tabacs-rayon</li>');
		expect(html).toContain('<li>Buralistes (tabac) + Marchands de journaux, papeteries : 2 SMS, 2 commerces — règles tabacs-rayon, fausse-monnaie-agglomeration</li>');
		expect(html).toContain('<li>Horlogerie Roux (X3, +336••••••78) — numéro désinscrit</li>');
		expect(html).not.toContain('+33612345678');
	});

	it('lists at most maxExcluded names, then how many more', () => {
		const html = decisionSummaryHtml(summarize(), { maxExcluded: 1 });
		expect(html).toContain('<li>… et 2 autres</li>');
		expect(html).not.toContain('Bijouterie Martin');
	});
});
