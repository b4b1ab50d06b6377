import type { CapArea } from '../cap';
import { arrondissementByCode, communeByCode, departementByCode, epciByCode, type Commune } from '../geo';
import type { Area, Incident } from '../incident/types';

/** The CAP area of an incident: its communes by INSEE code, and a circle for a radius around known coordinates. */
export function capAreaOf(incident: Incident): CapArea {
	const area: CapArea = {
		areaDesc: areaDescription(incident),
		geocodes: incident.communes.map((code) => ({ valueName: 'INSEE', value: code })),
	};
	if (incident.coordinates && incident.area?.level === 'radius' && incident.area.radiusKm) {
		area.circles = [{ ...incident.coordinates, radiusKm: incident.area.radiusKm }];
	}
	return area;
}

/** "Riom (63300), Mozac (63245) - rayon 5 km": the communes and the perimeter asked for. */
function areaDescription(incident: Incident): string {
	const names = incident.communes.map((code) => {
		const commune = communeByCode(code);
		return commune ? `${commune.name} (${code})` : code;
	});
	return `${names.join(', ')}${perimeterText(incident.area, communeByCode(incident.communes[0] ?? ''))}`;
}

/** The perimeter, named from the first commune's EPCI, arrondissement or département. */
function perimeterText(area: Area | undefined, first: Commune | undefined): string {
	if (area?.level === 'radius') return ` - rayon ${area.radiusKm} km`;
	if (area?.level === 'epci' && first?.epci) return ` - ${epciByCode(first.epci)?.name ?? 'agglomération'}`;
	if (area?.level === 'arrondissement' && first?.arrondissement) {
		return ` - arrondissement de ${arrondissementByCode(first.arrondissement)?.name ?? first.arrondissement}`;
	}
	if (area?.level === 'departement' && first) return ` - ${departementByCode(first.departement)?.name ?? first.departement}`;
	if (area?.level === 'zones') return ` - zones ${(area.zones ?? []).join(', ')}`;
	return '';
}
