import type { INodeProperties } from 'n8n-workflow';
import { PROVIDER_NAMES } from '../../../../shared/dispatch';
import { DEFAULT_MAX_RECIPIENTS } from '../../../../shared/targeting';

/** The Options collection's values. */
export interface TargetOptions {
	includeAlert?: boolean;
	sampleSize?: number;
	alertDate?: string;
	costProvider?: string;
	costPerSegment?: number;
	mapImageUrl?: string;
}

/** Dry run, the output mode and the recipient guard. */
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
				name: 'One Item per Alert',
				value: 'alert',
				description: 'For large sends: the recipients are stored in the dispatch ledger of the registry, and the node outputs one item per alert with the counts. Connect SMS Dispatch with Input "One Item per Alert".',
			},
		],
		default: 'recipient',
		displayOptions: { show: { membersSource: ['registry'], dryRun: [false] } },
	},
	// Version 1 stopped at 5,000 phones: a département-wide alert of a large département could not
	// be sent. Version 2's default is sized for the largest département (see DEFAULT_MAX_RECIPIENTS);
	// workflows saved with version 1 keep 5,000.
	{
		displayName: 'Maximum Recipients',
		name: 'maxRecipients',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 5000,
		description: 'Stop with an error when an alert would reach more phones than this (0 = no limit), unless a person confirmed that many (Confirmed Recipients): protects against a rule that targets the whole département by mistake',
		displayOptions: { show: { '@version': [1] } },
	},
	{
		displayName: 'Maximum Recipients',
		name: 'maxRecipients',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: DEFAULT_MAX_RECIPIENTS,
		description:
			'Above this many phones (0 = no limit) an alert is not sent until a person confirms it: the dry run says overLimit, the workflow asks (decision page or approval), and the confirmed count comes back as Confirmed Recipients. Sized for the largest département.',
		displayOptions: { show: { '@version': [{ _cnd: { gte: 2 } }] } },
	},
	{
		displayName: 'Confirmed Recipients',
		name: 'confirmedRecipients',
		type: 'number',
		typeOptions: { minValue: 0 },
		default: 0,
		description:
			'How many phones a person saw and confirmed for this alert (decision page, or approval: SMS Dispatch → Approval → Decide outputs it). An alert above Maximum Recipients is sent when it reaches no more than this; 0 = nobody confirmed.',
		displayOptions: { show: { dryRun: [false] } },
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Include the Alert',
				name: 'includeAlert',
				type: 'boolean',
				default: false,
				description:
					"Whether the dry run's summary item also carries the alert's own fields (text, sender, incident…), so it can go on to an approval or to sending without a Code node",
			},
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
			{
				displayName: 'Map Image URL',
				name: 'mapImageUrl',
				type: 'string',
				default: '',
				placeholder: 'https://n8n.example.fr/webhook/alerte-commerces/carte',
				description:
					"Dry run: the decision HTML shows the map as an image from this address, the webhook of workflow 12 (Draw Decision Map). n8n form pages and emails drop a drawing written into the page, so without it the HTML has no map.",
			},
		],
	},
];
