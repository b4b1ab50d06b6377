import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { tryComposeAlert, type AlertMsgType, type ComposeOptions } from '../shared/alert';
import {
	ficheField,
	incidentFromFields,
	parseAllowedSenders,
	parseIncidentEmail,
	type IncidentError,
	type IncidentResult,
	type MailFrom,
	type MailHeaders,
} from '../shared/incident';
import { SEGMENT_LIMITS, validateSenderId } from '../shared/sms';

type Mode = 'email' | 'fields' | 'json';

interface Settings {
	mode: Mode;
	departements: string[];
	allowedSenders: string[];
	/** The receiving server's authserv-id: when set, its DMARC/DKIM verdict is required. */
	authServId?: string;
	sharedCode?: string;
	futureToleranceMinutes?: number;
}

const FIELD_NAMES = [
	'type', 'communes', 'location', 'coordinates', 'area', 'occurredAt', 'description', 'suspects', 'instruction', 'reference', 'severity', 'code',
] as const;

/** Node configuration, checked once: a wrong setting is an error of the workflow, not of one email. */
async function readSettings(ctx: IExecuteFunctions): Promise<Settings> {
	const mode = ctx.getNodeParameter('mode', 0) as Mode;
	const departements = String(ctx.getNodeParameter('departements', 0, '') ?? '')
		.split(/[\s,;]+/)
		.map((d) => d.trim().toUpperCase())
		.filter(Boolean);
	if (departements.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No département configured', {
			description: 'Set "Départements" to the codes the scheme covers (e.g. 63), so that communes elsewhere are refused.',
		});
	}
	const allowedSenders = mode === 'email' ? parseAllowedSenders(String(ctx.getNodeParameter('allowedSenders', 0, '') ?? '')) : [];
	if (mode === 'email' && allowedSenders.length === 0) {
		throw new NodeOperationError(ctx.getNode(), 'No allowed senders configured', {
			description: 'Set "Allowed Senders" to the addresses or @domains of the operations centres (e.g. @gendarmerie.interieur.gouv.fr). Without it every email would be refused.',
		});
	}
	const invalid = allowedSenders.filter((entry) => !/^(?:[^@\s]+)?@[a-z0-9-]+(?:\.[a-z0-9-]+)+$/.test(entry));
	if (invalid.length) {
		throw new NodeOperationError(ctx.getNode(), `Invalid allowed sender: ${invalid.join(', ')}`, {
			description: 'Each entry is a full address (name@domain.fr) or a domain starting with @ (@domain.fr).',
		});
	}
	let sharedCode: string | undefined;
	if (ctx.getNodeParameter('requireCode', 0, false) === true) {
		const credential = await ctx.getCredentials('alerteCommercesSenderCode');
		sharedCode = String(credential.secret ?? '').trim();
		if (!sharedCode) {
			throw new NodeOperationError(ctx.getNode(), 'The shared code credential is empty', {
				description: 'Fill in the Alerte Commerces Sender Code credential, or turn off "Require Shared Code".',
			});
		}
	}
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	if (typeof options.sender === 'string' && options.sender.trim()) {
		const check = validateSenderId(options.sender);
		if (!check.ok) throw new NodeOperationError(ctx.getNode(), check.message, { description: 'Networks accept at most 11 letters and digits, or a phone number.' });
		// Operators may block such a sender, but an alert is never held back for it: say it in the editor.
		ctx.addExecutionHints(...check.warnings.map((warning) => ({ message: warning.message, type: 'warning' as const, location: 'outputPane' as const })));
	}
	const tolerance = options.futureToleranceMinutes;
	const authServId = mode === 'email' ? String(ctx.getNodeParameter('authServId', 0, '') ?? '').trim() : '';
	if (/[\s;()"]/.test(authServId)) {
		throw new NodeOperationError(ctx.getNode(), `Invalid Authentication Server ID: ${authServId}`, {
			description: 'Write the name the mail server puts first in its Authentication-Results header (e.g. mx.cci63.fr), without spaces or ";".',
		});
	}
	return {
		mode,
		departements,
		allowedSenders,
		authServId: authServId || undefined,
		sharedCode,
		futureToleranceMinutes: typeof tolerance === 'number' ? tolerance : undefined,
	};
}

/** The Email Trigger gives `from` as a string, a mailparser object, or a one-element array: keep what the parser reads. */
function mailFrom(value: unknown): MailFrom {
	if (Array.isArray(value)) return value.length === 1 ? mailFrom(value[0]) : value.map(String).join(', ');
	if (typeof value === 'string') return value;
	if (value && typeof value === 'object') return value as MailFrom;
	return undefined;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** The email's headers as an object (the trigger's `metadata` or `headers`), also when an expression gave them as JSON text. */
function mailHeaders(value: unknown): MailHeaders | undefined {
	if (typeof value === 'string' && value.trim().startsWith('{')) {
		try {
			return mailHeaders(JSON.parse(value));
		} catch {
			return undefined;
		}
	}
	return value && typeof value === 'object' ? (value as MailHeaders) : undefined;
}

