/**
 * The ruleset as a spreadsheet a CCI already knows how to use: one row per incident type, one
 * column per profession (and one for every member), and in each cell the area that profession is
 * alerted in for that incident. Both ways give a ruleset document (rules/ruleset.schema.json).
 */
import { parseCsv, toCsv } from '../csv';
import { INCIDENT_TYPES, incidentTypeLabel, isIncidentType, type AreaLevel, type IncidentType } from '../incident';
import { professionCatalog } from '../naf';
import { loadRuleset } from './load';
import type { Ruleset, TargetingRule } from './types';
import { compileVisualRules, decompileRuleset, type VisualHours, type VisualRule } from './visual';

/** The column of rules that alert every member, whatever its profession. */
export const EVERY_MEMBER = '*';

/** What one cell term means: an area around the incident, maybe only at some hours. */
export interface MatrixArea {
	level: AreaLevel;
	radiusKm?: number;
	zones?: string[];
	hours?: VisualHours;
}

/** Incident types × professions → areas. An absent or empty cell: that profession is not alerted. */
export interface RulesMatrix {
	/** Incident types, in row order. */
	rows: IncidentType[];
	/** `*` (every member), then profession tags, in column order. */
	columns: string[];
	/** Row → column → areas (a member inside any of them is alerted). */
	cells: Partial<Record<IncidentType, Record<string, MatrixArea[]>>>;
	/** Rules the matrix cannot show (other conditions, NAF codes, priorities): kept as they are. */
	kept: string[];
}

/** A mistake in an uploaded matrix, where a spreadsheet shows it. */
export interface MatrixError {
	/** Spreadsheet row, from 1 (absent for a mistake of the whole matrix). */
	row?: number;
	/** Spreadsheet column, from 1. */
	column?: number;
	/** The cell's reference, e.g. `C4`. */
	cell?: string;
	message: string;
}

export type MatrixRead = { ok: true; matrix: RulesMatrix } | { ok: false; errors: MatrixError[] };
export type MatrixRuleset = { ok: true; ruleset: Ruleset } | { ok: false; errors: MatrixError[] };

/** A cell whose value differs between two matrices. */
export interface MatrixChange {
	incidentType: IncidentType;
	/** Profession tag, or `*`. */
	column: string;
	before: string;
	after: string;
}

export interface MatrixToRulesetOptions {
	/**
	 * The ruleset the matrix was downloaded from: its zones, police-perimeter policy and
	 * description are kept, so are its rules whose every cell is still in the matrix (name and
	 * description unchanged) and the rules the matrix cannot show. Without it, rules are named
	 * after their incident type and area.
	 */
	base?: Ruleset;
}

const LEVEL_WORDS: Record<Exclude<AreaLevel, 'radius' | 'zones'>, string> = {
	commune: 'commune',
	epci: 'agglomération',
	arrondissement: 'arrondissement',
	departement: 'département',
};

/** Accepted spellings (accents and case ignored) of each level. */
const LEVEL_SPELLINGS: Record<string, AreaLevel> = {
	commune: 'commune',
	agglomeration: 'epci',
	agglo: 'epci',
	epci: 'epci',
	intercommunalite: 'epci',
	arrondissement: 'arrondissement',
	departement: 'departement',
};

const fold = (text: string) =>
	text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();

const decimal = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

/** A cell term as the spreadsheet shows it: `commune`, `agglomération`, `1 km`, `zone centre`, `arrondissement (22h-6h)`. */
export function formatMatrixArea(area: MatrixArea): string {
	const where =
		area.level === 'radius'
			? `${decimal.format(area.radiusKm ?? 0)} km`
			: area.level === 'zones'
				? `${(area.zones ?? []).length > 1 ? 'zones' : 'zone'} ${(area.zones ?? []).join(', ')}`
				: LEVEL_WORDS[area.level];
	return area.hours ? `${where} (${area.hours.from}h-${area.hours.to}h)` : where;
}

/** A cell as the spreadsheet shows it: its terms joined by ` + `. */
export function formatMatrixCell(areas: readonly MatrixArea[]): string {
	return areas.map(formatMatrixArea).join(' + ');
}

function columnLetters(column: number): string {
	let letters = '';
	for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
	return letters;
}

/** The spreadsheet's reference of a cell, e.g. row 4, column 3 → `C4`. */
export const cellReference = (row: number, column: number) => `${columnLetters(column)}${row}`;

