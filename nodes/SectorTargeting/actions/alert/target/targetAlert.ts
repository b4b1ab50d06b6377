import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { Incident } from '../../../../shared/incident';
import type { RegistryStore } from '../../../../shared/registry';
import { planTargeting, professionsFromStore, selectFromMembers, selectFromStore, type Ruleset, type Selection, type TargetingPlan } from '../../../../shared/targeting';
import type { AlertHeader } from './alertItem';
import { readMemberRecords, validateMembers } from './members';

/** One alert item, decided: its incident and header, the plan, and the members it selects. */
export interface TargetedAlert {
	/** The input item's position, for pairedItem and errors. */
	index: number;
	incident: Incident;
	header: AlertHeader;
	plan: TargetingPlan;
	selection: Selection;
	/** A selected member's professions, for the decision summary. */
	professionsOf: (siret: string) => readonly string[];
	/** Member records from a field or another node that failed validation (none with the registry). */
	invalidMembers: IDataObject[];
}

/** What deciding one alert item needs. */
export interface AlertToTarget {
	index: number;
	item: INodeExecutionData;
	incident: Incident;
	header: AlertHeader;
	ruleset: Ruleset;
	/** The registry, when the members come from it. */
	store?: RegistryStore;
	/** Members From: registry, field or node. */
	membersSource: string;
	dryRun: boolean;
	/** The date membership expiry is checked at. */
	now: Date;
}

/** Plans the alert once and selects its recipients, from the registry or from member records. */
export async function targetAlert(ctx: IExecuteFunctions, alert: AlertToTarget): Promise<TargetedAlert> {
	const { index, incident, header, store, now } = alert;
	const plan = await planTargeting(incident, alert.ruleset, now);
	if (store) {
		// Sending with a registry records the decision summary in the journal: exclusions and
		// professions are read then too (two indexed queries), for the officer's report.
		const selection = await selectFromStore(plan, store, { now, withExclusions: true });
		const tags = await professionsFromStore(store, [...new Set(selection.recipients.map((r) => r.siret))]);
		return { index, incident, header, plan, selection, professionsOf: (siret) => tags.get(siret) ?? [], invalidMembers: [] };
	}
	const external = validateMembers(readMemberRecords(ctx, alert.item, index, alert.membersSource));
	const selection = selectFromMembers(plan, external.members, { now, withExclusions: alert.dryRun });
	const tags = new Map(external.members.map((a) => [a.siret, a.professions]));
	const invalidMembers = external.invalid.map((i) => ({ record: i.index, errors: i.errors.map((e) => `${e.field}: ${e.message}`).join('; ') }));
	return { index, incident, header, plan, selection, professionsOf: (siret) => tags.get(siret) ?? [], invalidMembers };
}
