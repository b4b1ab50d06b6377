import type { INodeProperties } from 'n8n-workflow';
import { PROVIDER_NAMES } from '../../shared/dispatch';

/** Dry run and the recipient guard. */
export const outputProperties: INodeProperties[] = [
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description: 'Whether to output one summary per alert (counts by rule, profession, commune; excluded members; a sample) instead of the recipients. Use it to check a rule change before saving it.',
	},
	{
		displayName: 'Output',
		name: 'output',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'One Item per Recipient', value: 'recipient', description: 'Each phone as an item: alertId, text, sender, phone, member and reasons' },
			{
				name: 'One Item per Alert (Recipients Stored)',
				value: 'alert',
				description: 'For large sends: the recipients are stored in the dispatch ledger of the registry; one item per alert with the counts. Connect SMS Dispatch with Input "One Item per Alert".',
			},
		],
		default: 'recipient',
		displayOptions: { show: { membersSource: ['registry'], dryRun: [false] } },
	},
	{
		displayName: 'Maximum Recipients',
		name: 'maxRecipients',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 5000,
		description: 'Stop with an error when an alert would reach more phones than this (0 = no limit): protects against a rule that targets the whole département by mistake',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Sample Size',
				name: 'sampleSize',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 10,
				description: 'How many recipients and excluded members the dry run lists',
			},
			{
				displayName: 'Alert Date',
				name: 'alertDate',
				type: 'dateTime',
				default: '',
				description: 'Date used for membership expiry (default: now)',
			},
			{
				displayName: 'Cost Estimate Provider',
				name: 'costProvider',
				type: 'options',
				options: PROVIDER_NAMES.map((name) => ({ name: name === 'ovh' ? 'OVHcloud' : name[0].toUpperCase() + name.slice(1), value: name })),
				default: 'ovh',
				description: "Whose indicative price per SMS segment the dry run's estimated cost uses (set it to SMS Dispatch's provider)",
			},
			{
				displayName: 'Cost per Segment (EUR)',
				name: 'costPerSegment',
				type: 'number',
				typeOptions: { numberPrecision: 4 },
				default: -1,
				description: "Price of one SMS segment for the dry run's estimated cost; -1 = the provider's indicative price",
			},
		],
	},
];
