import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import { summarizeSelection } from '../../../../shared/targeting';
import { decisionFields } from './decision';
import type { TargetOptions } from './output.properties';
import type { TargetedAlert } from './targetAlert';

/** What a dry-run summary adds to the alert's own decision. */
export interface DryRunContext {
	/** The input item, whose fields come first with Include the Alert. */
	item: INodeExecutionData;
	options: TargetOptions;
	maxRecipients: number;
	/** `{ rulesetVersion }` when the rules have a version, else empty. */
	versioned: IDataObject;
}

/** Dry run: one summary item per alert (counts, exclusions, a sample, the decision summary) instead of its recipients. */
export function dryRunItem(alert: TargetedAlert, { item, options, maxRecipients, versioned }: DryRunContext): INodeExecutionData {
	const { plan, selection, professionsOf, invalidMembers, header, index } = alert;
	const summary = summarizeSelection(plan, selection, professionsOf, { sampleSize: options.sampleSize ?? 10, maxRecipients });
	return {
		// The alert's fields first: the summary's own fields win where names meet.
		json: { ...(options.includeAlert ? item.json : {}), alertId: header.alertId, ...versioned, ...summary, invalidMembers: { total: invalidMembers.length, sample: invalidMembers.slice(0, options.sampleSize ?? 10) }, ...decisionFields(alert, options) } as unknown as IDataObject,
		pairedItem: { item: index },
	};
}
