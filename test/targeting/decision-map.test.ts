import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { communesOfDepartement, communesOfEpci, communeByCode, departementContours } from '../../nodes/shared/geo';
import type { Coordinates } from '../../nodes/shared/incident';
import {
	decisionMap,
	decisionPlace,
	decisionSummary,
	decisionSummaryHtml,
	MAP_PNG_WIDTH,
	svgToPng,
	type DecisionPlace,
	type DecisionSummary,
	type PlanPart,
	type Recipient,
	type TargetingPlan,
} from '../../nodes/shared/targeting';
import { countColour, decodePng } from '../support/png';
import { AUBIERE, CLERMONT, ISSOIRE, RIOM } from './fixtures';

/** The reached communes' shading (#fdba74), opaque. */
const ORANGE = [0xfd, 0xba, 0x74, 255] as const;

let n = 0;
/** `count` recipients in `commune`, one phone each. */
function recipients(commune: string, count: number): Recipient[] {
	return Array.from({ length: count }, () => {
		const i = ++n;
		return { siret: `S${i}`, name: `Commerce ${i}`, phone: `+3361${String(i).padStart(7, '0')}`, communeInsee: commune, reasons: [{ rule: 'r', area: 'a' }] };
	});
}

const ISSOIRE_EPCI = communeByCode(ISSOIRE)?.epci ?? '';
/** Near Issoire's town hall. */
const ISSOIRE_POINT: Coordinates = { lat: 45.5443, lon: 3.2489 };

function part(area: PlanPart['area']): PlanPart {
	return { rule: 'r', description: '', professions: undefined, naf: [], area, areaSource: 'rule' };
}

/** A plan for an incident in `communes` made of `parts`. */
function plan(communes: string[], parts: PlanPart[]): TargetingPlan {
	return { communes, parts } as unknown as TargetingPlan;
}

function summaryOf(selection: Recipient[], place: DecisionPlace | undefined): DecisionSummary {
	return decisionSummary({ alert: { text: 'Faux billets à Issoire.' }, selection: { recipients: selection, excluded: [] }, professionsOf: () => [], unitPrice: 0, ...(place ? { place } : {}) });
}

const epciPlace = (coordinates?: Coordinates) => decisionPlace(plan([ISSOIRE], [part({ level: 'epci', label: 'agglomération', communes: communesOfEpci(ISSOIRE_EPCI) })]), coordinates);
const radiusPlace = (center: Coordinates, radiusKm: number) =>
	decisionPlace(plan([ISSOIRE], [part({ level: 'radius', label: `${radiusKm} km`, center, radiusKm, communes: [ISSOIRE] })]), center);

/** The attributes of every element of the SVG carrying `data-role="role"`. */
function elements(svg: string, role: string): Array<Record<string, string>> {
	return [...svg.matchAll(new RegExp(`<[a-z]+ ([^>]*data-role="${role}"[^>]*)>`, 'g'))].map((m) =>
		Object.fromEntries([...m[1].matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1], a[2]])),
	);
}

describe('departementContours', () => {
	it('has an outline for every commune of the Puy-de-Dôme', () => {
		const contours = departementContours('63');
		expect(contours?.missing).toEqual([]);
		expect(communesOfDepartement('63').every((c) => contours?.communes.has(c.code))).toBe(true);
	});

	it('has none for a code that names no file', () => {
		expect(departementContours('../63')).toBeUndefined();
		expect(departementContours('99')).toBeUndefined();
	});
});

