import {
	describeProfessionNaf,
	nafForProfession,
	nafLabel,
	nafMatchesIn,
	nafNaf2025ToRev2,
	nafNomenclature,
	nafNomenclatures,
	nafPatternNomenclatures,
	nafRev2ToNaf2025,
	nafSubclasses,
	NAF_NOMENCLATURES,
	normalizeNaf,
	normalizeNafPattern,
	professionCatalog,
	professionsForNaf,
} from '../../nodes/shared/naf';

describe('normalizeNaf', () => {
	it.each([
		['4726Y', '47.26Y'],
		['47.26y', '47.26Y'],
		['47 11 h', '47.11H'],
		['4726Z', '47.26Z'],
	])('normalises %s of either nomenclature to %s', (raw, code) => {
		expect(normalizeNaf(raw)).toBe(code);
	});

	it('gives nothing for what is not shaped like a sub-class', () => {
		expect(normalizeNaf('47.2')).toBeUndefined();
		expect(normalizeNaf('tabac')).toBeUndefined();
	});
});

describe('nafNomenclatures', () => {
	it('tells a NAF rév. 2 code from a NAF 2025 one', () => {
		expect(nafNomenclatures('47.26Z')).toEqual(['rev2']);
		expect(nafNomenclatures('47.26Y')).toEqual(['naf2025']);
		expect(nafNomenclature('56.11G')).toBe('naf2025');
		expect(nafNomenclature('56.10A')).toBe('rev2');
	});

	it('knows neither for a code of no nomenclature', () => {
		expect(nafNomenclatures('47.26X')).toEqual([]);
		expect(nafNomenclatures('45.11Y')).toEqual([]);
		expect(nafNomenclature('99.99Z')).toBeUndefined();
	});

	it('holds the complete lists: 732 rév. 2 and 747 NAF 2025 sub-classes, none in both', () => {
		expect(nafSubclasses('rev2').size).toBe(732);
		expect(nafSubclasses('naf2025').size).toBe(747);
		const inBoth = [...nafSubclasses('naf2025').keys()].filter((code) => nafSubclasses('rev2').has(code));
		expect(inBoth).toEqual([]);
	});
});

describe('nafLabel', () => {
	it('labels a code in the nomenclature it belongs to', () => {
		expect(nafLabel('47.26Y')).toBe('Commerce de détail de produits à base de tabac');
		expect(nafLabel('47.26Z')).toBe('Commerce de détail de produits à base de tabac en magasin spécialisé');
		expect(nafLabel('47.81Y')).toBe('Commerce de détail de véhicules automobiles');
	});

	it('labels only within the nomenclature asked for', () => {
		expect(nafLabel('47.26Y', 'rev2')).toBeUndefined();
		expect(nafLabel('47.26Y', 'naf2025')).toBeDefined();
	});
});

describe('nafRev2ToNaf2025', () => {
	it.each([
		['47.26Z', '47.26Y'],
		['47.77Z', '47.77Y'],
		['47.11C', '47.11H'],
		['56.10A', '56.11G'],
		['56.10B', '56.11H'],
		['56.10C', '56.11J'],
		['47.78A', '47.74G'],
		['45.11Z', '47.81Y'],
	])('maps %s to %s (INSEE correspondence)', (rev2, naf2025) => {
		expect(nafRev2ToNaf2025(rev2)).toContain(naf2025);
	});

	it('gives every target of a split', () => {
		expect(nafRev2ToNaf2025('47.26Z')).toEqual(['47.26Y', '47.92H']);
		expect(nafRev2ToNaf2025('56.10A')).toEqual(['56.11G']);
	});

	it('covers every rév. 2 sub-class with existing NAF 2025 codes (1,223 pairs)', () => {
		let pairs = 0;
		for (const code of nafSubclasses('rev2').keys()) {
			const targets = nafRev2ToNaf2025(code);
			expect(targets.length).toBeGreaterThan(0);
			for (const target of targets) expect(nafNomenclature(target)).toBe('naf2025');
			pairs += targets.length;
		}
		expect(pairs).toBe(1223);
	});

	it('knows nothing for a code that is not rév. 2', () => {
		expect(nafRev2ToNaf2025('47.26Y')).toEqual([]);
	});
});

describe('nafNaf2025ToRev2', () => {
	it('reads the correspondence backwards', () => {
		expect(nafNaf2025ToRev2('47.81Y')).toEqual(expect.arrayContaining(['45.11Z', '45.19Z']));
		expect(nafNaf2025ToRev2('56.11G')).toEqual(['56.10A']);
		expect(nafNaf2025ToRev2('47.26Y')).toEqual(expect.arrayContaining(['47.26Z', '47.81Z']));
	});

	it('gives nothing for the one NAF 2025 code without an antecedent', () => {
		expect(nafNaf2025ToRev2('46.89Y')).toEqual([]);
	});
});

describe('nafPatternNomenclatures', () => {
	it.each([
		['47.8', ['rev2', 'naf2025']],
		['47.9', ['rev2', 'naf2025']],
		['45', ['rev2']],
		['47.92', ['naf2025']],
		['47.26Z', ['rev2']],
		['4777y', ['naf2025']],
		['01', ['rev2', 'naf2025']],
		['99.9', []],
		['47.26X', []],
		['tabac', []],
	])('says where %s means something', (pattern, nomenclatures) => {
		expect(nafPatternNomenclatures(pattern)).toEqual(nomenclatures);
	});

	it('normalises a rule’s code or prefix', () => {
		expect(normalizeNafPattern(' 47.7 ')).toBe('47.7');
		expect(normalizeNafPattern('4777z')).toBe('47.77Z');
		expect(normalizeNafPattern('47.')).toBeUndefined();
	});
});

