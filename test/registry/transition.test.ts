import { validateAdherent, type Adherent } from '../../nodes/shared/registry';
import { nafTransitionOf, nafTransitionReport } from '../../nodes/shared/registry/transition';

/** A valid member with the given NAF code (and optional explicit profession tags). */
function member(siret: string, naf: string, professions: string[] = []): Adherent {
	const result = validateAdherent({ siret, name: `Commerce ${siret}`, naf, professions, phones: '06 12 34 56 78', communeInsee: '63178' });
	if (!result.ok) throw new Error(JSON.stringify(result.errors));
	return result.adherent;
}

describe('nafTransitionOf', () => {
	it('gives a member on a rév. 2 code its NAF 2025 code(s) from INSEE’s correspondence, with their labels', () => {
		const row = nafTransitionOf(member('73282932000074', '56.10A'))!;
		expect(row).toMatchObject({ siret: '73282932000074', naf: '56.10A', unambiguous: true, suggested: '56.11G', tagsWouldChange: false });
		expect(row.candidates).toEqual([expect.objectContaining({ code: '56.11G', professions: ['restaurant'], added: [], removed: [] })]);
		expect(row.candidates[0].label).toMatch(/restauration/i);
	});

	it('suggests the code that keeps the rév. 2 class when the class was split, and lists every candidate', () => {
		const row = nafTransitionOf(member('73282932000074', '4726Z'))!;
		expect(row.unambiguous).toBe(false);
		expect(row.suggested).toBe('47.26Y');
		expect(row.candidates.map((c) => c.code)).toEqual(['47.26Y', '47.92H']);
		// The tabac stays a buraliste with its likely code; the intermediation code would drop the tag.
		expect(row.tagsWouldChange).toBe(false);
		expect(row.candidates[1].removed).toContain('buraliste');
	});

	it('says the tags would change when no code can be suggested and some candidate changes them', () => {
		const row = nafTransitionOf(member('73282932000074', '45.11Z'))!;
		expect(row.suggested).toBeUndefined();
		expect(row.apply).toBeUndefined();
		expect(row.candidates.length).toBeGreaterThan(1);
		expect(row.tagsWouldChange).toBe(true);
	});

	it('prepares the member for Upsert with the suggested code, keeping only the tags given by hand', () => {
		const before = member('73282932000074', '47.26Z', ['presse']);
		const row = nafTransitionOf(before)!;
		expect(row.apply).toMatchObject({ siret: before.siret, naf: '47.26Y', nafNomenclature: 'naf2025', phones: before.phones });
		expect(row.apply!.professions).toEqual(['buraliste', 'commerce-detail', 'presse']);
		// The stored member is not touched: the report only reads.
		expect(before).toMatchObject({ naf: '47.26Z', nafNomenclature: 'rev2' });
		// What Upsert will do with it: a valid NAF 2025 member with the same tags.
		const applied = validateAdherent(row.apply as unknown as Record<string, unknown>);
		expect(applied.ok && applied.adherent).toMatchObject({ naf: '47.26Y', nafNomenclature: 'naf2025', professions: ['buraliste', 'commerce-detail', 'presse'] });
	});

	it('leaves out members already on NAF 2025 and members without a NAF code', () => {
		expect(nafTransitionOf(member('73282932000074', '47.26Y'))).toBeUndefined();
		const noCode = validateAdherent({ siret: '73282932000074', name: 'Sans code', phones: '06 12 34 56 78', communeInsee: '63178' });
		expect(noCode.ok && nafTransitionOf(noCode.adherent)).toBeUndefined();
	});
});

describe('nafTransitionReport', () => {
	it('lists one row per rév. 2 member, in SIRET order', () => {
		const rows = nafTransitionReport([member('55208131766522', '47.77Z'), member('44306184100047', '47.26Y'), member('40483304800022', '01.11Z')]);
		expect(rows.map((r) => [r.siret, r.naf, r.suggested])).toEqual([
			['40483304800022', '01.11Z', '01.11Y'],
			['55208131766522', '47.77Z', '47.77Y'],
		]);
	});
});
