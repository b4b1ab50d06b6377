import { Engine, type RuleProperties, type TopLevelCondition } from 'json-rules-engine';
import type { Area, Incident } from '../incident';
import { resolveArea } from './area';
import { incidentFacts } from './facts';
import { defaultRuleset } from './load';
import type { AreaSource, PlanPart, ResolvedArea, Ruleset, TargetingPlan, TargetingRule } from './types';

const engines = new WeakMap<Ruleset, Engine>();

/** One engine per ruleset object: building it costs more than running it. */
function engineFor(ruleset: Ruleset): Engine {
	let engine = engines.get(ruleset);
	if (!engine) {
		// Facts the incident lacks (severity, requestedArea) are undefined rather than errors.
		engine = new Engine([], { allowUndefinedFacts: true });
		for (const rule of ruleset.rules) {
			engine.addRule({
				name: rule.name,
				priority: rule.priority,
				conditions: rule.conditions as TopLevelCondition,
				event: rule.event,
			} as RuleProperties);
		}
		engines.set(ruleset, engine);
	}
	return engine;
}

/** The areas a fired rule targets once the police perimeter and the area policy are applied. */
function areasFor(rule: TargetingRule, requested: Area | undefined, policy: Ruleset['areaPolicy']): Array<[Area, AreaSource]> {
	const own: [Area, AreaSource] = [rule.event.params.area, 'rule'];
	if (!requested || policy === 'rules') return [own];
	if (policy === 'widest') return [own, [requested, 'police']];
	return [[requested, 'police']];
}

function whoOf(rule: TargetingRule): Pick<PlanPart, 'professions' | 'naf'> {
	const tags = rule.event.params.professions;
	if (tags?.includes('*')) return { professions: undefined, naf: [] };
	// Tags match the member's stored tags (derived from its NAF code at import): an indexed lookup.
	const naf = new Set((rule.event.params.naf ?? []).map((n) => n.trim().toUpperCase()));
	return { professions: [...(tags ?? [])], naf: [...naf].sort() };
}

/**
 * Runs the ruleset once for an incident and returns what it decided: the union of the fired
 * rules as professions × resolved areas, each part labelled with its rule.
 */
export async function planTargeting(incident: Incident, ruleset: Ruleset = defaultRuleset(), now: Date = new Date()): Promise<TargetingPlan> {
	const facts = incidentFacts(incident, now);
	const result = await engineFor(ruleset).run({ ...facts });
	const fired = new Set(result.results.map((r) => r.name as string));
	const policy = ruleset.areaPolicy ?? 'police';
	const resolved = new Map<string, ResolvedArea>();
	const parts: PlanPart[] = [];
	const firedRules: string[] = [];
	for (const rule of ruleset.rules) {
		if (!fired.has(rule.name)) continue;
		firedRules.push(rule.name);
		for (const [area, areaSource] of areasFor(rule, facts.requestedArea, policy)) {
			const key = JSON.stringify(area);
			let target = resolved.get(key);
			if (!target) {
				target = resolveArea(area, facts, incident.coordinates, ruleset.zones ?? {});
				resolved.set(key, target);
			}
			parts.push({ rule: rule.name, description: rule.description, ...whoOf(rule), area: target, areaSource });
		}
	}
	return { incidentType: incident.type, communes: facts.communes, facts, areaPolicy: policy, firedRules, parts };
}
