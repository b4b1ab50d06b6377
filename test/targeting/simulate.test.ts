import { communeByCode } from '../../nodes/shared/geo';
import { ARTICLES_YEAR, centroidsOf, simulatedYear } from '../../nodes/shared/targeting';
import { CLERMONT, member } from './fixtures';

const UNTIL = new Date('2026-06-01T12:00:00+02:00');

describe('simulatedYear', () => {
	const year = simulatedYear({ departement: '63', until: UNTIL });

	it('holds the articles’ mix: 80 alerts, as many of each type as ARTICLES_YEAR says', () => {
		expect(year).toHaveLength(80);
		const byType = new Map<string, number>();
		for (const i of year) byType.set(i.type, (byType.get(i.type) ?? 0) + 1);
		expect(Object.fromEntries(byType)).toEqual(Object.fromEntries(ARTICLES_YEAR));
	});

	it('places the alerts in the département’s communes by population: Clermont-Ferrand gets the most', () => {
		expect(year.every((i) => i.communes.length === 1 && communeByCode(i.communes[0])?.departement === '63')).toBe(true);
		const byCommune = new Map<string, number>();
		for (const i of year) byCommune.set(i.communes[0], (byCommune.get(i.communes[0]) ?? 0) + 1);
		const [first, second] = [...byCommune].sort((a, b) => b[1] - a[1]);
		expect(first[0]).toBe(CLERMONT);
		expect(first[1]).toBeGreaterThan(2 * second[1]);
	});

	it('dates the alerts in the twelve months before `until`, in time order, Paris time, with a reference', () => {
		const times = year.map((i) => new Date(i.occurredAt ?? '').getTime());
		expect(times.every((t, k) => t > UNTIL.getTime() - 365 * 86_400_000 && t <= UNTIL.getTime() && (k === 0 || t >= times[k - 1]))).toBe(true);
		expect(year.every((i) => /T\d\d:\d\d:\d\d\+0[12]:00$/.test(i.occurredAt ?? ''))).toBe(true);
		expect(year.map((i) => i.reference)).toEqual(year.map((_, k) => `SIM-${String(k + 1).padStart(3, '0')}`));
		// The hour is drawn over the whole day: night rules get their share.
		expect(year.some((i) => Number(i.occurredAt?.slice(11, 13)) >= 22)).toBe(true);
	});

	it('gives the same year for the same seed, another for another seed', () => {
		expect(simulatedYear({ departement: '63', until: UNTIL })).toEqual(year);
		expect(simulatedYear({ departement: '63', until: UNTIL, seed: 81 })).not.toEqual(year);
	});

	it('takes another mix', () => {
		const burglaries = simulatedYear({ departement: '15', until: UNTIL, mix: [['cambriolage', 3]] });
		expect(burglaries.map((i) => [i.type, communeByCode(i.communes[0])?.departement])).toEqual([
			['cambriolage', '15'],
			['cambriolage', '15'],
			['cambriolage', '15'],
		]);
	});

	it('gives coordinates to about half the alerts, when the commune has a centroid', () => {
		expect(year.some((i) => i.coordinates)).toBe(false);
		const centroid = { lat: 45.7772, lon: 3.0819 };
		const located = simulatedYear({ departement: '63', until: UNTIL, centroids: new Map([[CLERMONT, centroid]]) });
		// The same draw: only the coordinates are added.
		expect(located.map((i) => ({ ...i, coordinates: undefined }))).toEqual(year);
		const inClermont = located.filter((i) => i.communes[0] === CLERMONT);
		const withCoordinates = inClermont.filter((i) => i.coordinates);
		expect(withCoordinates.length).toBeGreaterThan(inClermont.length / 4);
		expect(withCoordinates.length).toBeLessThan(inClermont.length);
		expect(withCoordinates.every((i) => i.coordinates?.lat === centroid.lat && i.coordinates.lon === centroid.lon)).toBe(true);
	});

	it('refuses an unknown département', () => {
		expect(() => simulatedYear({ departement: '6', until: UNTIL })).toThrow('unknown département "6"');
	});
});

describe('centroidsOf', () => {
	it('averages the positions of each commune’s geocoded members, ignoring the others', () => {
		const members = [
			member(CLERMONT, '47.26Z', { lat: 45.7, lon: 3.0 }),
			member(CLERMONT, '47.26Z', { lat: 45.8, lon: 3.2 }),
			member(CLERMONT, '47.26Z'),
			member('63178', '47.26Z'),
		];
		const centroids = centroidsOf(members);
		expect([...centroids.keys()]).toEqual([CLERMONT]);
		expect(centroids.get(CLERMONT)?.lat).toBeCloseTo(45.75, 10);
		expect(centroids.get(CLERMONT)?.lon).toBeCloseTo(3.1, 10);
	});
});
