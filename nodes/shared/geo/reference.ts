/**
 * French administrative reference data (communes, EPCI, arrondissements, départements) from
 * @etalab/decoupage-administratif. Its index.js is bypassed: the JSON files are required directly.
 * Everything is loaded once, on first use, and indexed in memory (≈ 35,000 communes).
 */
export interface Commune {
	/** INSEE code (code officiel géographique), e.g. `63178`. */
	code: string;
	name: string;
	departement: string;
	region: string;
	arrondissement?: string;
	/** SIREN of the EPCI (intercommunalité) the commune belongs to. */
	epci?: string;
	postalCodes: string[];
	population?: number;
}

export interface Epci {
	code: string;
	name: string;
	type: string;
	members: string[];
}

export interface Departement {
	code: string;
	name: string;
	region: string;
}

export interface Arrondissement {
	code: string;
	name: string;
	departement: string;
}

interface RawCommune {
	code: string;
	nom: string;
	type: string;
	departement?: string;
	region?: string;
	arrondissement?: string;
	chefLieu?: string;
	commune?: string;
	codesPostaux?: string[];
	population?: number;
}

interface RawEpci {
	code: string;
	nom: string;
	type: string;
	membres: Array<{ code: string }>;
}

interface RawNamed {
	code: string;
	nom: string;
	region: string;
	departement?: string;
}

export interface Reference {
	communes: Map<string, Commune>;
	/** Former communes (déléguées, associées) and municipal arrondissements → current commune code. */
	aliases: Map<string, string>;
	epcis: Map<string, Epci>;
	departements: Map<string, Departement>;
	arrondissements: Map<string, Arrondissement>;
	byDepartement: Map<string, Commune[]>;
	byArrondissement: Map<string, Commune[]>;
	byPostalCode: Map<string, Commune[]>;
}

const DATA = '@etalab/decoupage-administratif/data/';

let cache: Reference | undefined;

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

function build(): Reference {
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const rawCommunes = require(`${DATA}communes.json`) as RawCommune[];
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const rawEpcis = require(`${DATA}epci.json`) as RawEpci[];
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const rawDepartements = require(`${DATA}departements.json`) as RawNamed[];
	// eslint-disable-next-line @typescript-eslint/no-require-imports
	const rawArrondissements = require(`${DATA}arrondissements.json`) as RawNamed[];

	const ref: Reference = {
		communes: new Map(),
		aliases: new Map(),
		epcis: new Map(),
		departements: new Map(),
		arrondissements: new Map(),
		byDepartement: new Map(),
		byArrondissement: new Map(),
		byPostalCode: new Map(),
	};
	for (const raw of rawCommunes) {
		if (raw.type === 'commune-actuelle' && raw.departement && raw.region) {
			const commune: Commune = {
				code: raw.code,
				name: raw.nom,
				departement: raw.departement,
				region: raw.region,
				arrondissement: raw.arrondissement,
				postalCodes: raw.codesPostaux ?? [],
				population: raw.population,
			};
			ref.communes.set(commune.code, commune);
			push(ref.byDepartement, commune.departement, commune);
			if (commune.arrondissement) push(ref.byArrondissement, commune.arrondissement, commune);
			for (const postalCode of commune.postalCodes) push(ref.byPostalCode, postalCode, commune);
		}
	}
	for (const raw of rawCommunes) {
		const parent = raw.type === 'arrondissement-municipal' ? raw.commune : raw.chefLieu;
		if (raw.type !== 'commune-actuelle' && parent && !ref.communes.has(raw.code)) {
			ref.aliases.set(raw.code, parent);
		}
	}
	for (const raw of rawEpcis) {
		const epci: Epci = { code: raw.code, name: raw.nom, type: raw.type, members: raw.membres.map((m) => m.code) };
		ref.epcis.set(epci.code, epci);
		for (const member of epci.members) {
			const commune = ref.communes.get(member);
			if (commune) commune.epci = epci.code;
		}
	}
	for (const raw of rawDepartements) {
		ref.departements.set(raw.code, { code: raw.code, name: raw.nom, region: raw.region });
	}
	for (const raw of rawArrondissements) {
		ref.arrondissements.set(raw.code, { code: raw.code, name: raw.nom, departement: raw.departement ?? '' });
	}
	return ref;
}

/** The indexed reference data, loaded on first call. */
export function reference(): Reference {
	cache ??= build();
	return cache;
}

/** The current commune for an INSEE code (a former or delegated commune maps to its current one). */
export function communeByCode(code: string): Commune | undefined {
	const ref = reference();
	const trimmed = code.trim();
	return ref.communes.get(trimmed) ?? ref.communes.get(ref.aliases.get(trimmed) ?? '');
}

/** Current communes whose postal codes include `postalCode`. */
export function communesByPostalCode(postalCode: string): Commune[] {
	return reference().byPostalCode.get(postalCode.replace(/\s/g, '')) ?? [];
}

/** Current communes of a département (code `63`, `2A`, `971`…). */
export function communesOfDepartement(departement: string): Commune[] {
	return reference().byDepartement.get(departement) ?? [];
}

/** Current communes of an arrondissement (code `633`…). */
export function communesOfArrondissement(arrondissement: string): Commune[] {
	return reference().byArrondissement.get(arrondissement) ?? [];
}

/** INSEE codes of the member communes of an EPCI (by its SIREN). */
export function communesOfEpci(epci: string): string[] {
	return reference().epcis.get(epci)?.members ?? [];
}

export function epciByCode(code: string): Epci | undefined {
	return reference().epcis.get(code);
}

export function departementByCode(code: string): Departement | undefined {
	return reference().departements.get(code);
}

export function arrondissementByCode(code: string): Arrondissement | undefined {
	return reference().arrondissements.get(code);
}