describe('decisionMap', () => {
	it('shades the communes the plan covers', () => {
		const svg = decisionMap(summaryOf(recipients(ISSOIRE, 3), epciPlace()));
		const [reached] = elements(svg, 'reached');
		expect(reached['data-communes'].split(' ').sort()).toEqual([...communesOfEpci(ISSOIRE_EPCI)].sort());
		expect(reached.fill).toBe('#fdba74');
		expect(elements(svg, 'outline').map((o) => o['data-departement'])).toEqual(['63']);
	});

	it('shades every commune for a département-wide alert', () => {
		const all = communesOfDepartement('63').map((c) => c.code);
		const svg = decisionMap(summaryOf(recipients(CLERMONT, 1), decisionPlace(plan([CLERMONT], [part({ level: 'departement', label: '63', communes: all })]))));
		expect(elements(svg, 'reached')[0]['data-communes'].split(' ')).toHaveLength(all.length);
	});

	it('marks the incident at its coordinates, else at its commune', () => {
		const atCommune = decisionMap(summaryOf(recipients(ISSOIRE, 2), epciPlace()));
		const [pin] = elements(atCommune, 'incident');
		const [disc] = elements(atCommune, 'recipients');
		expect(disc['data-commune']).toBe(ISSOIRE);
		// The pin stands on Issoire's centroid; Issoire's disc moved aside, tied to it by a line.
		expect(atCommune).toContain(`d="M${pin['data-x']} ${pin['data-y']}L${disc.cx} ${disc.cy}"`);

		const north = decisionMap(summaryOf(recipients(ISSOIRE, 2), epciPlace({ lat: ISSOIRE_POINT.lat + 0.1, lon: ISSOIRE_POINT.lon })));
		const south = decisionMap(summaryOf(recipients(ISSOIRE, 2), epciPlace(ISSOIRE_POINT)));
		// North is up: 0.1° further north is higher on the map, at the same x.
		expect(Number(elements(north, 'incident')[0]['data-y'])).toBeLessThan(Number(elements(south, 'incident')[0]['data-y']));
		expect(elements(north, 'incident')[0]['data-x']).toBe(elements(south, 'incident')[0]['data-x']);
	});

	it('counts, per commune, the SMS sent there', () => {
		const selection = [...recipients(CLERMONT, 7), ...recipients(ISSOIRE, 3), ...recipients(AUBIERE, 2), ...recipients(RIOM, 1)];
		const summary = summaryOf(selection, epciPlace());
		const discs = elements(decisionMap(summary), 'recipients');
		const drawn = Object.fromEntries(discs.map((d) => [d['data-commune'], Number(d['data-sms'])]));
		expect(drawn).toEqual({ [CLERMONT]: 7, [ISSOIRE]: 3, [AUBIERE]: 2, [RIOM]: 1 });
		expect(Object.values(drawn).reduce((a, b) => a + b, 0)).toBe(summary.messages);
	});

	it('draws a radius to the map scale', () => {
		// Two pins 10 km apart (north–south) measure the scale; the 10 km circle must match it.
		const tenKmNorth = { lat: ISSOIRE_POINT.lat + 10 / 111.195, lon: ISSOIRE_POINT.lon };
		const here = decisionMap(summaryOf(recipients(ISSOIRE, 1), radiusPlace(ISSOIRE_POINT, 10)));
		const there = decisionMap(summaryOf(recipients(ISSOIRE, 1), radiusPlace(tenKmNorth, 10)));
		const tenKm = Number(elements(here, 'incident')[0]['data-y']) - Number(elements(there, 'incident')[0]['data-y']);
		const [circle] = elements(here, 'radius');
		expect(tenKm).toBeGreaterThan(10);
		expect(Number(circle.r)).toBeCloseTo(tenKm, 0);
		expect([circle.cx, circle.cy]).toEqual([elements(here, 'incident')[0]['data-x'], elements(here, 'incident')[0]['data-y']]);
		const twenty = elements(decisionMap(summaryOf(recipients(ISSOIRE, 1), radiusPlace(ISSOIRE_POINT, 20))), 'radius')[0];
		expect(Number(twenty.r)).toBeGreaterThan(1.5 * Number(circle.r));
	});

	it('skips a commune it does not know, and draws nothing when it knows none', () => {
		const summary = summaryOf([...recipients(ISSOIRE, 2), ...recipients('99999', 4)], { incident: ['99999', ISSOIRE], reached: ['99999', ISSOIRE], circles: [] });
		const svg = decisionMap(summary);
		expect(elements(svg, 'recipients').map((d) => d['data-commune'])).toEqual([ISSOIRE]);
		expect(elements(svg, 'incident')).toHaveLength(1);
		expect(decisionMap(summaryOf(recipients('99999', 1), { incident: ['99999'], reached: ['99999'], circles: [] }))).toBe('');
		expect(decisionMap(summaryOf(recipients(ISSOIRE, 1), undefined))).toBe('');
	});

	it('holds no text, so a sanitizer that drops <svg> leaves nothing behind', () => {
		const svg = decisionMap(summaryOf(recipients(CLERMONT, 12), epciPlace(ISSOIRE_POINT)));
		expect(svg.startsWith('<svg ')).toBe(true);
		expect(svg.replace(/<[^>]*>/g, '')).toBe('');
	});

	it('renders as a PNG, for the mail clients that show no SVG: the same drawing, twice as wide', async () => {
		const svg = decisionMap(summaryOf(recipients(ISSOIRE, 3), epciPlace(ISSOIRE_POINT)));
		const viewBox = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!.slice(1).map(Number);
		const { png, width, height } = await svgToPng(svg);
		const image = decodePng(png);
		expect([image.width, image.height]).toEqual([width, height]);
		expect(width).toBe(MAP_PNG_WIDTH);
		const scale = MAP_PNG_WIDTH / viewBox[0];
		expect(height).toBe(Math.round(viewBox[1] * scale));
		// The pin's head (red) above the incident's point; a commune of the EPCI far from it (orange).
		const [pin] = elements(svg, 'incident');
		expect(image.pixel(Number(pin['data-x']) * scale, (Number(pin['data-y']) - 12) * scale)).toEqual([0xdc, 0x26, 0x26, 255]);
		// The agglomération's communes in orange: thousands of pixels of exactly that colour, none without the shading.
		const orange = (picture: ReturnType<typeof decodePng>) => countColour(picture, ORANGE, 2);
		expect(orange(image)).toBeGreaterThan(2000);
		expect(orange(decodePng((await svgToPng(svg.replace('fill="#fdba74"', 'fill="#ffffff"'))).png))).toBe(0);
		expect(png.length).toBeLessThan(600_000);
	});

	it('stays light enough for an email', () => {
		const all = communesOfDepartement('63').map((c) => c.code);
		const selection = all.slice(0, 200).flatMap((code) => recipients(code, 2));
		const svg = decisionMap(summaryOf(selection, decisionPlace(plan([CLERMONT], [part({ level: 'departement', label: '63', communes: all })]))));
		const discs = elements(svg, 'recipients');
		expect(discs).toHaveLength(200);
		// The 30 communes with the most SMS carry their count; the others are small plain discs.
		expect(svg.match(/<g data-role="counts".*?<\/g>/)?.[0].match(/<path /g)).toHaveLength(30);
		expect(svg.length).toBeLessThan(60_000);
	});
});

