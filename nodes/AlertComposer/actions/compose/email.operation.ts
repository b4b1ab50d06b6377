import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeProperties } from 'n8n-workflow';
import { parseAllowedSenders, parseIncidentEmail } from '../../../shared/incident';
import type { SenderSettings, Settings } from '../../helpers/settings';
import { optionalText } from '../../helpers/text';
import type { ItemIncident } from '../node.type';
import { mailFrom, mailHeaders } from './mail';

const properties: INodeProperties[] = [
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
	},
	{
		displayName: 'Authentication Server ID',
		name: 'authServId',
		type: 'string',
		default: '',
		placeholder: 'mx.cci63.fr',
		description:
			'The name your receiving mail server writes at the start of its Authentication-Results header (its authserv-id, often its host name). When set, an email is accepted only if that server says dmarc=pass for the sender\'s domain, or dkim=pass for an aligned domain: a forged From is then refused. Results written by any other server are ignored. Leave empty only if your server adds no such header (see docs/intake-security.md).',
	},
	{
		displayName: 'From',
		name: 'from',
		type: 'string',
		default: '={{ $json.from }}',
		description: 'The sender of the email (the Email Trigger gives it as "from")',
	},
	{
		displayName: 'Headers',
		name: 'headers',
		type: 'json',
		default: '={{ $json.headers ?? $json.metadata }}',
		description:
			'The email\'s headers (the Email Trigger gives them as "metadata" in its Simple format, as "headers" in Resolved): read for the From header and the mail server\'s Authentication-Results',
	},
	{
		displayName: 'Subject',
		name: 'subject',
		type: 'string',
		default: '={{ $json.subject }}',
	},
	{
		displayName: 'Text',
		name: 'text',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '={{ $json.text ?? $json.textPlain }}',
		description: 'Plain-text body of the email',
	},
	{
		displayName: 'HTML',
		name: 'html',
		type: 'string',
		typeOptions: { rows: 4 },
		default: '={{ $json.html ?? $json.textHtml }}',
		description: 'HTML body, read when the plain-text body has no fiche',
	},
	{
		displayName: 'Date',
		name: 'date',
		type: 'string',
		default: '={{ $json.date }}',
		description: "When the email was sent: \"aujourd'hui\" and \"hier\" in the fiche are read from it",
	},
];

/** From Email: who may send, and the fields of n8n's Email Trigger (IMAP), mapped by default. */
export const description = updateDisplayOptions({ show: { mode: ['email'] } }, properties);

/** Who may send alerts, checked once: without it every email would be refused. */
export function readSettings(this: IExecuteFunctions): SenderSettings {
	const allowedSenders = parseAllowedSenders(String(this.getNodeParameter('allowedSenders', 0, '') ?? ''));
	if (allowedSenders.length === 0) {
		throw new NodeOperationError(this.getNode(), 'No allowed senders configured', {
			description: 'Set "Allowed Senders" to the addresses or @domains of the operations centres (e.g. @gendarmerie.interieur.gouv.fr). Without it every email would be refused.',
		});
	}
	const invalid = allowedSenders.filter((entry) => !/^(?:[^@\s]+)?@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(entry));
	if (invalid.length) {
		throw new NodeOperationError(this.getNode(), `Invalid allowed sender: ${invalid.join(', ')}`, {
			description: 'Each entry is a full address (name@domain.fr) or a domain starting with @ (@domain.fr).',
		});
	}
	const authServId = String(this.getNodeParameter('authServId', 0, '') ?? '').trim();
	if (/[\s;()"]/.test(authServId)) {
		throw new NodeOperationError(this.getNode(), `Invalid Authentication Server ID: ${authServId}`, {
			description: 'Write the name the mail server puts first in its Authentication-Results header (e.g. mx.cci63.fr), without spaces or ";".',
		});
	}
	return { allowedSenders, authServId: authServId || undefined };
}

/** The incident of one email: its sender checked, its fiche read. */
export function read(this: IExecuteFunctions, index: number, settings: Settings): ItemIncident {
	const from = mailFrom(this.getNodeParameter('from', index, ''));
	const subject = optionalText(this.getNodeParameter('subject', index, ''));
	const date = optionalText(this.getNodeParameter('date', index, ''));
	const headers = mailHeaders(this.getNodeParameter('headers', index, undefined));
	const result = parseIncidentEmail(
		{ from, subject, text: optionalText(this.getNodeParameter('text', index, '')), html: optionalText(this.getNodeParameter('html', index, '')), date, headers },
		{ ...settings.validation, allowedSenders: settings.allowedSenders, authServId: settings.authServId },
	);
	const fromText = typeof from === 'string' ? from : (from?.text ?? '');
	return { result, input: { mode: 'email', from: fromText, subject: subject ?? '', date: date ?? '' }, sent: date };
}
