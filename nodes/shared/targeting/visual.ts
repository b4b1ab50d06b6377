import type { AreaLevel } from '../incident';
import type { AreaPolicy, RuleCondition, Ruleset, TargetingRule } from './types';

/** A rule as the n8n editor's "Visual rules" form holds it (no code, no JSON). */
export interface VisualRule {
	name: string;
	description?: string;
	/** Incident type ids; empty means every type. */
	incidentTypes: string[];
	/** Profession tags; empty means every member. */
	professions: string[];
	areaLevel: AreaLevel;
	radiusKm?: number;
	zones?: string[];
	/**
	 * Only for incidents between these hours (Paris time): `from` included, `to` excluded, 0–24;
	 * `from` after `to` spans midnight (22 → 6 is the night). Absent: at any hour.
	 */
	hours?: VisualHours;
}

export interface VisualHours {
	from: number;
	to: number;
}

export interface VisualRuleset {
	rules: VisualRule[];
	/** Zone name → INSEE codes. */
	zones?: Record<string, string[]>;
	areaPolicy?: AreaPolicy;
}

const EVERY_TYPE: RuleCondition = { all: [] };

/** Compiles visual rules into a ruleset document (validate it with loadRuleset). */
export function compileVisualRules(visual: VisualRuleset): Ruleset {
	const rules: TargetingRule[] = visual.rules.map((rule) => ({
		name: rule.name,
		description: rule.description?.trim() || describe(rule),
		conditions: conditionsOf(rule),
		event: {
			type: 'target',
			params: {
				professions: rule.professions.length ? [...rule.professions] : ['*'],
				area: {
					level: rule.areaLevel,
					...(rule.areaLevel === 'radius' && rule.radiusKm !== undefined ? { radiusKm: rule.radiusKm } : {}),
					...(rule.areaLevel === 'zones' && rule.zones?.length ? { zones: [...rule.zones] } : {}),
				},
			},
		},
	}));
	return {
		version: 1,
		...(visual.areaPolicy ? { areaPolicy: visual.areaPolicy } : {}),
		...(visual.zones && Object.keys(visual.zones).length ? { zones: visual.zones } : {}),
		rules,
	};
}

function conditionsOf(rule: VisualRule): RuleCondition {
	const parts: RuleCondition[] = [];
	if (rule.incidentTypes.length) parts.push({ fact: 'type', operator: 'in', value: [...rule.incidentTypes] });
	if (rule.hours) {
		const { from, to } = rule.hours;
		const bounds: RuleCondition[] = [
			{ fact: 'hour', operator: 'greaterThanInclusive', value: from },
			{ fact: 'hour', operator: 'lessThan', value: to },
		];
		// Across midnight an hour is late OR early; within a day it is after the start AND before the end.
		parts.push(from > to ? { any: bounds } : { all: bounds });
	}
	return parts.length ? { all: parts } : EVERY_TYPE;
}

function describe(rule: VisualRule): string {
	const who = rule.professions.length ? rule.professions.join(', ') : 'all members';
	const what = rule.incidentTypes.length ? rule.incidentTypes.join(', ') : 'any incident';
	const where = rule.areaLevel === 'radius' ? `within ${rule.radiusKm ?? '?'} km` : rule.areaLevel === 'zones' ? `in zones ${(rule.zones ?? []).join(', ')}` : `in the ${rule.areaLevel}`;
	const when = rule.hours ? ` from ${rule.hours.from}:00 to ${rule.hours.to}:00` : '';
	return `${what}${when}: ${who} ${where}`;
}

function typesOf(condition: RuleCondition): string[] | undefined {
	if (condition.fact !== 'type' || condition.path !== undefined) return undefined;
	if (condition.operator === 'in' && Array.isArray(condition.value) && condition.value.every((v) => typeof v === 'string')) return [...(condition.value as string[])];
	if (condition.operator === 'equal' && typeof condition.value === 'string') return [condition.value];
	return undefined;
}

const isHour = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 24;

/** `hour >= from` with `hour < to`: all of them within a day, any of them across midnight. */
function hoursOf(condition: RuleCondition): VisualHours | undefined {
	const keys = Object.keys(condition);
	const bounds = keys.length === 1 ? (condition.all ?? condition.any) : undefined;
	if (bounds?.length !== 2) return undefined;
	const [start, end] = bounds;
	if (start.fact !== 'hour' || start.operator !== 'greaterThanInclusive' || start.path !== undefined || !isHour(start.value)) return undefined;
	if (end.fact !== 'hour' || end.operator !== 'lessThan' || end.path !== undefined || !isHour(end.value)) return undefined;
	const hours = { from: start.value, to: end.value };
	return (condition.any !== undefined) === hours.from > hours.to ? hours : undefined;
}

/** The incident types and hours of a rule's conditions, when the form can show them. */
function formConditionsOf(conditions: RuleCondition): { incidentTypes: string[]; hours?: VisualHours } | undefined {
	const parts = Object.keys(conditions).length === 1 ? conditions.all : undefined;
	if (!parts || parts.length > 2) return undefined;
	let incidentTypes: string[] | undefined;
	let hours: VisualHours | undefined;
	for (const part of parts) {
		const types = incidentTypes === undefined ? typesOf(part) : undefined;
		const window = types === undefined && hours === undefined ? hoursOf(part) : undefined;
		if (types) incidentTypes = types;
		else if (window) hours = window;
		else return undefined;
	}
	return { incidentTypes: incidentTypes ?? [], ...(hours ? { hours } : {}) };
}

export type VisualDecompile = { ok: true; visual: VisualRuleset } | { ok: false; rule: string; message: string };

/** Turns a ruleset back into visual rules, when every rule is simple enough for the form. */
export function decompileRuleset(ruleset: Ruleset): VisualDecompile {
	const rules: VisualRule[] = [];
	for (const rule of ruleset.rules) {
		const form = formConditionsOf(rule.conditions);
		const params = rule.event.params;
		if (!form || params.naf?.length || rule.priority !== undefined) {
			return { ok: false, rule: rule.name, message: `rule "${rule.name}" uses conditions (other than incident types and hours), NAF codes or priorities the visual form cannot show: edit it as JSON` };
		}
		const area = params.area;
		rules.push({
			name: rule.name,
			description: rule.description,
			incidentTypes: form.incidentTypes,
			professions: params.professions?.includes('*') ? [] : [...(params.professions ?? [])],
			areaLevel: area.level,
			...(area.radiusKm !== undefined ? { radiusKm: area.radiusKm } : {}),
			...(area.zones ? { zones: [...area.zones] } : {}),
			...(form.hours ? { hours: form.hours } : {}),
		});
	}
	return {
		ok: true,
		visual: {
			rules,
			...(ruleset.zones ? { zones: ruleset.zones } : {}),
			...(ruleset.areaPolicy ? { areaPolicy: ruleset.areaPolicy } : {}),
		},
	};
}
