import type { Area, AreaLevel, Coordinates, IncidentType } from '../incident';

/** What the police perimeter does to the rules' areas: replace them, be ignored, or be added. */
export type AreaPolicy = 'police' | 'rules' | 'widest';

export const AREA_POLICIES: readonly AreaPolicy[] = ['police', 'rules', 'widest'];

/** A json-rules-engine condition, as it appears in a ruleset document. */
export interface RuleCondition {
	all?: RuleCondition[];
	any?: RuleCondition[];
	not?: RuleCondition;
	condition?: string;
	fact?: string;
	operator?: string;
	value?: unknown;
	path?: string;
	params?: Record<string, unknown>;
	name?: string;
	priority?: number;
}

/** Who a fired rule targets: profession tags and/or NAF codes (a union), within an area. */
export interface TargetParams {
	/** Profession tags from rules/professions.json, or `["*"]` for every member. */
	professions?: string[];
	/** NAF sub-classes of either nomenclature (47.77Z rév. 2, 47.77Y NAF 2025) or prefixes (47.7, 01), matched against the member's code as stored. */
	naf?: string[];
	area: Area;
}

/** One rule of a ruleset: conditions on the incident facts, and a `target` event. */
export interface TargetingRule {
	name: string;
	description: string;
	priority?: number;
	conditions: RuleCondition;
	event: { type: 'target'; params: TargetParams };
}

/** A ruleset document (see rules/ruleset.schema.json). */
export interface Ruleset {
	version: 1;
	description?: string;
	areaPolicy?: AreaPolicy;
	/** Named zones: zone name → INSEE codes of its communes. */
	zones?: Record<string, string[]>;
	rules: TargetingRule[];
}

export interface RulesetError {
	/** JSON pointer into the document, e.g. `/rules/2/event/params/professions/0`. */
	path: string;
	message: string;
}

export type RulesetLoad = { ok: true; ruleset: Ruleset } | { ok: false; errors: RulesetError[] };

/** The facts a rule's conditions can test. */
export interface TargetingFacts {
	type: IncidentType;
	communes: string[];
	/** Département of the first commune (the incident's own). */
	departement: string | undefined;
	departements: string[];
	epcis: string[];
	arrondissements: string[];
	/** 0–23, Europe/Paris, at the time of the facts (or now when unknown). */
	hour: number;
	/** ISO weekday, Europe/Paris: 1 = Monday … 7 = Sunday. */
	weekday: number;
	/** The perimeter the police asked for, if any. */
	requestedArea: Area | undefined;
	severity: string | undefined;
	hasCoordinates: boolean;
}

/** An area resolved for one alert: a set of communes, or a circle around the incident. */
export type ResolvedArea =
	| { level: Exclude<AreaLevel, 'radius'>; label: string; communes: string[]; zones?: string[] }
	| {
			level: 'radius';
			label: string;
			center: Coordinates;
			radiusKm: number;
			/** Members without coordinates are taken from these communes (the incident's). */
			communes: string[];
	  }
	| {
			/** A radius asked for without incident coordinates: the incident communes instead. */
			level: 'radius-fallback';
			label: string;
			radiusKm: number;
			communes: string[];
	  };

/** Where the area of a plan part came from. */
export type AreaSource = 'rule' | 'police';

/** One part of a plan: who (professions × NAF) in which area, and the rule that decided it. */
export interface PlanPart {
	rule: string;
	description: string;
	/** `undefined` means every profession (`["*"]`). */
	professions: string[] | undefined;
	/** NAF codes or prefixes matched against the member's NAF code (the rule's `naf`). */
	naf: string[];
	area: ResolvedArea;
	areaSource: AreaSource;
}

/** What the rules decided for one alert: the union of its parts. */
export interface TargetingPlan {
	incidentType: IncidentType;
	communes: string[];
	facts: TargetingFacts;
	areaPolicy: AreaPolicy;
	/** Names of the rules that fired, in ruleset order. */
	firedRules: string[];
	parts: PlanPart[];
}

/** Why a recipient was selected: the rule and the area (and distance for a radius). */
export interface Reason {
	rule: string;
	area: string;
	distanceKm?: number;
}

/** One phone number to send the alert to. */
export interface Recipient {
	siret: string;
	name: string;
	phone: string;
	communeInsee: string;
	reasons: Reason[];
}

export type ExclusionReason = 'suspended' | 'pending' | 'expired' | 'opted_out';

/** A member (or one of its phones) the plan matched but who is not alerted. */
export interface Exclusion {
	siret: string;
	name: string;
	communeInsee: string;
	reason: ExclusionReason;
	/** The opted-out phone, masked. */
	phone?: string;
}

/** Recipients, and (when asked) who was left out and why. */
export interface Selection {
	recipients: Recipient[];
	excluded: Exclusion[];
}

export interface SelectOptions {
	/** Date of the alert, for membership expiry (default: now). */
	now?: Date;
	/** Also list the matched members who are excluded (dry run). */
	withExclusions?: boolean;
}
