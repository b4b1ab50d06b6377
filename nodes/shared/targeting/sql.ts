import type { SqlDb, SqlValue } from '../store';
import { parisDate, RecipientCollector } from './collect';
import { areaVerdict, compilePart, NO, YES_NO_COORDINATES, type CompiledPart } from './select';
import type { ExclusionReason, PlanPart, Reason, Recipient, Selection, SelectOptions, TargetingPlan } from './types';

interface Row {
	siret: string;
	name: string;
	commune_insee: string;
	phone: string | null;
	lat?: number | null;
	lon?: number | null;
	status?: string;
	member_until?: string | null;
	opted_out_at?: string | null;
}

const KM_PER_DEGREE = 111.2;

/** Areas small enough to read through the commune index first (measured: faster for an EPCI, slower for an arrondissement). */
const SMALL_AREAS = new Set(['commune', 'epci', 'zones', 'radius-fallback']);

function list(values: readonly string[]): string {
	return values.length ? values.map(() => '?').join(', ') : 'NULL';
}

/** One statement's area: a WHERE clause on indexed columns, and whether rows need their coordinates. */
interface AreaClause {
	where: string;
	params: SqlValue[];
	coordinates: boolean;
}

/**
 * The WHERE clauses of a part's area, on indexed columns (commune, zones). A radius gives two: the
 * bounding box through the (lat, lon) index (registry migration 2), and the members without
 * coordinates of the incident communes. One OR of both would scan the whole table.
 */
function areaClauses(part: PlanPart): AreaClause[] {
	const area = part.area;
	if (area.level === 'radius') {
		const dLat = area.radiusKm / KM_PER_DEGREE + 1e-6;
		const dLon = area.radiusKm / (KM_PER_DEGREE * Math.max(0.01, Math.cos((area.center.lat * Math.PI) / 180))) + 1e-6;
		return [
			{
				where: 'a.lat BETWEEN ? AND ? AND a.lon BETWEEN ? AND ?',
				params: [area.center.lat - dLat, area.center.lat + dLat, area.center.lon - dLon, area.center.lon + dLon],
				coordinates: true,
			},
			// Coordinates read here too: a member with only one of them is judged like in memory.
			{ where: `(a.lat IS NULL OR a.lon IS NULL) AND a.commune_insee IN (${list(area.communes)})`, params: [...area.communes], coordinates: true },
		];
	}
	const communes = `a.commune_insee IN (${list(area.communes)})`;
	if (area.level !== 'zones' || !area.zones?.length) return [{ where: communes, params: [...area.communes], coordinates: false }];
	return [
		{
			where: `(${communes} OR a.siret IN (SELECT z.siret FROM adherent_zones z WHERE z.zone IN (${list(area.zones)})))`,
			params: [...area.communes, ...area.zones],
			coordinates: false,
		},
	];
}

/** The WHERE clause of a part's professions: tags through their index, or NAF prefixes. */
function whoSql(part: PlanPart, params: SqlValue[]): string {
	if (part.professions === undefined) return '1 = 1';
	const terms: string[] = [];
	if (part.professions.length) {
		params.push(...part.professions);
		// A small area is best read through the commune index, probing each member's tags (EXISTS);
		// a wide one through the profession index (IN). SQLite cannot tell them apart by itself.
		terms.push(
			!SMALL_AREAS.has(part.area.level)
				? `a.siret IN (SELECT t.siret FROM adherent_professions t WHERE t.profession IN (${list(part.professions)}))`
				: `EXISTS (SELECT 1 FROM adherent_professions t WHERE t.siret = a.siret AND t.profession IN (${list(part.professions)}))`,
		);
	}
	for (const prefix of part.naf) {
		params.push(`${prefix}%`);
		terms.push('a.naf LIKE ?');
	}
	return terms.length ? `(${terms.join(' OR ')})` : '1 = 0';
}

/**
 * The statements of one part: only the columns a recipient needs (coordinates only for a radius
 * box), eligibility filtered in SQL unless the dry run needs the excluded members too.
 */