describe('decisionSummaryHtml with the map', () => {
	const summary = summaryOf([...recipients(ISSOIRE, 3), ...recipients(CLERMONT, 2)], epciPlace(ISSOIRE_POINT));

	it('adds the map and its legend in words', () => {
		const html = decisionSummaryHtml(summary);
		expect(html).toContain('<b>Carte</b>');
		expect(html).toContain("épingle rouge : lieu de l&#39;incident (Issoire)");
		expect(html).toContain(`en orange : ${communesOfEpci(ISSOIRE_EPCI).length} communes couvertes`);
		expect(html).toContain('<svg ');
		expect(decisionSummaryHtml(summary, { map: false })).not.toContain('<svg');
		expect(decisionSummaryHtml(summaryOf(recipients(ISSOIRE, 1), undefined))).not.toContain('Carte');
	});

	// n8n's own sanitizer of form descriptions, when the real n8n of the e2e tests is installed.
	const formUtils = join(__dirname, '../../.n8n-app/node_modules/n8n-nodes-base/dist/nodes/Form/utils/utils.js');
	(existsSync(formUtils) ? it : it.skip)("loses only the picture on an n8n form page", () => {
		// In a child Node: the sanitizer's parser is an ES module, which jest's require cannot load.
		const sanitizeHtml = (html: string) =>
			execFileSync(process.execPath, ['-e', `process.stdout.write(require(${JSON.stringify(formUtils)}).sanitizeHtml(require('node:fs').readFileSync(0, 'utf8')))`], { input: html, encoding: 'utf8' });
		const page = sanitizeHtml(decisionSummaryHtml(summary));
		expect(page).not.toContain('<svg');
		expect(page).toBe(sanitizeHtml(decisionSummaryHtml(summary).replace(/<svg .*<\/svg>$/, '')));
		expect(page.endsWith('disques bleus : SMS par commune.<br />')).toBe(true);
	});
});