const HOURS = /\(\s*(\d{1,2})\s*h?\s*(?:-|–|à|a)\s*(\d{1,2})\s*h?\s*\)$/i;
const RADIUS = /^(\d+(?:[.,]\d+)?)\s*km$/i;
const ZONES = /^zones?\s+(.+)$/i;

const AREA_HELP =
	'écrivez commune, agglomération, arrondissement, département, un rayon (« 2 km ») ou « zone <nom> », éventuellement suivi des heures « (22h-6h) » ; plusieurs zones d’alerte se séparent par « + »';

/** One cell term read back; zones are matched to the ruleset's zone names (accents and case ignored). */
function parseArea(raw: string, zones: readonly string[]): { area: MatrixArea } | { error: string } {
	let text = raw.trim();
	let hours: VisualHours | undefined;
	const hourMatch = HOURS.exec(text);
	if (hourMatch) {
		const from = Number(hourMatch[1]);
		const to = Number(hourMatch[2]);
		if (from > 23 || to > 24 || to === 0) return { error: `heures « ${hourMatch[0]} » impossibles : de 0h à 23h, jusqu’à 1h à 24h, par ex. (22h-6h)` };
		if (from !== to && !(from === 0 && to === 24)) hours = { from, to };
		text = text.slice(0, hourMatch.index).trim();
	}
	const level = LEVEL_SPELLINGS[fold(text)];
	if (level) return { area: { level, ...(hours ? { hours } : {}) } };
	const radius = RADIUS.exec(text);
	if (radius) {
		const radiusKm = Number(radius[1].replace(',', '.'));
		if (!(radiusKm > 0 && radiusKm <= 200)) return { error: `rayon « ${text} » impossible : entre 0,1 et 200 km` };
		return { area: { level: 'radius', radiusKm, ...(hours ? { hours } : {}) } };
	}
	const zoneMatch = ZONES.exec(text);
	if (zoneMatch) {
		const names: string[] = [];
		for (const wanted of zoneMatch[1].split(',').map((z) => z.trim()).filter(Boolean)) {
			const found = zones.find((z) => fold(z) === fold(wanted));
			if (!found) {
				return {
					error: `zone « ${wanted} » inconnue : ${zones.length ? `zones définies : ${zones.join(', ')}` : 'les règles ne définissent aucune zone (ajoutez-la d’abord dans Sector Targeting ou le JSON des règles)'}`,
				};
			}
			names.push(found);
		}
		return { area: { level: 'zones', zones: names, ...(hours ? { hours } : {}) } };
	}
	return { error: `« ${raw.trim()} » n’est pas une zone d’alerte : ${AREA_HELP}` };
}

const areaKey = (area: MatrixArea) => formatMatrixArea(area);

function addArea(matrix: RulesMatrix, type: IncidentType, column: string, area: MatrixArea): void {
	const row = (matrix.cells[type] ??= {});
	const cell = (row[column] ??= []);
	if (!cell.some((a) => areaKey(a) === areaKey(area))) cell.push(area);
}

/** The form's view of one rule, when the matrix can show it. */
function showable(rule: TargetingRule): VisualRule | undefined {
	const decompiled = decompileRuleset({ version: 1, rules: [rule] });
	return decompiled.ok ? decompiled.visual.rules[0] : undefined;
}

function areaOf(rule: VisualRule): MatrixArea {
	return {
		level: rule.areaLevel,
		...(rule.areaLevel === 'radius' && rule.radiusKm !== undefined ? { radiusKm: rule.radiusKm } : {}),
		...(rule.areaLevel === 'zones' && rule.zones?.length ? { zones: [...rule.zones] } : {}),
		...(rule.hours ? { hours: { ...rule.hours } } : {}),
	};
}

/** Every (incident type, column, area) a showable rule puts in the matrix. */
function cellsOf(rule: VisualRule): Array<[IncidentType, string, MatrixArea]> {
	const types = rule.incidentTypes.length ? rule.incidentTypes.filter(isIncidentType) : [...INCIDENT_TYPES];
	const columns = rule.professions.length ? rule.professions : [EVERY_MEMBER];
	const area = areaOf(rule);
	return types.flatMap((type) => columns.map((column): [IncidentType, string, MatrixArea] => [type, column, area]));
}

