/** Rough bounding boxes of French territory (metropole, Corsica, DROM, COM), WGS84. */
const TERRITORIES: Array<{ name: string; lat: [number, number]; lon: [number, number] }> = [
	{ name: 'France métropolitaine', lat: [41.3, 51.2], lon: [-5.3, 9.7] },
	{ name: 'Guadeloupe', lat: [15.8, 16.6], lon: [-61.9, -60.9] },
	{ name: 'Martinique', lat: [14.3, 15.0], lon: [-61.3, -60.8] },
	{ name: 'Guyane', lat: [2.1, 5.9], lon: [-54.7, -51.5] },
	{ name: 'La Réunion', lat: [-21.5, -20.8], lon: [55.1, 55.9] },
	{ name: 'Mayotte', lat: [-13.1, -12.6], lon: [44.9, 45.4] },
	{ name: 'Saint-Pierre-et-Miquelon', lat: [46.7, 47.2], lon: [-56.5, -56.1] },
	{ name: 'Saint-Barthélemy et Saint-Martin', lat: [17.8, 18.2], lon: [-63.2, -62.7] },
	{ name: 'Wallis-et-Futuna', lat: [-14.4, -13.1], lon: [-178.3, -176.0] },
	{ name: 'Polynésie française', lat: [-28.0, -7.8], lon: [-155.0, -134.0] },
	{ name: 'Nouvelle-Calédonie', lat: [-22.9, -19.5], lon: [163.5, 168.2] },
];

/** True when the point lies on French territory (bounding boxes: a coarse but safe check). */
export function isInFrance(lat: number, lon: number): boolean {
	return TERRITORIES.some((t) => lat >= t.lat[0] && lat <= t.lat[1] && lon >= t.lon[0] && lon <= t.lon[1]);
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distance in kilometres (haversine). */
export function distanceKm(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
	const rad = Math.PI / 180;
	const dLat = (b.lat - a.lat) * rad;
	const dLon = (b.lon - a.lon) * rad;
	const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
	return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
