import { communesOfDepartement } from '../../nodes/shared/geo';
import { validateAdherent, withLuhnKey, type Adherent } from '../../nodes/shared/registry';

/** A valid member for tests, with overridable fields (validated, so it is what the node stores). */
export function adherent(n: number, overrides: Record<string, unknown> = {}): Adherent {
	// SIREN 000000000 is no company's (checkSiret refuses it): member 0 gets 000000001.
	const result = validateAdherent({
		siret: withLuhnKey(`${String(100000000 + n).slice(1)}${n === 0 ? 1 : 0}001`.padEnd(13, '0')),
		name: `Commerce ${n}`,
		naf: '47.26Z',
		phones: `+336${String(10000000 + n).slice(-8)}`,
		communeInsee: '63178',
		...overrides,
	});
	if (!result.ok) throw new Error(`test member ${n} is invalid: ${JSON.stringify(result.errors)}`);
	return result.adherent;
}

/** Many members spread over a département's communes (validated). */
export function members(count: number, departement = '63'): Adherent[] {
	const communes = communesOfDepartement(departement);
	const naf = ['47.26Z', '47.77Z', '47.73Z', '47.11C', '01.11Z', '56.30Z'];
	return Array.from({ length: count }, (_, i) => adherent(i, { communeInsee: communes[i % communes.length].code, naf: naf[i % naf.length] }));
}
