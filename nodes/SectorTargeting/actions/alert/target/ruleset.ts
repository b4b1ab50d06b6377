import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';
import type { AreaLevel } from '../../../../shared/incident';
import type { SqlDb } from '../../../../shared/store';
import {
	compileVisualRules,
	defaultRuleset,
	loadRuleset,
	packageDefaultVersion,
	rulesetStoreOf,
	StoredRulesetInvalidError,
	type AreaPolicy,
	type Ruleset,
	type RulesetVersion,
	type VisualHours,
	type VisualRule,
} from '../../../../shared/targeting';
import { ANY_HOUR } from './ruleset.properties';

interface VisualParameters {
	rule?: Array<{
		name?: string;
		description?: string;
		incidentTypes?: string[];
		professions?: string[];
		areaLevel?: string;
		radiusKm?: number;
		zones?: string[];
		hoursFrom?: number;
		hoursTo?: number;
	}>;
}

/** The form's hours as a window; none when they mean "at any hour" (0 → 24, or the same hour twice). */
function hoursOf(from: number | undefined, to: number | undefined): VisualHours | undefined {
	const window = { from: from ?? ANY_HOUR.from, to: to ?? ANY_HOUR.to };
	if (window.from === window.to || (window.from === ANY_HOUR.from && window.to === ANY_HOUR.to)) return undefined;
	return window;
}

const splitCodes = (text: string | undefined) =>
	String(text ?? '')
		.split(/[\s,;]+/)
		.map((c) => c.trim())
		.filter(Boolean);

/** A zone's communes: those chosen by name, then the codes typed (zones saved before the list, or outside the département). */
export function zoneCommunes(zone: { communeCodes?: unknown; communes?: string }): string[] {
	// An expression may give the list as text.
	const chosen = Array.isArray(zone.communeCodes) ? zone.communeCodes.map(String) : splitCodes(typeof zone.communeCodes === 'string' ? zone.communeCodes : '');
	return [...new Set([...chosen, ...splitCodes(zone.communes)])];
}

const rulesetCache = new Map<string, ReturnType<typeof loadRuleset>>();

function cachedLoad(key: string, build: () => unknown): ReturnType<typeof loadRuleset> {
	let loaded = rulesetCache.get(key);
	if (!loaded) {
		loaded = loadRuleset(build());
		// Keeping the loaded object keeps its compiled engine (plan.ts caches engines per ruleset).
		if (rulesetCache.size > 50) rulesetCache.clear();
		rulesetCache.set(key, loaded);
	}
	return loaded;
}

/**
 * The register's current ruleset, read once per execution so every alert of the run is decided by
 * the same version. Without a register (members from a field or another node) there is nothing to
 * read: the package default decides, and a hint says so rather than failing workflows that
 * never had a register.
 */
export async function readRegisterRuleset(ctx: IExecuteFunctions, db: SqlDb | undefined): Promise<RulesetVersion> {
	if (!db) {
		ctx.addExecutionHints({
			message:
				'Rules "From the Register": the members do not come from the Adherent Registry, so the package default rules decided (ruleset version 0). Read the members from the registry to use the rules the CCI published, or choose Rules: Package Default to say so.',
			type: 'warning',
			location: 'outputPane',
		});
		return packageDefaultVersion();
	}
	try {
		return await (await rulesetStoreOf(db)).current();
	} catch (error) {
		if (!(error instanceof StoredRulesetInvalidError)) {
			throw new NodeOperationError(ctx.getNode(), `Cannot read the register's ruleset: ${(error as Error).message}`, {
				description: 'Check the Alerte Commerces Registry credential, or choose Rules: Package Default until the register is reachable.',
			});
		}
		throw new NodeOperationError(ctx.getNode(), error.message, {
			description: `${error.errors.map((e) => `${e.path}: ${e.message}`).join('\n')}\nPublish a corrected ruleset, or roll back, with Adherent Registry → Ruleset.`,
		});
	}
}

/**
 * The ruleset the node's parameters describe, or a NodeOperationError listing each error with its
 * path. Rules from the register come as `register` (see readRegisterRuleset).
 */
export function readRuleset(ctx: IExecuteFunctions, index: number, register?: RulesetVersion): Ruleset {
	const source = ctx.getNodeParameter('rulesetSource', index) as string;
	if (source === 'default') return defaultRuleset();
	if (source === 'register') return (register ?? packageDefaultVersion()).ruleset;
	let loaded: ReturnType<typeof loadRuleset>;
	if (source === 'visual') {
		const visual = ctx.getNodeParameter('visualRules', index, {}) as VisualParameters;
		const zones = ctx.getNodeParameter('zones', index, {}) as { zone?: Array<{ name?: string; communeCodes?: unknown; communes?: string }> };
		const policy = ctx.getNodeParameter('areaPolicy', index, 'police') as AreaPolicy;
		const key = JSON.stringify(['visual', visual, zones, policy]);
		loaded = cachedLoad(key, () =>
			compileVisualRules({
				areaPolicy: policy,
				zones: Object.fromEntries((zones.zone ?? []).filter((z) => z.name?.trim()).map((z) => [String(z.name).trim(), zoneCommunes(z)])),
				rules: (visual.rule ?? []).map((r): VisualRule => {
					const hours = hoursOf(r.hoursFrom, r.hoursTo);
					return {
						name: String(r.name ?? '').trim(),
						description: r.description,
						incidentTypes: r.incidentTypes ?? [],
						professions: r.professions ?? [],
						areaLevel: (r.areaLevel ?? 'commune') as AreaLevel,
						radiusKm: r.radiusKm,
						zones: r.zones ?? [],
						...(hours ? { hours } : {}),
					};
				}),
			}),
		);
	} else {
		const json = ctx.getNodeParameter('rulesetJson', index) as unknown;
		loaded = cachedLoad(typeof json === 'string' ? json : JSON.stringify(json), () => json);
	}
	if (!loaded.ok) {
		throw new NodeOperationError(ctx.getNode(), `The ruleset has ${loaded.errors.length} error${loaded.errors.length > 1 ? 's' : ''}: ${loaded.errors[0].path} ${loaded.errors[0].message}`, {
			itemIndex: index,
			description: loaded.errors.map((e) => `${e.path}: ${e.message}`).join('\n'),
		});
	}
	return loaded.ruleset;
}