/** Every profession tag, in the catalogue's order, after the every-member column. */
function allColumns(): string[] {
	return [EVERY_MEMBER, ...Object.keys(professionCatalog())];
}

/** The ruleset as a matrix: every incident type and every profession, cells filled from the rules. */
export function rulesetToMatrix(ruleset: Ruleset): RulesMatrix {
	const matrix: RulesMatrix = { rows: [...INCIDENT_TYPES], columns: allColumns(), cells: {}, kept: [] };
	for (const rule of ruleset.rules) {
		const visual = showable(rule);
		if (!visual) {
			matrix.kept.push(rule.name);
			continue;
		}
		for (const [type, column, area] of cellsOf(visual)) addArea(matrix, type, column, area);
	}
	for (const column of Object.values(matrix.cells).flatMap((row) => Object.keys(row ?? {}))) {
		if (!matrix.columns.includes(column)) matrix.columns.push(column);
	}
	return matrix;
}

const columnLabel = (column: string) => (column === EVERY_MEMBER ? 'Tous les adhérents' : (professionCatalog()[column]?.label ?? column));
const HEADER_CORNER = 'Incident \\ profession';

/** Legend lines written under the matrix (spreadsheet rows starting with `#` are not read back). */
const LEGEND = [
	'# Cellule vide : la profession n’est pas alertée pour ce type d’incident.',
	'# Zones d’alerte, autour des communes de l’incident : commune, agglomération, arrondissement, département, un rayon (« 2 km »), « zone <nom> ».',
	'# Seulement la nuit : ajouter les heures, par ex. « arrondissement (22h-6h) ». Plusieurs zones d’alerte dans une cellule : « département + 1 km ».',
	'# Ne modifiez pas les en-têtes (le code entre crochets identifie la ligne ou la colonne).',
];

/** The matrix as CSV rows for a spreadsheet, with a legend (and the rules kept outside it) under it. */
export function matrixToCsv(matrix: RulesMatrix, notes: readonly string[] = []): string {
	const header = [HEADER_CORNER, ...matrix.columns.map((c) => `${columnLabel(c)} [${c}]`)];
	const rows = matrix.rows.map((type) => [`${incidentTypeLabel(type)} [${type}]`, ...matrix.columns.map((c) => formatMatrixCell(matrix.cells[type]?.[c] ?? []))]);
	const footer = [...LEGEND, ...notes.map((n) => `# ${n}`)];
	if (matrix.kept.length) footer.push(`# Règles conservées hors matrice (conditions, codes NAF ou priorités : à modifier en JSON) : ${matrix.kept.join(', ')}`);
	return toCsv([header, ...rows, [''], ...footer.map((line) => [line])]);
}

/** The tag in `Label [tag]`, else the text itself; then matched against tags and labels. */
function headerValue(text: string, candidates: ReadonlyArray<{ value: string; label: string }>): string | undefined {
	const bracket = /\[([^\]]+)\]\s*$/.exec(text);
	const wanted = fold(bracket ? bracket[1] : text);
	return (
		candidates.find((c) => fold(c.value) === wanted)?.value ?? (bracket ? undefined : candidates.find((c) => fold(c.label) === wanted)?.value)
	);
}