describe('nafMatchesIn', () => {
	it('matches a code against the lists of its own nomenclature only', () => {
		const codes = { rev2: ['47.8'], naf2025: ['47.81Y'] };
		expect(nafMatchesIn('47.81Z', 'rev2', codes)).toBe(true);
		expect(nafMatchesIn('47.82Y', 'naf2025', codes)).toBe(false);
		expect(nafMatchesIn('47.81Y', 'naf2025', codes)).toBe(true);
	});
});

describe('professionsForNaf', () => {
	it.each([
		['47.26Y', 'buraliste'],
		['47.77Y', 'bijouterie'],
		['47.11H', 'superette'],
		['56.11G', 'restaurant'],
		['56.11J', 'restaurant'],
		['47.74G', 'optique'],
		['47.81Y', 'automobile'],
		['95.31G', 'automobile'],
		['46.83G', 'negoce-materiaux'],
	])('gives the NAF 2025 code %s the tag %s', (code, tag) => {
		expect(professionsForNaf(code)).toContain(tag);
	});

	it('gives a NAF 2025 code the tags of its rév. 2 counterpart for the same activity', () => {
		expect(professionsForNaf('47.26Y')).toEqual(professionsForNaf('47.26Z'));
		expect(professionsForNaf('47.77Y')).toEqual(professionsForNaf('47.77Z'));
		expect(professionsForNaf('01.11Y')).toEqual(['agriculteur']);
	});

	it('reads prefixes per nomenclature: 47.8 is market stalls in rév. 2, car retail in NAF 2025', () => {
		expect(professionsForNaf('47.81Z')).toEqual(['commerce-detail']);
		expect(professionsForNaf('47.81Y')).toEqual(['automobile']);
		expect(professionsForNaf('46.73A')).toEqual(['negoce-materiaux']);
		expect(professionsForNaf('46.73Y')).toEqual(['automobile']);
	});

	it('reads a code written as the register accepts it (no dot, lower case, spaces)', () => {
		expect(professionsForNaf('4726Y')).toEqual(professionsForNaf('47.26Y'));
		expect(professionsForNaf('47.26y')).toEqual(professionsForNaf('47.26Y'));
		expect(professionsForNaf(' 4777 z ')).toEqual(professionsForNaf('47.77Z'));
		expect(professionsForNaf('4781y')).toEqual(['automobile']);
		expect(nafNomenclature('4726y')).toBe('naf2025');
		expect(nafRev2ToNaf2025('4726z')).toEqual(nafRev2ToNaf2025('47.26Z'));
		expect(nafNaf2025ToRev2('4726Y')).toEqual(nafNaf2025ToRev2('47.26Y'));
		expect(nafLabel('4726Y')).toBe(nafLabel('47.26Y'));
	});

	it('gives no tag to a code of neither nomenclature, and a copy the caller may change', () => {
		expect(professionsForNaf('99.99Z')).toEqual([]);
		expect(professionsForNaf('47.2')).toEqual([]);
		expect(professionsForNaf('')).toEqual([]);
		professionsForNaf('47.26Y').push('intrus');
		expect(professionsForNaf('47.26Y')).not.toContain('intrus');
	});

	it('leaves retail intermediation (NAF 2025 group 47.9) out of the shop tags', () => {
		expect(professionsForNaf('47.91Y')).toEqual([]);
		expect(professionsForNaf('47.92H')).toEqual([]);
	});

	it('gives nothing for a code of no nomenclature', () => {
		expect(professionsForNaf('47.26X')).toEqual([]);
	});

	it('uses the nomenclature it is told', () => {
		expect(professionsForNaf('47.81Y', 'rev2')).toEqual(['commerce-detail']);
	});
});

describe('rules/professions.json', () => {
	const catalog = Object.entries(professionCatalog());

	it.each(catalog)('maps %s in both nomenclatures with codes and prefixes that exist there', (_tag, profession) => {
		for (const nomenclature of NAF_NOMENCLATURES) {
			expect(profession.naf[nomenclature].length).toBeGreaterThan(0);
			const unknown = profession.naf[nomenclature].filter((code) => !nafPatternNomenclatures(code).includes(nomenclature));
			expect(unknown).toEqual([]);
		}
	});

	it.each(catalog)('keeps %s on a NAF 2025 successor of each of its rév. 2 sub-classes', (tag, profession) => {
		const subclasses = profession.naf.rev2.filter((code) => nafNomenclature(code) === 'rev2');
		const orphans = subclasses.filter((code) => !nafRev2ToNaf2025(code).some((target) => professionsForNaf(target).includes(tag)));
		expect(orphans).toEqual([]);
	});

	it('describes a profession’s codes per nomenclature', () => {
		expect(nafForProfession('optique')).toEqual({ rev2: ['47.78A'], naf2025: ['47.74G'] });
		expect(nafForProfession('astronaute')).toEqual({ rev2: [], naf2025: [] });
		expect(describeProfessionNaf(nafForProfession('buraliste'))).toBe('NAF rév. 2 47.26Z · NAF 2025 47.26Y');
	});
});
