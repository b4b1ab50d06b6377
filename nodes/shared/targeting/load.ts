import { communeByCode } from '../geo';
import { INCIDENT_TYPES, isIncidentType } from '../incident';
import { isProfession, nafPatternNomenclatures } from '../naf';
import { FACTS } from './facts';
import { schemaErrors } from './schema';
import type { RuleCondition, Ruleset, RulesetError, RulesetLoad } from './types';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const DEFAULT = require('../../../rules/default.rules.json') as unknown;

const OPERATORS = [
	'equal',
	'notEqual',
	'in',
	'notIn',
	'contains',
	'doesNotContain',
	'lessThan',
	'lessThanInclusive',
	'greaterThan',
	'greaterThanInclusive',
];
const DECORATORS = ['someFact', 'someValue', 'everyFact', 'everyValue', 'swap', 'not'];
const CONDITION_KINDS = ['all', 'any', 'not', 'condition', 'fact'] as const;

function isKnownOperator(operator: string): boolean {
	const parts = operator.split(':');
	const base = parts.pop() ?? '';
	return OPERATORS.includes(base) && parts.every((d) => DECORATORS.includes(d));
}

/** Checks a condition tree: its shape, fact names, operators and incident type values. */
function conditionErrors(condition: RuleCondition, path: string, errors: RulesetError[]): void {
	const kinds = CONDITION_KINDS.filter((k) => condition[k] !== undefined);
	if (kinds.length !== 1) {
		errors.push({
			path,
			message:
				kinds.length === 0
					? 'a condition needs "all", "any", "not" or a "fact" with an "operator" and a "value"'
					: `a condition has one of ${kinds.map((k) => `"${k}"`).join(', ')}, not several: split it`,
		});
		return;
	}
	condition.all?.forEach((c, i) => conditionErrors(c, `${path}/all/${i}`, errors));
	condition.any?.forEach((c, i) => conditionErrors(c, `${path}/any/${i}`, errors));
	if (condition.not) conditionErrors(condition.not, `${path}/not`, errors);
	if (condition.condition !== undefined) {
		errors.push({ path: `${path}/condition`, message: 'shared named conditions are not supported: write the condition out' });
	}
	if (condition.fact === undefined) return;
	if (!Object.prototype.hasOwnProperty.call(FACTS, condition.fact)) {
		errors.push({ path: `${path}/fact`, message: `unknown fact "${condition.fact}"; rules can test: ${Object.keys(FACTS).join(', ')}` });
	}
	if (condition.operator === undefined || !isKnownOperator(condition.operator)) {
		errors.push({
			path: `${path}/operator`,
			message: `${condition.operator === undefined ? 'missing operator' : `unknown operator "${condition.operator}"`}; use one of: ${OPERATORS.join(', ')}`,
		});
	}
	if (!Object.prototype.hasOwnProperty.call(condition, 'value')) {
		errors.push({ path, message: 'the condition has no "value" to compare with' });
	} else if (condition.fact === 'type') {
		const values = Array.isArray(condition.value) ? condition.value : [condition.value];
		values.forEach((value, i) => {
			if (!isIncidentType(value)) {
				errors.push({
					path: Array.isArray(condition.value) ? `${path}/value/${i}` : `${path}/value`,
					message: `unknown incident type "${String(value)}"; known types: ${INCIDENT_TYPES.join(', ')}`,
				});
			}
		});
	}
}

/** Checks what the schema cannot: tags, zones, INSEE codes, radius, unique names, conditions. */
function meaningErrors(ruleset: Ruleset): RulesetError[] {
	const errors: RulesetError[] = [];
	const zones = ruleset.zones ?? {};
	for (const [zone, communes] of Object.entries(zones)) {
		communes.forEach((code, i) => {
			if (!communeByCode(code)) {
				errors.push({ path: `/zones/${zone}/${i}`, message: `unknown INSEE code "${code}" in zone "${zone}": use the commune's INSEE code, not its postal code` });
			}
		});
	}
	const names = new Map<string, number>();
	ruleset.rules.forEach((rule, r) => {
		const at = `/rules/${r}`;
		const first = names.get(rule.name);
		if (first !== undefined) errors.push({ path: `${at}/name`, message: `rule name "${rule.name}" is already used by rule ${first}: names must be unique` });
		else names.set(rule.name, r);
		conditionErrors(rule.conditions, `${at}/conditions`, errors);
		const params = rule.event.params;
		if (!params.professions && !params.naf) {
			errors.push({ path: `${at}/event/params`, message: 'say who is targeted: "professions" (tags, or ["*"] for every member) and/or "naf"' });
		}
		params.professions?.forEach((tag, i) => {
			if (tag === '*' ? params.professions?.length !== 1 : !isProfession(tag)) {
				errors.push({
					path: `${at}/event/params/professions/${i}`,
					message: tag === '*' ? '"*" (every member) must be alone in the list' : `unknown profession tag "${tag}" (see rules/professions.json)`,
				});
			}
		});
		params.naf?.forEach((code, i) => {
			// The same check as the register's: a code of either nomenclature, or a prefix heading one.
			if (nafPatternNomenclatures(code).length === 0) {
				errors.push({
					path: `${at}/event/params/naf/${i}`,
					message: `"${code}" is neither a NAF rév. 2 nor a NAF 2025 code or prefix: write a sub-class (47.77Z in rév. 2, 47.77Y in NAF 2025) or a division, group or class that exists (47, 47.7, 47.77)`,
				});
			}
		});
		const area = params.area;
		if (area.level === 'radius' && area.radiusKm === undefined) {
			errors.push({ path: `${at}/event/params/area`, message: 'a "radius" area needs "radiusKm", the distance in kilometres' });
		}
		if (area.level === 'zones' && !area.zones) {
			errors.push({ path: `${at}/event/params/area`, message: 'a "zones" area needs "zones", the names of zones defined in the ruleset' });
		}
		area.zones?.forEach((zone, i) => {
			if (!Object.prototype.hasOwnProperty.call(zones, zone)) {
				errors.push({ path: `${at}/event/params/area/zones/${i}`, message: `unknown zone "${zone}": define it under "zones" first` });
			}
		});
	});
	return errors;
}

/** Validates a ruleset document (object or JSON text) against its schema and its meaning. */
export function loadRuleset(json: unknown): RulesetLoad {
	let document = json;
	if (typeof json === 'string') {
		try {
			document = JSON.parse(json) as unknown;
		} catch (error) {
			return { ok: false, errors: [{ path: '/', message: `not valid JSON: ${(error as Error).message}` }] };
		}
	}
	const structural = schemaErrors(document);
	if (structural.length) return { ok: false, errors: structural };
	const ruleset = document as Ruleset;
	const errors = meaningErrors(ruleset);
	return errors.length ? { ok: false, errors } : { ok: true, ruleset };
}

let defaultCache: Ruleset | undefined;

/** The package's national default ruleset (rules/default.rules.json), validated once. */
export function defaultRuleset(): Ruleset {
	if (!defaultCache) {
		const loaded = loadRuleset(DEFAULT);
		if (!loaded.ok) throw new Error(`rules/default.rules.json is invalid: ${loaded.errors.map((e) => `${e.path} ${e.message}`).join('; ')}`);
		defaultCache = loaded.ruleset;
	}
	return defaultCache;
}
