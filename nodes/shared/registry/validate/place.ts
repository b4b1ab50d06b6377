import { isInFrance, resolveCommune, type Commune } from '../../geo';
import type { Faults } from './faults';
import { list, text, toNumber, type AdherentInput } from './input';
import { withinBounds } from './shape';

/** Where the business stands, when the member gives it: WGS84 decimal degrees. */
export interface Coordinates {
	lat?: number;
	lon?: number;
}

/**
 * The commune, from its INSEE code or from a postal code and a name; a postal code given with the
 * code must be one of the commune's. Undefined when it cannot be resolved.
 */
export function checkCommune(row: AdherentInput, faults: Faults): Commune | undefined {
	const communeInsee = text(row.communeInsee);
	const postalCode = text(row.postalCode);
	const city = text(row.city);
	if (!communeInsee && !(postalCode || city)) {
		faults.add('communeInsee', 'the commune is required: give communeInsee (INSEE code) or postalCode and city');
		return undefined;
	}
	if (faults.has('communeInsee', 'postalCode', 'city')) return undefined;
	const resolved = resolveCommune({ code: communeInsee, postalCode: communeInsee ? undefined : postalCode, name: communeInsee ? undefined : city });
	if (!resolved.ok) {
		faults.add(communeInsee ? 'communeInsee' : city ? 'city' : 'postalCode', resolved.message);
		return undefined;
	}
	const commune = resolved.commune;
	if (communeInsee && postalCode && !commune.postalCodes.includes(postalCode.replace(/\s/g, ''))) {
		faults.add('postalCode', `${postalCode} is not a postal code of ${commune.name} (${commune.postalCodes.join(', ')})`);
	}
	return commune;
}

/** Both coordinates or neither, decimal degrees, in France. */
export function checkCoordinates(row: AdherentInput, faults: Faults): Coordinates {
	if (faults.has('lat', 'lon')) return {};
	const lat = toNumber(row.lat);
	const lon = toNumber(row.lon);
	if ((lat === undefined) !== (lon === undefined)) {
		faults.add(lat === undefined ? 'lat' : 'lon', 'give both lat and lon, or neither');
	} else if (lat !== undefined && lon !== undefined) {
		if (Number.isNaN(lat) || Number.isNaN(lon) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
			faults.add('lat', 'lat/lon must be decimal degrees (WGS84), e.g. 45.7772 and 3.0819');
		} else if (!isInFrance(lat, lon)) {
			faults.add('lat', `${lat}, ${lon} is not in France: check that latitude and longitude are not swapped`);
		}
	}
	return { lat, lon };
}

/** The zones (sectors) the member asked for, within the schema's bounds. */
export function checkZones(row: AdherentInput, faults: Faults): string[] {
	const zones = faults.has('zones') ? [] : list(row.zones);
	withinBounds('zones', zones, faults);
	return zones;
}
