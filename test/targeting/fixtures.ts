import { communeByCode } from '../../nodes/shared/geo';
import type { Incident } from '../../nodes/shared/incident';
import { professionsForNaf } from '../../nodes/shared/naf';
import type { Adherent } from '../../nodes/shared/registry/types';
import type { Ruleset } from '../../nodes/shared/targeting';

let next = 0;

/** A valid-looking member in `communeInsee` with NAF `naf`; override anything. */
export function member(communeInsee: string, naf: string, overrides: Partial<Adherent> = {}): Adherent {
	const commune = communeByCode(communeInsee);
	if (!commune) throw new Error(`unknown commune ${communeInsee}`);
	const n = ++next;
	const siren = String(400000000 + n);
	return {
		siret: `${siren}00017`,
		siren,
		name: `Membre ${n}`,
		naf,
		professions: professionsForNaf(naf),
		phones: [`+3361${String(n).padStart(7, '0')}`],
		communeInsee,
		city: commune.name,
		departement: commune.departement,
		epci: commune.epci,
		arrondissement: commune.arrondissement,
		zones: [],
		status: 'active',
		optOuts: [],
		...overrides,
	};
}

/** An incident of `type` in `communes`. */
export function incident(type: Incident['type'], communes: string[], extra: Partial<Incident> = {}): Incident {
	return { type, communes, description: 'faits constatés', issuer: 'corg63@gendarmerie.interieur.gouv.fr', ...extra };
}

export const CLERMONT = '63113';
export const AUBIERE = '63014';
export const ISSOIRE = '63178';
export const RIOM = '63300';
export const THIERS = '63430';
export const AURILLAC = '15014';
/** Place de Jaude, Clermont-Ferrand. */
export const JAUDE = { lat: 45.7772, lon: 3.0819 };

/** A one-rule ruleset: counterfeit notes reach the given professions in the commune; `name` tells versions apart. */
export function counterfeitRuleset(professions: string[], name = 'fausse-monnaie'): Ruleset {
	return {
		version: 1,
		rules: [
			{
				name,
				description: `Faux billets : ${professions.join(', ')} de la commune`,
				conditions: { all: [{ fact: 'type', operator: 'equal', value: 'fausse_monnaie' }] },
				event: { type: 'target', params: { professions, area: { level: 'commune' } } },
			},
		],
	} as Ruleset;
}
