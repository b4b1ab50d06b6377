import type { Migration } from '../store';

/**
 * The registry's tables. Phones, professions and zones have tables of their own so targeting
 * selects by them through indexes; opt-outs live on the phone row so a re-import keeps them.
 */
export const REGISTRY_MIGRATIONS: Migration[] = [
	{
		version: 1,
		description: 'adherents, phones, professions, zones, anonymous erasure counts',
		sql: `
CREATE TABLE adherents (
	siret TEXT PRIMARY KEY,
	siren TEXT NOT NULL,
	name TEXT NOT NULL,
	trade_name TEXT,
	naf TEXT,
	commune_insee TEXT NOT NULL,
	postal_code TEXT,
	city TEXT NOT NULL,
	departement TEXT NOT NULL,
	epci TEXT,
	arrondissement TEXT,
	lat DOUBLE PRECISION,
	lon DOUBLE PRECISION,
	email TEXT,
	status TEXT NOT NULL,
	member_since TEXT,
	member_until TEXT,
	consent_at TEXT,
	created_at TEXT NOT NULL,
	updated_at TEXT NOT NULL
);
CREATE INDEX adherents_commune ON adherents (commune_insee);
CREATE INDEX adherents_epci ON adherents (epci);
CREATE INDEX adherents_departement ON adherents (departement);
CREATE INDEX adherents_arrondissement ON adherents (arrondissement);
CREATE INDEX adherents_naf ON adherents (naf);
CREATE INDEX adherents_status ON adherents (status);
CREATE TABLE adherent_phones (
	siret TEXT NOT NULL REFERENCES adherents (siret) ON DELETE CASCADE,
	phone TEXT NOT NULL,
	opted_out_at TEXT,
	PRIMARY KEY (siret, phone)
);
CREATE INDEX adherent_phones_phone ON adherent_phones (phone);
CREATE TABLE adherent_professions (
	siret TEXT NOT NULL REFERENCES adherents (siret) ON DELETE CASCADE,
	profession TEXT NOT NULL,
	PRIMARY KEY (siret, profession)
);
CREATE INDEX adherent_professions_profession ON adherent_professions (profession);
CREATE TABLE adherent_zones (
	siret TEXT NOT NULL REFERENCES adherents (siret) ON DELETE CASCADE,
	zone TEXT NOT NULL,
	PRIMARY KEY (siret, zone)
);
CREATE INDEX adherent_zones_zone ON adherent_zones (zone);
CREATE TABLE registry_erasures (
	erased_at TEXT NOT NULL,
	departement TEXT,
	commune_insee TEXT,
	naf TEXT
);
`,
	},
	{
		version: 2,
		description: 'targeting indexes: coordinates for radius areas, covering indexes for wide areas',
		// Sector Targeting reads a radius through a bounding box on (lat, lon) before the exact
		// distance; without that index every radius alert scanned the whole table. A wide alert
		// (armed robbery: 40 % of members) reads members by SIRET from the profession index: the
		// covering indexes answer those lookups without visiting the tables (measured: −20 %).
		sql: `
CREATE INDEX adherents_lat_lon ON adherents (lat, lon);
CREATE INDEX adherents_targeting ON adherents (siret, status, member_until, commune_insee, name);
CREATE INDEX adherent_phones_targeting ON adherent_phones (siret, opted_out_at, phone);
`,
	},
	{
		version: 3,
		description: 'NAF 2025 beside NAF rév. 2: each member records the nomenclature of its code',
		// Every code stored before this version was validated as NAF rév. 2. Plain SQL that SQLite
		// and PostgreSQL both run.
		sql: `
ALTER TABLE adherents ADD COLUMN naf_nomenclature TEXT;
UPDATE adherents SET naf_nomenclature = 'rev2' WHERE naf IS NOT NULL;
`,
	},
	{
		version: 4,
		description: 'change journal: what each member changed, when and through what (self-service page, CCI)',
		// No serial key: plain SQL both dialects run, read in time order. Erasure deletes a member's
		// lines and leaves one "erased" line so the CCI's digest still says who left.
		sql: `
CREATE TABLE adherent_changes (
	siret TEXT NOT NULL,
	at TEXT NOT NULL,
	source TEXT NOT NULL,
	action TEXT NOT NULL,
	detail TEXT
);
CREATE INDEX adherent_changes_at ON adherent_changes (at);
CREATE INDEX adherent_changes_siret ON adherent_changes (siret, at);
`,
	},
];
