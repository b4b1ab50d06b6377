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
		conditions: rule.incidentTypes.length ? { all: [{ fact: 'type', operator: 'in', value: [...rule.incidentTypes] }] } : EVERY_TYPE,
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

function describe(rule: VisualRule): string {
	const who = rule.professions.length ? rule.professions.join(', ') : 'all members';
	const what = rule.incidentTypes.length ? rule.incidentTypes.join(', ') : 'any incident';
	const where = rule.areaLevel === 'radius' ? `within ${rule.radiusKm ?? '?'} km` : rule.areaLevel === 'zones' ? `in zones ${(rule.zones ?? []).join(', ')}` : `in the ${rule.areaLevel}`;
	return `${what}: ${who} ${where}`;
}

function typesOf(conditions: RuleCondition): string[] | undefined {
	if (conditions.all?.length === 0 && Object.keys(conditions).length === 1) return [];
	const only = conditions.all?.length === 1 && Object.keys(conditions).length === 1 ? conditions.all[0] : undefined;
	if (!only || only.fact !== 'type' || only.path !== undefined) return undefined;
	if (only.operator === 'in' && Array.isArray(only.value) && only.value.every((v) => typeof v === 'string')) return [...(only.value as string[])];
	if (only.operator === 'equal' && typeof only.value === 'string') return [only.value];
	return undefined;
}

export type VisualDecompile = { ok: true; visual: VisualRuleset } | { ok: false; rule: string; message: string };

/** Turns a ruleset back into visual rules, when every rule is simple enough for the form. */
export function decompileRuleset(ruleset: Ruleset): VisualDecompile {
	const rules: VisualRule[] = [];
	for (const rule of ruleset.rules) {
		const incidentTypes = typesOf(rule.conditions);
		const params = rule.event.params;
		if (!incidentTypes || params.naf?.length || rule.priority !== undefined) {
			return { ok: false, rule: rule.name, message: `rule "${rule.name}" uses conditions, NAF codes or priorities the visual form cannot show: edit it as JSON` };
		}
		const area = params.area;
		rules.push({
			name: rule.name,
			description: rule.description,
			incidentTypes,
			professions: params.professions?.includes('*') ? [] : [...(params.professions ?? [])],
			areaLevel: area.level,
			...(area.radiusKm !== undefined ? { radiusKm: area.radiusKm } : {}),
			...(area.zones ? { zones: [...area.zones] } : {}),
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