/** Parses one item into an incident, with a summary of the input for the refused output (never the code). */
function parseItem(ctx: IExecuteFunctions, index: number, settings: Settings): { result: IncidentResult; input: IDataObject; sent?: string } {
	const validation = { departements: settings.departements, sharedCode: settings.sharedCode, futureToleranceMinutes: settings.futureToleranceMinutes };
	if (settings.mode === 'email') {
		const from = mailFrom(ctx.getNodeParameter('from', index, ''));
		const subject = text(ctx.getNodeParameter('subject', index, ''));
		const date = text(ctx.getNodeParameter('date', index, ''));
		const headers = mailHeaders(ctx.getNodeParameter('headers', index, undefined));
		const result = parseIncidentEmail(
			{ from, subject, text: text(ctx.getNodeParameter('text', index, '')), html: text(ctx.getNodeParameter('html', index, '')), date, headers },
			{ ...validation, allowedSenders: settings.allowedSenders, authServId: settings.authServId },
		);
		const fromText = typeof from === 'string' ? from : (from?.text ?? '');
		return { result, input: { mode: 'email', from: fromText, subject: subject ?? '', date: date ?? '' }, sent: date };
	}
	let fields: IDataObject;
	if (settings.mode === 'fields') {
		fields = { issuer: ctx.getNodeParameter('issuer', index, 'formulaire') };
		for (const name of FIELD_NAMES) fields[name] = ctx.getNodeParameter(name, index, '');
	} else {
		const raw = ctx.getNodeParameter('incidentJson', index, {});
		let parsed: unknown = raw;
		if (typeof raw === 'string') {
			try {
				parsed = JSON.parse(raw);
			} catch {
				return { result: { ok: false, errors: [{ field: 'input', message: 'The incident is not valid JSON' }] }, input: { mode: 'json' } };
			}
		}
		if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
			return { result: { ok: false, errors: [{ field: 'input', message: 'The incident must be a JSON object' }] }, input: { mode: 'json' } };
		}
		fields = parsed as IDataObject;
	}
	const result = incidentFromFields(fields, { ...validation, issuer: 'formulaire' });
	const shown = Object.fromEntries(Object.entries(fields).filter(([key]) => ficheField(key) !== 'code'));
	return { result, input: { mode: settings.mode, ...shown } };
}

function refused(errors: IncidentError[], input: IDataObject, index: number): INodeExecutionData {
	return {
		json: { refused: true, reasons: errors.map((e) => e.message).join('\n'), errors: errors as unknown as IDataObject[], input },
		pairedItem: { item: index },
	};
}

/** Routes every input item to output 0 (alert) or 1 (refused, with every reason). */
export async function composeItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const settings = await readSettings(ctx);
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const msgType = ctx.getNodeParameter('msgType', 0, 'Alert') as AlertMsgType;
	const alerts: INodeExecutionData[] = [];
	const refusals: INodeExecutionData[] = [];
	const items = ctx.getInputData();
	for (let index = 0; index < items.length; index++) {
		try {
			const { result, input, sent } = parseItem(ctx, index, settings);
			if (!result.ok) {
				refusals.push(refused(result.errors, input, index));
				continue;
			}
			const compose: ComposeOptions = {
				maxSegments: typeof options.maxSegments === 'number' ? options.maxSegments : undefined,
				label: text(options.label),
				sender: text(options.sender),
				unicode: options.unicode === true,
				exercise: options.exercise === true,
				instruction: text(options.instruction),
				endNote: text(options.endNote),
				msgType,
				references: msgType === 'Alert' ? undefined : text(ctx.getNodeParameter('references', index, '')),
				// The email's own date makes a re-delivered email give the very same CAP document.
				sent: sent && !Number.isNaN(Date.parse(sent)) && Date.parse(sent) <= Date.now() ? sent : undefined,
			};
			const composed = tryComposeAlert(result.incident, compose);
			if (!composed.ok) {
				refusals.push(refused(composed.errors, input, index));
				continue;
			}
			const { cap, ...alert } = composed.alert;
			const limits = SEGMENT_LIMITS[alert.encoding];
			const capacity = alert.segments > 1 ? alert.segments * limits.multi : limits.single;
			const shortened = alert.dropped.length ? `, shortened: ${alert.dropped.join(', ')}` : '';
			const preview = `${alert.segments} SMS ${alert.encoding} (${alert.units}/${capacity})${shortened}: ${alert.text}`;
			alerts.push({
				json: {
					...alert,
					preview,
					incident: result.incident as unknown as IDataObject,
					...(result.warnings.length ? { warnings: result.warnings as unknown as IDataObject[] } : {}),
					cap,
				},
				pairedItem: { item: index },
			});
		} catch (error) {
			if (!ctx.continueOnFail()) {
				throw new NodeOperationError(ctx.getNode(), error instanceof Error ? error : String(error), {
					itemIndex: index,
					description: 'An unexpected error while composing this alert; the item was not sent.',
				});
			}
			// Unexpected errors go to the review output, never towards SMS dispatch.
			refusals.push(refused([{ field: 'node', message: error instanceof Error ? error.message : String(error) }], {}, index));
		}
	}
	return [alerts, refusals];
}
