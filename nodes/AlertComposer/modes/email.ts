import type { INodeProperties } from 'n8n-workflow';

const show = { show: { mode: ['email'] } };

/** From Email: the fields of n8n's Email Trigger (IMAP), mapped by default. */
export const emailFields: INodeProperties[] = [
	{
		displayName: 'Allowed Senders',
		name: 'allowedSenders',
		type: 'string',
		typeOptions: { rows: 3 },
		default: '',
		required: true,
		placeholder: '@gendarmerie.interieur.gouv.fr, sic-ddsp63@interieur.gouv.fr',
		description:
			'Addresses and @domains allowed to send alerts, separated by commas or new lines. A domain matches exactly (no sub-domains); the display name never counts.',
		displayOptions: show,
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		default: '={{ $json.from }}',
		description: 'The sender of the email (the Email Trigger gives it as "from")',
		displayOptions: show,
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '={{ $json.subject }}',
		displayOptions: show,
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '={{ $json.text ?? $json.textPlain }}',
		description: 'Plain-text body of the email',
		displayOptions: show,
	},
	{
		displayName: 'HTML',
		name: 'html',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '={{ $json.html ?? $json.textHtml }}',
		description: 'HTML body, read when the plain-text body has no fiche',
		displayOptions: show,
	},
	{
		displayName: 'Date',
		name: 'date',
		type: 'string',
		default: '={{ $json.date }}',
		description: "When the email was sent: \"aujourd'hui\" and \"hier\" in the fiche are read from it",
		displayOptions: show,
	},
];
