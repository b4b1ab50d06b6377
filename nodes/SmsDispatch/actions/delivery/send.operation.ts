import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { dryRun, PROVIDER_LIMITS, type Ledger, type ProviderName } from '../../../shared/dispatch';
import { PROVIDER_OPTIONS } from './provider.properties';
import { dispatchAlerts, type SendOptions } from './send/dispatch';
import { alertStatuses, alreadySent, recipientOutcomes, summaries } from './send/outcomes';
import { readSendInput, type SendMode } from './send/recipients';
import { senderHints } from './send/senderHints';

const properties: INodeProperties[] = [
	{
		displayName: 'Secondary Provider',
		name: 'secondaryProvider',
		type: 'options',
		noDataExpression: true,
		options: [{ name: 'None', value: 'none' }, ...PROVIDER_OPTIONS],
		default: 'none',
		description: 'Takes the recipients the provider refused or could not reach after its retries',
	},
	{
		displayName: 'Input',
		name: 'inputMode',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'One Item per Recipient', value: 'recipient', description: 'Items from Sector Targeting: alertId, phone, text, sender' },
			{
				name: 'One Item per Alert',
				value: 'alert',
				description: 'Alert ID, text, sender and a list of phones; or no phones, to send to the recipients Sector Targeting stored in the ledger (its Output "One Item per Alert")',
			},
		],
		default: 'recipient',
	},
	{
		displayName: 'Alert ID',
		name: 'alertId',
		type: 'string',
		default: '={{ $json.messageId ?? $json.alertId }}',
		required: true,
		description: 'Each phone gets one SMS per ID. The default takes the message ID first, so an update or end of alert is sent to phones that already had the alert.',
	},
	{
		displayName: 'Phone',
		name: 'phone',
		type: 'string',
		default: '={{ $json.phone }}',
		description: 'E.164 mobile number, e.g. +33612345678',
		displayOptions: { show: { inputMode: ['recipient'] } },
	},
	{
		displayName: 'Recipients',
		name: 'recipientsFrom',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Phones Given or Stored', value: 'phones', description: 'The phones listed below, or those Sector Targeting stored for this alert' },
			{ name: 'Same as a Previous Alert', value: 'previousAlert', description: 'Everyone a previous alert (and its updates) reached, less numbers opted out or erased since: for an end of alert' },
		],
		default: 'phones',
		displayOptions: { show: { inputMode: ['alert'] } },
	},
	{
		displayName: 'Phones',
		name: 'phones',
		type: 'string',
		default: '={{ $json.recipients }}',
		description: 'List of E.164 numbers; leave empty to send to the recipients already stored in the ledger for this alert',
		displayOptions: { show: { inputMode: ['alert'], recipientsFrom: ['phones'] } },
	},
	{
		displayName: 'Previous Alert ID',
		name: 'previousAlertId',
		type: 'string',
		default: '={{ $json.alertId }}',
		required: true,
		description: 'The alert whose recipients get this message (AC-…). An end of alert from the Alert Composer carries it as alertId.',
		displayOptions: { show: { inputMode: ['alert'], recipientsFrom: ['previousAlert'] } },
	},
	{ displayName: 'SMS Text', name: 'text', type: 'string', default: '={{ $json.text }}', typeOptions: { rows: 3 } },
	{ displayName: 'Sender', name: 'sender', type: 'string', default: '={{ $json.sender }}', description: 'Sender ID members see: your own name, at most 11 letters and digits (e.g. CCI63); French operators block generic words (ALERTE, INFO, SMS…) and protected names (POLICE, MAIRIE…)' },
	{
		displayName: 'Dry Run',
		name: 'dryRun',
		type: 'boolean',
		default: false,
		description: 'Whether to only show what would be sent (segments, estimated cost) without calling the provider or writing the ledger',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{ displayName: 'Concurrency', name: 'concurrency', type: 'number', default: 0, description: 'Calls in flight at once; 0 = the provider default' },
			{ displayName: 'Cost per Segment (EUR)', name: 'costPerSegment', type: 'number', typeOptions: { numberPrecision: 4 }, default: -1, description: 'For the dry-run estimate; -1 = an indicative price for the provider' },
			{ displayName: 'In-Doubt Grace (Seconds)', name: 'inDoubtGraceSeconds', type: 'number', default: 60, description: 'How long an SMS handed over by a worker that died waits for its receipt before being sent again' },
			{ displayName: 'Lease (Seconds)', name: 'leaseSeconds', type: 'number', default: 30, description: 'How long a worker holds recipients without renewing; a dead worker\'s recipients are taken over after it' },
			{ displayName: 'Max Attempts', name: 'maxAttempts', type: 'number', default: 5, description: 'Calls per recipient and provider before giving up (or failing over)' },
			{
				displayName: 'One Summary per Alert',
				name: 'summaryPerAlert',
				type: 'boolean',
				default: false,
				description:
					'Whether to output one item per alert (this run\'s recipients, those already sent before, segments billed, and the ledger\'s counts and failures with masked phones) instead of one per recipient: a report needs no Code node',
			},
			{ displayName: 'Outbox File (Sandbox)', name: 'outboxPath', type: 'string', default: '', description: 'JSON-lines file of the Sandbox provider; empty = alerte-commerces-outbox.jsonl in the n8n folder' },
			{ displayName: 'Rate (SMS per Second)', name: 'rate', type: 'number', default: 0, description: 'Never more SMS than this in any one second; 0 = no limit' },
			{ displayName: 'Receipt Secret', name: 'receiptSecret', type: 'string', typeOptions: { password: true }, default: '', description: 'Key that signs each SMS\'s receipt URL (never sent itself). Leave empty to use the provider credential\'s Receipt Secret (recommended: a value here is saved in the workflow file).' },
			{ displayName: 'Receipt Webhook URL', name: 'receiptUrl', type: 'string', default: '', placeholder: 'https://n8n.example.org/webhook/sms-receipts', description: 'Public URL of the Webhook node feeding Record Delivery Receipt; empty = no receipts asked for' },
			{ displayName: 'Secondary Rate (SMS per Second)', name: 'secondaryRate', type: 'number', default: 0, description: 'Rate limit of the secondary provider; 0 = no limit' },
		],
	},
];

