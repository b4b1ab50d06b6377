import type { INodeProperties } from 'n8n-workflow';
import type { ComposeMode, ComposeModeActions } from '../node.type';
import { commonFields } from './commonFields';
import * as email from './email.operation';
import * as fields from './fields.operation';
import * as json from './json.operation';

/** The Mode selector: where the incident comes from (Alert Composer's operation). */
export const modeProperty: INodeProperties = {
	displayName: 'Mode',
	name: 'mode',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'From Email', value: 'email', description: 'A fiche alerte received by the Email Trigger (IMAP)' },
		{ name: 'From Fields', value: 'fields', description: 'One parameter per field, e.g. from an n8n Form Trigger' },
		{ name: 'From JSON', value: 'json', description: 'An incident object, e.g. from a webhook or an earlier alert' },
	],
	default: 'email',
};

/** What each mode runs. */
export const modes: Record<ComposeMode, ComposeModeActions> = { email, fields, json };

/** The fields in the editor's order: each mode's own, then those every mode shares. */
export const description: INodeProperties[] = [...email.description, ...fields.description, ...json.description, ...commonFields];
