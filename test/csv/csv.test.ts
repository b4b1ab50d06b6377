import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { csvCell, FORMULA_TRIGGERS } from '../../nodes/shared/csv';

describe('csvCell', () => {
	it.each([
		['=HYPERLINK("http://evil.example","x")', `'=HYPERLINK("http://evil.example","x")`],
		['+33612345678', `'+33612345678`],
		['-2+3', `'-2+3`],
		['@SUM(A1:A9)', `'@SUM(A1:A9)`],
		['\t=1+1', `'\t=1+1`],
		['\r=1+1', `'\r=1+1`],
	])('puts a quote before %j, which a spreadsheet would run', (value, cell) => {
		expect(csvCell(value)).toBe(cell);
	});

	it('keeps a phone in E.164 readable: one quote, every digit', () => {
		expect(csvCell('+33612345678')).toBe("'+33612345678");
	});

	it.each(['Issoire (63178)', 'taux de remise', 'a=b', '100 %', "'déjà cité", ''])('leaves %j as it is', (value) => {
		expect(csvCell(value)).toBe(value);
	});

	it('leaves numbers, booleans and empty values as they are (a negative number is no formula)', () => {
		for (const value of [-5, 0, 3.5, true, null, undefined]) expect(csvCell(value)).toBe(value);
	});

	it('covers OWASP’s list: = + - @ tab and carriage return', () => {
		expect([...FORMULA_TRIGGERS].sort()).toEqual(['\t', '\r', '+', '-', '=', '@'].sort());
	});
});

describe('the yearly review of workflow 06 (the CSV e-mailed to the CCI)', () => {
	type Node = { name: string; type: string; parameters: Record<string, unknown> };
	const workflow = JSON.parse(readFileSync(join(__dirname, '../../workflows/06-annual-statistics.json'), 'utf8')) as {
		nodes: Node[];
		connections: Record<string, { main: Array<Array<{ node: string }>> }>;
	};
	const code = workflow.nodes.find((n) => n.name === 'Tableau du bilan')!.parameters.jsCode as string;

	/** Runs the Code node as n8n would, with the two statistics it reads. */
	function table(registry: object, sending: object): Array<Record<string, unknown>> {
		const inputs: Record<string, object> = { 'Registre des adhérents': registry, 'Envois de la période': sending };
		const $ = (name: string) => ({ first: () => ({ json: inputs[name] }) });
		return (new Function('$', code)($) as Array<{ json: Record<string, unknown> }>).map((item) => item.json);
	}

	const sending = { from: '2025-01-01', to: '2025-12-31', alerts: 1, recipients: 2, counts: { delivered: 1, failed: 1, expired: 0 }, deliveryRate: 0.5 };
	const registry = (communes: Array<{ city: string; communeInsee: string; count: number }>) => ({
		members: 3,
		expired: 0,
		optedOutPhones: 0,
		erased: 0,
		byStatus: { active: 3 },
		byProfession: [{ profession: 'buraliste', count: 3 }],
		byCommune: communes,
	});

	it('builds the rows that its next node writes as CSV', () => {
		const next = workflow.connections['Tableau du bilan'].main[0][0].node;
		expect(workflow.nodes.find((n) => n.name === next)).toMatchObject({ type: 'n8n-nodes-base.convertToFile', parameters: { operation: 'csv' } });
	});

	it('neutralises every cell a spreadsheet would run, and only those', () => {
		const hostile = FORMULA_TRIGGERS.map((t, i) => ({ city: `${t}cmd|' /C calc'!A0`, communeInsee: `6311${i}`, count: i + 1 }));
		const rows = table({ ...registry([{ city: 'Issoire', communeInsee: '63178', count: 2 }, ...hostile]), byStatus: { '=1+1': 1 } }, sending);
		for (const row of rows) {
			for (const cell of Object.values(row)) {
				if (typeof cell === 'string') expect(FORMULA_TRIGGERS).not.toContain(cell[0]);
			}
		}
		const communes = rows.filter((r) => r.section === 'Adhérents par commune');
		expect(communes.map((r) => r.indicateur)).toEqual(['Issoire (63178)', ...hostile.map((c) => csvCell(`${c.city} (${c.communeInsee})`))]);
		expect(communes.map((r) => r.valeur)).toEqual([2, ...hostile.map((c) => c.count)]);
		expect(rows).toContainEqual({ section: 'Adhérents par statut', indicateur: "'=1+1", valeur: 1 });
		expect(rows).toContainEqual({ section: 'Envois', indicateur: 'taux de remise', valeur: '50 %' });
	});

	it('applies the same rule as csvCell (a Code node cannot import it)', () => {
		const line = code.split('\n').find((l) => l.startsWith('const csvCell ='));
		expect(line).toBeDefined();
		const copy = new Function(`${line}\nreturn csvCell;`)() as (value: unknown) => unknown;
		const samples: unknown[] = [...Array.from({ length: 128 }, (_, c) => `${String.fromCharCode(c)}x`), '', '=', -1, 0, 2.5, true, null, undefined, '\u00a0=1', '＝1'];
		for (const value of samples) expect([value, copy(value)]).toEqual([value, csvCell(value)]);
	});
});