const clean = (cell: string) => cell.replace(/^'/, '').trim();

/**
 * Reads a matrix back from its CSV: headers from the downloaded file (or plain tags / labels),
 * every cell checked. Every mistake comes with its row, column and cell reference; one mistake
 * makes the whole matrix refused.
 * @param text the CSV file's text (`;`, `,` or tab separated)
 * @param zones the zone names cells may use (the ruleset's `zones`)
 */
export function readMatrixCsv(text: string, zones: readonly string[] = []): MatrixRead {
	const { rows } = parseCsv(text);
	const errors: MatrixError[] = [];
	const at = (row: number, column: number, message: string) => errors.push({ row, column, cell: cellReference(row, column), message });
	const headerIndex = rows.findIndex((r) => r.some((c) => clean(c) !== '') && !clean(r[0] ?? '').startsWith('#'));
	if (headerIndex < 0) return { ok: false, errors: [{ message: 'le fichier est vide : téléchargez la matrice actuelle et modifiez-la' }] };
	const professionChoices = allColumns().map((value) => ({ value, label: columnLabel(value) }));
	const typeChoices = INCIDENT_TYPES.map((value) => ({ value, label: incidentTypeLabel(value) }));
	const matrix: RulesMatrix = { rows: [], columns: [], cells: {}, kept: [] };
	const columnAt = new Map<number, string>();
	rows[headerIndex].forEach((raw, index) => {
		const text = clean(raw);
		if (index === 0 || text === '') return;
		const column = headerValue(text, professionChoices);
		if (!column) at(headerIndex + 1, index + 1, `colonne « ${text} » : profession inconnue ; gardez l’en-tête téléchargé, par ex. « Buralistes (tabac) [buraliste] »`);
		else if (matrix.columns.includes(column)) at(headerIndex + 1, index + 1, `colonne « ${text} » en double : une seule colonne par profession`);
		else {
			matrix.columns.push(column);
			columnAt.set(index, column);
		}
	});
	for (let r = headerIndex + 1; r < rows.length; r++) {
		const cells = rows[r];
		const first = clean(cells[0] ?? '');
		if (first.startsWith('#') || cells.every((c) => clean(c) === '')) continue;
		const type = first === '' ? undefined : headerValue(first, typeChoices);
		if (!type || !isIncidentType(type)) {
			at(r + 1, 1, first === '' ? 'ligne sans type d’incident : gardez la première colonne téléchargée' : `type d’incident « ${first} » inconnu ; gardez la première colonne téléchargée, par ex. « Vol à l'étalage [vol_etalage] »`);
			continue;
		}
		if (matrix.rows.includes(type)) {
			at(r + 1, 1, `type d’incident « ${first} » en double : une seule ligne par type`);
			continue;
		}
		matrix.rows.push(type);
		cells.forEach((raw, index) => {
			const text = clean(raw);
			if (index === 0 || text === '') return;
			const column = columnAt.get(index);
			if (!column) {
				if (index >= rows[headerIndex].length || clean(rows[headerIndex][index]) === '') at(r + 1, index + 1, `« ${text} » est dans une colonne sans profession`);
				return;
			}
			for (const term of text.split('+').map((t) => t.trim())) {
				if (term === '') continue;
				const parsed = parseArea(term, zones);
				if ('error' in parsed) at(r + 1, index + 1, parsed.error);
				else addArea(matrix, type, column, parsed.area);
			}
		});
	}
	return errors.length ? { ok: false, errors } : { ok: true, matrix };
}

const keyOf = (type: string, column: string, area: MatrixArea) => `${type}\t${column}\t${areaKey(area)}`;

const slug = (text: string) =>
	fold(text)
		.replace(/[^a-z0-9]+/g, '-')
		.replace(/^-|-$/g, '');

function areaSlug(area: MatrixArea): string {
	const where = area.level === 'radius' ? `${String(area.radiusKm).replace('.', '-')}km` : area.level === 'zones' ? `zone-${slug((area.zones ?? []).join('-'))}` : slug(LEVEL_WORDS[area.level]);
	return area.hours ? `${where}-${area.hours.from}h-${area.hours.to}h` : where;
}

function describeGroup(types: readonly IncidentType[], columns: readonly string[], area: MatrixArea): string {
	const what = types.length ? types.map(incidentTypeLabel).join(', ') : 'Tout incident';
	const who = columns.length ? columns.map(columnLabel).join(', ') : 'tous les adhérents';
	const text = `${what} : ${who}, ${formatMatrixArea(area)} (matrice).`;
	return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/**
 * The matrix's cells not covered by kept rules, regrouped into as few rules as the cells allow:
 * the professions alerted in the same area for one incident type, then the incident types that
 * alert the same professions in the same area.
 */
function newRules(matrix: RulesMatrix, remaining: ReadonlySet<string>, taken: Set<string>): VisualRule[] {
	const byTypeArea = new Map<string, { type: IncidentType; area: MatrixArea; columns: string[] }>();
	for (const type of matrix.rows) {
		for (const column of matrix.columns) {
			for (const area of matrix.cells[type]?.[column] ?? []) {
				if (!remaining.has(keyOf(type, column, area))) continue;
				const key = `${areaKey(area)}\t${type}`;
				const group = byTypeArea.get(key) ?? { type, area, columns: [] };
				group.columns.push(column);
				byTypeArea.set(key, group);
			}
		}
	}
	const byArea = new Map<string, { area: MatrixArea; columns: string[]; types: IncidentType[] }>();
	for (const { type, area, columns } of byTypeArea.values()) {
		// Every member includes each profession: the professions beside `*` add nobody.
		const who = columns.includes(EVERY_MEMBER) ? [] : columns;
		const key = `${areaKey(area)}\t${who.join(',')}`;
		const group = byArea.get(key) ?? { area, columns: who, types: [] };
		group.types.push(type);
		byArea.set(key, group);
	}
	return [...byArea.values()].map(({ area, columns, types }) => {
		const everyType = INCIDENT_TYPES.every((t) => types.includes(t));
		const incidentTypes = everyType ? [] : types;
		const stem = `${everyType ? 'tout-incident' : slug(types[0])}${!everyType && types.length > 1 ? `-et-${types.length - 1}` : ''}-${areaSlug(area)}`.slice(0, 76);
		let name = stem;
		for (let n = 2; taken.has(name); n++) name = `${stem}-${n}`;
		taken.add(name);
		return {
			name,
			description: describeGroup(incidentTypes, columns, area),
			incidentTypes,
			professions: columns,
			areaLevel: area.level,
			...(area.radiusKm !== undefined ? { radiusKm: area.radiusKm } : {}),
			...(area.zones ? { zones: area.zones } : {}),
			...(area.hours ? { hours: area.hours } : {}),
		};
	});
}

/**
 * A ruleset from a matrix (or its CSV text). With `base`, the rules whose cells are all still
 * in the matrix are kept word for word, so an unchanged matrix gives back the base document, and
 * a changed cell only rewrites the rules it touches. The result is checked like every ruleset
 * (loadRuleset); its errors are reported too.
 */
export function matrixToRuleset(input: RulesMatrix | string, options: MatrixToRulesetOptions = {}): MatrixRuleset {
	const base = options.base;
	let matrix: RulesMatrix;
	if (typeof input === 'string') {
		const read = readMatrixCsv(input, Object.keys(base?.zones ?? {}));
		if (!read.ok) return read;
		matrix = read.matrix;
	} else matrix = input;
	const wanted = new Set<string>();
	for (const type of matrix.rows) for (const column of matrix.columns) for (const area of matrix.cells[type]?.[column] ?? []) wanted.add(keyOf(type, column, area));
	const covered = new Set<string>();
	const kept: TargetingRule[] = [];
	for (const rule of base?.rules ?? []) {
		const visual = showable(rule);
		if (!visual) {
			kept.push(rule);
			continue;
		}
		const keys = cellsOf(visual).map(([type, column, area]) => keyOf(type, column, area));
		if (keys.every((k) => wanted.has(k))) {
			kept.push(rule);
			for (const k of keys) covered.add(k);
		}
	}
	const remaining = new Set([...wanted].filter((k) => !covered.has(k)));
	const added = compileVisualRules({ rules: newRules(matrix, remaining, new Set(kept.map((r) => r.name))) }).rules;
	const ruleset: Ruleset = { ...(base ?? { version: 1 }), rules: [...kept, ...added] };
	if (ruleset.rules.length === 0) return { ok: false, errors: [{ message: 'la matrice n’alerte personne : remplissez au moins une cellule' }] };
	const loaded = loadRuleset(ruleset);
	if (!loaded.ok) return { ok: false, errors: loaded.errors.map((e) => ({ message: `${e.path} : ${e.message}` })) };
	return { ok: true, ruleset: loaded.ruleset };
}

/** The cells whose value differs between two matrices, row by row (what the CCI changed). */
export function matrixChanges(before: RulesMatrix, after: RulesMatrix): MatrixChange[] {
	const changes: MatrixChange[] = [];
	const columns = [...new Set([...before.columns, ...after.columns])];
	for (const type of INCIDENT_TYPES) {
		for (const column of columns) {
			const was = before.cells[type]?.[column] ?? [];
			const now = after.cells[type]?.[column] ?? [];
			// The same areas in another order are the same cell.
			if (was.map(areaKey).sort().join('\n') !== now.map(areaKey).sort().join('\n')) {
				changes.push({ incidentType: type, column, before: formatMatrixCell(was), after: formatMatrixCell(now) });
			}
		}
	}
	return changes;
}

/** A column's label as the spreadsheet heads it (`*` is every member). */
export const matrixColumnLabel = columnLabel;
