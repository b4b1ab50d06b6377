import { deflateRawSync } from 'node:zlib';
import { communesOfDepartement, communesOfEpci, communeByCode } from '../../nodes/shared/geo';
import {
	decisionMap,
	decisionMapFromParameter,
	decisionMapParameter,
	decisionPlace,
	decisionSummary,
	decisionSummaryHtml,
	InvalidMapLinkError,
	MAX_MAP_PARAMETER,
	type DecisionPlace,
	type PlanPart,
	type Recipient,
	type TargetingPlan,
} from '../../nodes/shared/targeting';
import { CLERMONT, ISSOIRE, RIOM } from './fixtures';

const recipient = (i: number, commune: string): Recipient => ({ siret: `S${i}`, name: `C${i}`, phone: `+3361${String(i).padStart(7, '0')}`, communeInsee: commune, reasons: [{ rule: 'r', area: 'a' }] });
const part = (area: PlanPart['area']): PlanPart => ({ rule: 'r', description: '', professions: undefined, naf: [], area, areaSource: 'rule' });
const plan = (communes: string[], parts: PlanPart[]) => ({ communes, parts }) as unknown as TargetingPlan;
const summaryOf = (recipients: Recipient[], place: DecisionPlace) =>
	decisionSummary({ alert: { text: 'Faux billets à Issoire.' }, selection: { recipients, excluded: [] }, professionsOf: () => [], unitPrice: 0, place });
const pack = (value: unknown) => deflateRawSync(Buffer.from(JSON.stringify(value))).toString('base64url');

describe('decisionMapParameter / decisionMapFromParameter', () => {
	const epci = communesOfEpci(communeByCode(ISSOIRE)?.epci ?? '');
	const around = { lat: 45.5443, lon: 3.2489 };
	const summary = summaryOf(
		[recipient(1, ISSOIRE), recipient(2, ISSOIRE), recipient(3, epci[1])],
		decisionPlace(plan([ISSOIRE], [part({ level: 'epci', label: 'agglomération', communes: epci }), part({ level: 'radius', label: '5 km', center: around, radiusKm: 5, communes: [ISSOIRE] })]), around),
	);

	it('carries what the map draws: the same SVG from the link as from the summary', () => {
		const parameter = decisionMapParameter(summary);
		expect(parameter).toMatch(/^[A-Za-z0-9_-]+$/);
		const data = decisionMapFromParameter(parameter);
		expect(data.place).toEqual(summary.place);
		expect(data.byCommune).toEqual(summary.byCommune.map((g) => ({ key: g.key, sms: g.sms })));
		expect(decisionMap(data)).toBe(decisionMap(summary));
	});

	it('writes a whole département as its code: a département-wide alert fits in a short link', () => {
		const all = communesOfDepartement('63').map((c) => c.code);
		const wide = summaryOf(
			all.slice(0, 300).map((code, i) => recipient(100 + i, code)),
			decisionPlace(plan([CLERMONT], [part({ level: 'departement', label: '63', communes: all }), part({ level: 'commune', label: 'Riom', communes: [RIOM] })])),
		);
		const parameter = decisionMapParameter(wide);
		expect(parameter.length).toBeLessThan(3_000);
		const data = decisionMapFromParameter(parameter);
		expect(new Set(data.place?.reached)).toEqual(new Set(all));
		expect(data.byCommune).toHaveLength(300);
	});

	it('gives no link without a place', () => {
		expect(decisionMapParameter({ messages: 0, byCommune: [] })).toBe('');
	});

	it.each([
		['empty', ''],
		['not base64url', 'abc$def'],
		['too long', 'A'.repeat(MAX_MAP_PARAMETER + 1)],
		['not deflated', 'SGVsbG8gd29ybGQ'],
		['a bomb', deflateRawSync(Buffer.alloc(2_000_000, 32)).toString('base64url')],
		['another version', pack({ v: 2, i: [ISSOIRE], r: [], k: [], s: [], m: 0 })],
		['a code that is no commune', pack({ v: 1, i: ['../63'], r: [], k: [], s: [], m: 0 })],
		['a count that is no number', pack({ v: 1, i: [ISSOIRE], r: [], k: [], s: [[ISSOIRE, 'x']], m: 1 })],
		['a circle out of range', pack({ v: 1, i: [ISSOIRE], r: [], k: [[3, 45, 5000]], s: [], m: 0 })],
		['a point off the globe', pack({ v: 1, i: [ISSOIRE], c: [300, 45], r: [], k: [], s: [], m: 0 })],
	])('refuses a link that is %s, by name', (_, parameter) => {
		expect(() => decisionMapFromParameter(parameter)).toThrow(InvalidMapLinkError);
		expect(() => decisionMapFromParameter(parameter)).toThrow(/^This map link cannot be read: /);
	});

	it('refuses a link that lost its end on the way', () => {
		const parameter = decisionMapParameter(summary);
		expect(() => decisionMapFromParameter(parameter.slice(0, -12))).toThrow(InvalidMapLinkError);
	});

	it('puts the map in the decision HTML as an image from the map webhook, with its link', () => {
		const html = decisionSummaryHtml(summary, { mapUrl: 'https://cci63.example/webhook/alerte-commerces/carte' });
		expect(html).not.toContain('<svg');
		const src = /<img src="([^"]+)" alt="Carte : (\d+) communes couvertes, 3 SMS" width="100%">/.exec(html);
		expect(src?.[2]).toBe(String(summary.place?.reached.length));
		const url = new URL(src![1].replace(/&amp;/g, '&'));
		expect(url.origin + url.pathname).toBe('https://cci63.example/webhook/alerte-commerces/carte');
		expect(decisionMap(decisionMapFromParameter(url.searchParams.get('carte')!))).toBe(decisionMap(summary));
	});
});
