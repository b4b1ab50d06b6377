import { generateRegister } from '../../bench/members';
import { parseCsv } from '../../nodes/shared/csv';
import {
	compareRulesets,
	compileVisualRules,
	defaultRuleset,
	loadRuleset,
	matrixChanges,
	matrixToCsv,
	matrixToRuleset,
	readMatrixCsv,
	rulesetToMatrix,
	simulatedYear,
	type Ruleset,
} from '../../nodes/shared/targeting';
import { schemaErrors } from '../../nodes/shared/targeting/schema';
import { CLERMONT, AUBIERE } from './fixtures';

const NOW = new Date('2026-06-01T12:00:00+02:00');

/** A ruleset with zones, night hours, a rule for every type and one the matrix cannot show (NAF codes). */
const WITH_EVERYTHING: Ruleset = (() => {
	const visual = compileVisualRules({
		areaPolicy: 'widest',
		zones: { 'centre-ville': [CLERMONT, AUBIERE] },
		rules: [
			{ name: 'troubles-centre', description: 'Troubles : banques du centre', incidentTypes: ['troubles_ordre_public'], professions: ['banque'], areaLevel: 'zones', zones: ['centre-ville'] },
			{ name: 'nuit', description: 'La nuit : stations', incidentTypes: ['vol_main_armee', 'agression'], professions: ['station-service', 'hotel'], areaLevel: 'arrondissement', hours: { from: 22, to: 6 } },
			{ name: 'bijoux-partout', description: 'Tout incident : bijouteries du département', incidentTypes: [], professions: ['bijouterie'], areaLevel: 'departement' },
			{ name: 'voisins', description: 'Cambriolage : tous à 1,5 km', incidentTypes: ['cambriolage'], professions: [], areaLevel: 'radius', radiusKm: 1.5 },
		],
	});
	visual.rules.push({
		name: 'naf-bijoux',
		description: 'Vol à main armée : codes NAF des bijouteries',
		conditions: { all: [{ fact: 'type', operator: 'equal', value: 'vol_main_armee' }] },
		event: { type: 'target', params: { naf: ['47.77Z', '47.77Y'], area: { level: 'epci' } } },
	});
	return visual;
})();

/** The CSV's rows as a spreadsheet shows them. */
const sheet = (csv: string) => parseCsv(csv).rows;