/** Send's fields (besides the provider). */
export const description = updateDisplayOptions({ show: { operation: ['send'] } }, properties);

/** Send: validates, enqueues in the ledger, dispatches each alert, reports one item per recipient (or per alert). */
export async function execute(this: IExecuteFunctions, ledger: Ledger): Promise<INodeExecutionData[]> {
	const mode = this.getNodeParameter('inputMode', 0) as SendMode;
	const providerName = this.getNodeParameter('provider', 0) as ProviderName;
	const secondaryName = this.getNodeParameter('secondaryProvider', 0) as ProviderName | 'none';
	const options = this.getNodeParameter('options', 0, {}) as SendOptions;
	const isDryRun = this.getNodeParameter('dryRun', 0) as boolean;
	const { accepted, alertItems, refused } = await readSendInput(this, ledger, mode);
	const out: INodeExecutionData[] = [...refused];

	senderHints(this, accepted);

	const costPerSegment = options.costPerSegment !== undefined && options.costPerSegment >= 0 ? options.costPerSegment : PROVIDER_LIMITS[providerName].costPerSegment;
	if (isDryRun) {
		const lines = await dryRun(accepted.map((a) => a.recipient), costPerSegment, ledger);
		lines.forEach((line, i) => out.push({ json: { ...line, dryRun: true, provider: providerName } as unknown as IDataObject, pairedItem: { item: accepted[i].index } }));
		return out;
	}

	const alertIds = [...new Set([...accepted.map((a) => a.recipient.alertId), ...alertItems.map((a) => a.alertId)])];
	const before = await alreadySent(ledger, alertIds, accepted);
	await ledger.enqueue(accepted.map((a) => a.recipient));
	await dispatchAlerts(this, { ledger, alertIds, providerName, secondaryName, options });

	if (mode === 'alert') return [...out, ...(await alertStatuses(ledger, alertItems))];
	out.push(...(await recipientOutcomes(ledger, accepted, before)));
	out.sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item);
	return options.summaryPerAlert ? await summaries(ledger, out) : out;
}
