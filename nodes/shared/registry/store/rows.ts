import type { NafNomenclature } from '../../naf';
import type { ColumnType, SqlDb, SqlValue } from '../../store';
import type { Adherent, AdherentStatus, OptOut } from '../types';

/** A row of the adherents table; phones, professions and zones live in tables of their own. */
export interface AdherentRow {
	siret: string;
	siren: string;
	name: string;
	trade_name: string | null;
	naf: string | null;
	naf_nomenclature: NafNomenclature | null;
	commune_insee: string;
	postal_code: string | null;
	city: string;
	departement: string;
	epci: string | null;
	arrondissement: string | null;
	lat: number | null;
	lon: number | null;
	email: string | null;
	status: AdherentStatus;
	member_since: string | null;
	member_until: string | null;
	consent_at: string | null;
}

/** A row of adherent_phones: an opted-out phone carries the moment it opted out. */
export interface PhoneRow {
	phone: string;
	opted_out_at: string | null;
}

/** The adherents table's columns, in the order of columnValues. */
export const COLUMNS = [
	'siret',
	'siren',
	'name',
	'trade_name',
	'naf',
	'naf_nomenclature',
	'commune_insee',
	'postal_code',
	'city',
	'departement',
	'epci',
	'arrondissement',
	'lat',
	'lon',
	'email',
	'status',
	'member_since',
	'member_until',
	'consent_at',
] as const;

/** The types of COLUMNS, then of created_at and updated_at: what a bulk row source binds. */
export const COLUMN_TYPES: ColumnType[] = [...COLUMNS.map((c): ColumnType => (c === 'lat' || c === 'lon' ? 'float' : 'text')), 'text', 'text'];

/** `?, ?, ?` for a list of `count` values. */
export const inList = (count: number) => Array.from({ length: count }, () => '?').join(', ');

/** A member's values in the order of COLUMNS. */
export function columnValues(a: Adherent): SqlValue[] {
	return [
		a.siret,
		a.siren,
		a.name,
		a.tradeName ?? null,
		a.naf ?? null,
		a.nafNomenclature ?? null,
		a.communeInsee,
		a.postalCode ?? null,
		a.city,
		a.departement,
		a.epci ?? null,
		a.arrondissement ?? null,
		a.lat ?? null,
		a.lon ?? null,
		a.email ?? null,
		a.status,
		a.memberSince ?? null,
		a.memberUntil ?? null,
		a.consentAt ?? null,
	];
}

/** A member from its row and the rows of its phones, professions and zones; no undefined field. */
export function fromRow(row: AdherentRow, phones: PhoneRow[], professions: string[], zones: string[]): Adherent {
	const adherent: Adherent = {
		siret: row.siret,
		siren: row.siren,
		name: row.name,
		tradeName: row.trade_name ?? undefined,
		naf: row.naf ?? undefined,
		nafNomenclature: row.naf_nomenclature ?? undefined,
		professions,
		phones: phones.map((p) => p.phone),
		communeInsee: row.commune_insee,
		postalCode: row.postal_code ?? undefined,
		city: row.city,
		departement: row.departement,
		epci: row.epci ?? undefined,
		arrondissement: row.arrondissement ?? undefined,
		lat: row.lat ?? undefined,
		lon: row.lon ?? undefined,
		zones,
		email: row.email ?? undefined,
		status: row.status,
		memberSince: row.member_since ?? undefined,
		memberUntil: row.member_until ?? undefined,
		consentAt: row.consent_at ?? undefined,
		optOuts: phones.filter((p) => p.opted_out_at).map((p): OptOut => ({ phone: p.phone, at: p.opted_out_at as string })),
	};
	for (const key of Object.keys(adherent) as Array<keyof Adherent>) {
		if (adherent[key] === undefined) delete adherent[key];
	}
	return adherent;
}

/** Whether the register has a member with this SIRET. */
export async function exists(db: SqlDb, siret: string): Promise<boolean> {
	return (await db.query('SELECT 1 AS found FROM adherents WHERE siret = ?', [siret])).length > 0;
}