/** Sets one cell of a downloaded CSV, found by its row's and column's codes. */
function setCell(csv: string, type: string, profession: string, value: string): string {
	const rows = sheet(csv);
	const column = rows[0].findIndex((h) => h.endsWith(`[${profession}]`));
	const row = rows.findIndex((r) => r[0].endsWith(`[${type}]`));
	if (column < 0 || row < 0) throw new Error(`no cell ${type} × ${profession}`);
	rows[row][column] = value;
	return rows.map((r) => r.map((c) => (/[;"\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(';')).join('\n');
}

describe('ruleset ⇄ spreadsheet matrix', () => {
	describe('rulesetToMatrix', () => {
		it('has a row per incident type and a column per profession, with every member first', () => {
			const matrix = rulesetToMatrix(defaultRuleset());
			expect(matrix.rows).toHaveLength(12);
			expect(matrix.columns[0]).toBe('*');
			expect(matrix.columns).toEqual(expect.arrayContaining(['buraliste', 'bijouterie', 'agriculteur']));
			expect(matrix.kept).toEqual([]);
		});

		it('writes each rule’s area in the cells of its incident types and professions', () => {
			const matrix = rulesetToMatrix(WITH_EVERYTHING);
			expect(matrix.cells.troubles_ordre_public?.banque).toEqual([{ level: 'zones', zones: ['centre-ville'] }]);
			expect(matrix.cells.cambriolage?.['*']).toEqual([{ level: 'radius', radiusKm: 1.5 }]);
			// A rule without incident types fills every row.
			expect(matrix.cells.fausse_monnaie?.bijouterie).toEqual([{ level: 'departement' }]);
			expect(matrix.cells.vol_main_armee?.['station-service']).toEqual([{ level: 'arrondissement', hours: { from: 22, to: 6 } }]);
			expect(matrix.kept).toEqual(['naf-bijoux']);
		});

		it('writes a CSV a French spreadsheet opens: `;`, BOM, labels with codes, cells in words, a legend', () => {
			const csv = matrixToCsv(rulesetToMatrix(WITH_EVERYTHING));
			expect(csv.startsWith('\ufeff')).toBe(true);
			const rows = sheet(csv);
			expect(rows[0][1]).toBe('Tous les adhérents [*]');
			expect(rows[0]).toContain('Buralistes (tabac) [buraliste]');
			const robbery = rows.find((r) => r[0] === 'Vol à main armée / avec violence [vol_main_armee]')!;
			expect(robbery[rows[0].indexOf('Stations-service [station-service]')]).toBe('arrondissement (22h-6h)');
			expect(robbery[rows[0].indexOf('Bijouteries, horlogeries [bijouterie]')]).toBe('département');
			const burglary = rows.find((r) => r[0].endsWith('[cambriolage]'))!;
			expect(burglary[1]).toBe('1,5 km');
			expect(rows.flat().join('\n')).toContain('Règles conservées hors matrice (conditions, codes NAF ou priorités : à modifier en JSON) : naf-bijoux');
		});
	});

	describe('round trip', () => {
		it.each([
			['the package default', defaultRuleset()],
			['zones, night hours, every type, decimal radius and a NAF rule', WITH_EVERYTHING],
		])('ruleset → CSV → ruleset gives the same document for %s, valid by the schema', (_name, ruleset) => {
			const back = matrixToRuleset(matrixToCsv(rulesetToMatrix(ruleset)), { base: ruleset });
			expect(back).toEqual({ ok: true, ruleset });
			if (back.ok) expect(schemaErrors(JSON.parse(JSON.stringify(back.ruleset)))).toEqual([]);
		});

		it('without the base, gives a valid ruleset that targets exactly as the original over a simulated year', async () => {
			const register = generateRegister(600, { seed: 14 });
			const back = matrixToRuleset(matrixToCsv(rulesetToMatrix(defaultRuleset())));
			expect(back.ok).toBe(true);
			if (!back.ok) return;
			expect(loadRuleset(back.ruleset).ok).toBe(true);
			expect(new Set(back.ruleset.rules.map((r) => r.name)).size).toBe(back.ruleset.rules.length);
			expect(back.ruleset.rules.every((r) => /\(matrice\)\.$|…$/.test(r.description))).toBe(true);
			const incidents = simulatedYear({ departement: '63', until: NOW, centroids: register.centroids });
			const comparison = await compareRulesets({ incidents, members: register.members, current: defaultRuleset(), proposed: back.ruleset, now: NOW });
			expect(comparison.changes).toEqual([]);
			expect(comparison.proposed).toEqual(comparison.current);
			expect(comparison.current.sms).toBeGreaterThan(1000);
		});
	});

	describe('a changed cell', () => {
		const base = defaultRuleset();
		const csv = matrixToCsv(rulesetToMatrix(base));

		it('rewrites only the rule it touches; the others keep their names and descriptions', () => {
			const changed = matrixToRuleset(setCell(csv, 'vol_etalage', 'commerce-detail', 'agglomération'), { base });
			expect(changed.ok).toBe(true);
			if (!changed.ok) return;
			const names = changed.ruleset.rules.map((r) => r.name);
			expect(names).not.toContain('vol-etalage-commune');
			expect(names).toContain('vol-etalage-agglomeration');
			expect(changed.ruleset.rules.filter((r) => base.rules.some((b) => JSON.stringify(b) === JSON.stringify(r)))).toHaveLength(base.rules.length - 1);
			const added = changed.ruleset.rules.find((r) => r.name === 'vol-etalage-agglomeration')!;
			expect(added.event.params).toEqual({ professions: ['commerce-detail'], area: { level: 'epci' } });
			expect(added.conditions).toEqual({ all: [{ fact: 'type', operator: 'in', value: ['vol_etalage'] }] });
			expect(matrixChanges(rulesetToMatrix(base), rulesetToMatrix(changed.ruleset))).toEqual([
				{ incidentType: 'vol_etalage', column: 'commerce-detail', before: 'commune', after: 'agglomération' },
			]);
		});

		it('adds a profession, several areas in one cell, night hours; accents and case are not required', () => {
			const edited = setCell(setCell(csv, 'vol_etalage', 'pharmacie', 'Commune'), 'fausse_monnaie', 'hotel', 'departement (22h-6h) + 2,5 km');
			const changed = matrixToRuleset(edited, { base });
			expect(changed.ok).toBe(true);
			if (!changed.ok) return;
			const after = rulesetToMatrix(changed.ruleset);
			expect(after.cells.vol_etalage?.pharmacie).toEqual([{ level: 'commune' }]);
			expect(after.cells.fausse_monnaie?.hotel).toEqual([{ level: 'departement', hours: { from: 22, to: 6 } }, { level: 'radius', radiusKm: 2.5 }]);
			expect(matrixChanges(rulesetToMatrix(base), after).map((c) => `${c.incidentType}×${c.column}: ${c.before} → ${c.after}`)).toEqual([
				'vol_etalage×pharmacie:  → commune',
				'fausse_monnaie×hotel:  → département (22h-6h) + 2,5 km',
			]);
		});

		it('emptying a cell stops that alert; the same areas in another order are no change', () => {
			const robbery = sheet(csv).find((r) => r[0].endsWith('[vol_main_armee]'))!;
			expect(robbery[1]).toBe('1 km');
			const emptied = matrixToRuleset(setCell(csv, 'vol_main_armee', '*', ''), { base });
			expect(emptied.ok && emptied.ruleset.rules.map((r) => r.name)).not.toContain('vol-main-armee-voisinage');
			const swapped = setCell(csv, 'vol_main_armee', 'station-service', 'arrondissement (22h-6h) + département');
			const same = matrixToRuleset(swapped, { base });
			expect(same.ok && matrixChanges(rulesetToMatrix(base), rulesetToMatrix(same.ruleset))).toEqual([]);
		});
	});

	describe('errors', () => {
		const base = WITH_EVERYTHING;
		const csv = matrixToCsv(rulesetToMatrix(base));

		it('reports every invalid cell by row, column and reference, and gives no ruleset', () => {
			let edited = setCell(csv, 'vol_etalage', 'pharmacie', 'la ville');
			edited = setCell(edited, 'agression', 'buraliste', '300 km');
			edited = setCell(edited, 'escroquerie', 'banque', 'zone nord');
			edited = setCell(edited, 'cambriolage', 'hotel', 'commune (25h-6h)');
			const result = matrixToRuleset(edited, { base });
			expect(result.ok).toBe(false);
			if (result.ok) return;
			const rows = sheet(edited);
			const where = (type: string, profession: string) => {
				const row = rows.findIndex((r) => r[0].endsWith(`[${type}]`)) + 1;
				const column = rows[0].findIndex((h) => h.endsWith(`[${profession}]`)) + 1;
				return { row, column };
			};
			expect(result.errors).toEqual([
				{ ...where('cambriolage', 'hotel'), cell: expect.stringMatching(/^[A-Z]+2$/), message: expect.stringContaining('heures « (25h-6h) » impossibles') },
				{ ...where('vol_etalage', 'pharmacie'), cell: expect.any(String), message: expect.stringContaining('« la ville » n’est pas une zone d’alerte') },
				{ ...where('escroquerie', 'banque'), cell: expect.any(String), message: 'zone « nord » inconnue : zones définies : centre-ville' },
				{ ...where('agression', 'buraliste'), cell: expect.any(String), message: 'rayon « 300 km » impossible : entre 0,1 et 200 km' },
			]);
			const pharmacy = where('vol_etalage', 'pharmacie');
			expect(result.errors[1].cell).toBe(`${String.fromCharCode(64 + Math.floor((pharmacy.column - 1) / 26)).replace('@', '')}${String.fromCharCode(65 + ((pharmacy.column - 1) % 26))}${pharmacy.row}`);
		});

		it('refuses unknown or duplicated headers, rows without a type, and cells outside the columns', () => {
			const rows = sheet(csv);
			rows[0][3] = 'Boulangers';
			rows[0][4] = rows[0][5];
			rows[3][0] = '';
			rows[3][1] = 'commune';
			rows[4][0] = 'Vol de vélo';
			rows[2].push('commune');
			const text = rows.map((r) => r.map((c) => `"${c}"`).join(';')).join('\n');
			const result = readMatrixCsv(text, ['centre-ville']);
			expect(result.ok).toBe(false);
			if (result.ok) return;
			expect(result.errors.map((e) => `${e.cell} ${e.message}`)).toEqual([
				expect.stringMatching(/^D1 colonne « Boulangers » : profession inconnue/),
				'F1 colonne « Pharmacies [pharmacie] » en double : une seule colonne par profession',
				expect.stringMatching(/^[A-Z]+3 « commune » est dans une colonne sans profession$/),
				expect.stringMatching(/^A4 ligne sans type d’incident/),
				expect.stringMatching(/^A5 type d’incident « Vol de vélo » inconnu/),
			]);
		});

		it('refuses an empty file and a matrix that alerts nobody', () => {
			expect(readMatrixCsv('\ufeff\r\n')).toEqual({ ok: false, errors: [{ message: expect.stringContaining('le fichier est vide') }] });
			const empty = sheet(csv).map((r, i) => (i === 0 || r[0].startsWith('#') ? r : [r[0]]));
			const result = matrixToRuleset(empty.map((r) => r.map((c) => `"${c}"`).join(';')).join('\n'));
			expect(result).toEqual({ ok: false, errors: [{ message: 'la matrice n’alerte personne : remplissez au moins une cellule' }] });
		});

		it('reads a matrix saved by LibreOffice with commas and a leading quote kept on a cell', () => {
			const rows = sheet(setCell(csv, 'vol_etalage', 'pharmacie', "'commune"));
			const text = rows.map((r) => r.map((c) => `"${c}"`).join(',')).join('\n');
			const result = matrixToRuleset(text, { base });
			expect(result.ok && rulesetToMatrix(result.ruleset).cells.vol_etalage?.pharmacie).toEqual([{ level: 'commune' }]);
		});
	});
});
