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
		displayName: 'Authentication Server ID',
		name: 'authServId',
		type: 'string',
		default: '',
		placeholder: 'mx.cci63.fr',
		description:
			'The name your receiving mail server writes at the start of its Authentication-Results header (its authserv-id, often its host name). When set, an email is accepted only if that server says dmarc=pass for the sender\'s domain, or dkim=pass for an aligned domain: a forged From is then refused. Results written by any other server are ignored. Leave empty only if your server adds no such header (see docs/intake-security.md).',
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
		displayName: 'Headers',
		name: 'headers',
		type: 'json',
		default: '={{ $json.headers ?? $json.metadata }}',
		description:
			'The email\'s headers (the Email Trigger gives them as "metadata" in its Simple format, as "headers" in Resolved): read for the From header and the mail server\'s Authentication-Results',
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
