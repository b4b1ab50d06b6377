import type { INodeProperties } from 'n8n-workflow';
import { ADHERENT_STATUSES } from '../../../shared/registry';
import { showFor } from '../../helpers/showFor';

/** Fields several Adherent operations share; Adherent.resource.ts places them among the operations' own. */

export const STATUS_OPTIONS = ADHERENT_STATUSES.map((s) => ({
	name: { active: 'Active', suspended: 'Suspended', pending: 'Pending (Awaiting Confirmation)' }[s],
	value: s,
}));

/** Upsert and Import: where the member is in the item. */
export const memberSourceFields: INodeProperties[] = [
	{
		displayName:
			'Each input item is one member. Column names of the CCI export are recognised (siret, raison_sociale, code_naf or ape, telephone, code_postal, commune, code_insee…).',
		name: 'mappingNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor('adherent', 'upsert', 'import'),
	},
	{
		displayName: 'Member Field',
		name: 'memberField',
		type: 'string',
		default: '',
		placeholder: 'member',
		description: 'Name of the item field that holds the member; leave empty to use the whole item',
		displayOptions: showFor('adherent', 'upsert', 'import'),
	},
];

/** Upsert and Import: what the node sets on every member it stores. */
export const writeOptionsField: INodeProperties = {
	displayName: 'Options',
	name: 'writeOptions',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	displayOptions: showFor('adherent', 'upsert', 'import'),
	options: [
		{
			displayName: 'Force Status',
			name: 'status',
			type: 'options',
			options: STATUS_OPTIONS,
			default: 'pending',
			description: 'Store every member with this status (e.g. Pending for a sign-up form)',
		},
		{
			displayName: 'Consent Given Now',
			name: 'consentNow',
			type: 'boolean',
			default: false,
			description: 'Whether to record the current time as the consent date when the item has none (a sign-up form with a consent box)',
		},
	],
};

/** Every operation on one member. */
export const siretField: INodeProperties = {
	displayName: 'SIRET',
	name: 'siret',
	type: 'string',
	required: true,
	default: '',
	placeholder: '732 829 320 00074',
	displayOptions: showFor('adherent', 'get', 'erase', 'setStatus', 'pause', 'resume', 'addPhone', 'setCommune', 'requestRenewal', 'report'),
};

/** Opt Out and Opt In: the number, whichever members have it. */
export const phoneField: INodeProperties = {
	displayName: 'Phone Number',
	name: 'phone',
	type: 'string',
	required: true,
	default: '',
	placeholder: '06 12 34 56 78',
	displayOptions: showFor('adherent', 'optOut', 'optIn'),
};

/** The journaled changes a member or the CCI makes (Erase has its own, optional). */
export const changeSourceField: INodeProperties = {
	displayName: 'Change Source',
	name: 'changeSource',
	type: 'string',
	required: true,
	default: 'CCI',
	placeholder: 'Mon adhésion',
	description: 'Who makes the change, recorded with its time in the change journal (e.g. "Mon adhésion", "CCI")',
	displayOptions: showFor('adherent', 'pause', 'resume', 'addPhone', 'setCommune', 'requestRenewal'),
};
