import { communeByCode } from '../geo';
import { fill, TEMPLATES } from './templates';

/** Where it happened, as the SMS says it: the communes' names joined ("à Riom et Mozac"), with the template's elisions. */
export function placeText(codes: string[]): string {
	const names = codes.map((code) => communeByCode(code)?.name ?? code);
	const list = names.length > 1
		? `${names.slice(0, -1).join(TEMPLATES.placeJoin.separator)}${TEMPLATES.placeJoin.last}${names[names.length - 1]}`
		: names[0] ?? '';
	let place = fill(TEMPLATES.place, { communes: list });
	for (const [from, to] of TEMPLATES.elisions) if (place.startsWith(from)) place = to + place.slice(from.length);
	return place;
}