function partStatements(part: PlanPart, today: string, withExclusions: boolean): Array<{ sql: string; params: SqlValue[] }> {
	return areaClauses(part).map((area) => {
		const params = [...area.params];
		const columns = `a.siret, a.name, a.commune_insee, p.phone${area.coordinates ? ', a.lat, a.lon' : ''}${withExclusions ? ', a.status, a.member_until, p.opted_out_at' : ''}`;
		let sql = `SELECT ${columns}
FROM adherents a ${withExclusions ? 'LEFT ' : ''}JOIN adherent_phones p ON p.siret = a.siret
WHERE ${area.where} AND ${whoSql(part, params)}`;
		if (!withExclusions) {
			params.push(today);
			sql += ` AND a.status = 'active' AND (a.member_until IS NULL OR a.member_until = '' OR a.member_until >= ?) AND p.opted_out_at IS NULL`;
		}
		return { sql, params };
	});
}

function exclusionOf(row: Row, today: string): ExclusionReason | undefined {
	if (row.status !== 'active') return row.status === 'pending' ? 'pending' : 'suspended';
	if (row.member_until && row.member_until < today) return 'expired';
	return undefined;
}

/** The reason a row of a part gets: the part's shared one, or its own with the distance. */
function reasonOf(compiled: CompiledPart, row: Row): Reason | undefined {
	if (!compiled.circle) return compiled.reason;
	const verdict = areaVerdict(compiled, { communeInsee: row.commune_insee, zones: NO_ZONES, lat: row.lat ?? undefined, lon: row.lon ?? undefined });
	if (verdict === NO) return undefined;
	if (verdict === YES_NO_COORDINATES) return compiled.noCoordinatesReason;
	return verdict >= 0 ? { rule: compiled.rule, area: compiled.label, distanceKm: verdict } : compiled.reason;
}

const NO_ZONES: string[] = [];

function feed(collector: RecipientCollector, reason: Reason, row: Row, withExclusions: boolean, today: string): void {
	const member = { siret: row.siret, name: row.name, communeInsee: row.commune_insee };
	if (withExclusions) {
		const excluded = exclusionOf(row, today);
		if (excluded) return collector.exclude(excluded, member);
		if (row.phone && row.opted_out_at) return collector.exclude('opted_out', member, row.phone);
	}
	if (row.phone) collector.add(reason, member, row.phone);
}

/** Something holding a registry connection: a RegistryStore, or the connection itself. */
export type SqlSource = SqlDb | { db: SqlDb };

/**
 * The same selection as selectFromMembers, pushed down to the registry database as indexed
 * queries, one per plan part (two for a radius), SQLite or PostgreSQL; only a radius's exact
 * distance is computed here.
 */
export async function selectFromStore(plan: TargetingPlan, source: SqlSource, options: SelectOptions = {}): Promise<Selection> {
	const db = 'query' in source ? source : source.db;
	const withExclusions = options.withExclusions ?? false;
	const today = parisDate(options.now ?? new Date());
	const collector = new RecipientCollector(plan.parts.map((p) => p.rule), withExclusions);
	for (let index = 0; index < plan.parts.length; index++) {
		const compiled = compilePart(plan.parts[index], index);
		for (const { sql, params } of partStatements(plan.parts[index], today, withExclusions)) {
			for (const row of await db.query<Row>(sql, params)) {
				const reason = reasonOf(compiled, row);
				if (reason) feed(collector, reason, row, withExclusions, today);
			}
		}
	}
	return collector.result();
}

/** The recipients of a plan from the registry database. */
export async function selectRecipientsFromStore(plan: TargetingPlan, source: SqlSource, options: Omit<SelectOptions, 'withExclusions'> = {}): Promise<Recipient[]> {
	return (await selectFromStore(plan, source, options)).recipients;
}

/** Profession tags of the given members (for the dry run's counts). */
export async function professionsFromStore(source: SqlSource, sirets: readonly string[]): Promise<Map<string, string[]>> {
	const db = 'query' in source ? source : source.db;
	const result = new Map<string, string[]>();
	for (let i = 0; i < sirets.length; i += 500) {
		const chunk = sirets.slice(i, i + 500);
		const rows = await db.query<{ siret: string; profession: string }>(
			`SELECT siret, profession FROM adherent_professions WHERE siret IN (${list(chunk)})`,
			chunk,
		);
		for (const row of rows) {
			const tags = result.get(row.siret);
			if (tags) tags.push(row.profession);
			else result.set(row.siret, [row.profession]);
		}
	}
	return result;
}
