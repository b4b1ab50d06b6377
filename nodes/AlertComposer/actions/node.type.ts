import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { IncidentResult } from '../../shared/incident';
import type { SenderSettings, Settings } from '../helpers/settings';

/**
 * Alert Composer has one resource, composing an alert, and no Operation parameter: its Mode
 * parameter says where the incident comes from. These are Mode's values, as stored in workflows.
 */
export type ComposeMode = 'email' | 'fields' | 'json';

/** One item as a mode reads it: the incident or every reason it is refused, and a summary of the input for the Refused output (never the code). */
export interface ItemIncident {
	result: IncidentResult;
	input: IDataObject;
	/** When the email was sent, for a CAP document that a re-delivered email gives again identically. */
	sent?: string;
}

/** What a mode runs: its own node settings, checked once, and the reading of one item. */
export interface ComposeModeActions {
	readSettings?: (this: IExecuteFunctions) => SenderSettings;
	read: (this: IExecuteFunctions, index: number, settings: Settings) => ItemIncident;
}
