import { mkdtempSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { SmsDispatch } from '../../nodes/SmsDispatch/SmsDispatch.node';
import { twilioSignature } from '../../nodes/shared/dispatch';
import { closeSharedDbs, openRegistry } from '../../nodes/shared/registry';
import { CONFIRMATION_TEXTS, replyUrlSignature } from '../../nodes/shared/replies';
import { adherent } from '../support/adherents';
import { connect, itemsNode, runWorkflow } from '../support/n8n-harness';

const WEBHOOK_URL = 'https://n8n.example.org/webhook/alerte-commerces/reponses';
const OUR_NUMBER = '+33644630000';
const MEMBER = '+33610000001';
const OTHER_MEMBER = '+33610000002';
const TWILIO = { accountSid: 'AC0123456789', authToken: 'twilio-test-token' };
const KANNEL_SECRET = 'kannel-reply-secret-0123456789abcdef';

/** A loopback Twilio Messages API: records what the node sends. */
let twilioApi: http.Server;
let sentByTwilio: Array<Record<string, string>>;
let twilioBaseUrl: string;
beforeAll(async () => {
	twilioApi = http.createServer((req, res) => {
		let body = '';
		req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
		req.on('end', () => {
			sentByTwilio.push(Object.fromEntries(new URLSearchParams(body)));
			res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ sid: `SM${sentByTwilio.length}` }));
		});
	});
	await new Promise<void>((resolve) => twilioApi.listen(0, '127.0.0.1', resolve));
	twilioBaseUrl = `http://127.0.0.1:${(twilioApi.address() as { port: number }).port}`;
});
afterAll(async () => {
	await closeSharedDbs();
	await new Promise<void>((resolve) => twilioApi.close(() => resolve()));
});

let registry: { storage: 'embedded'; path: string };
let outboxPath: string;
beforeEach(async () => {
	sentByTwilio = [];
	const dir = mkdtempSync(join(process.env.ALERTE_TEST_ROOT ?? tmpdir(), 'incoming-sms-node-'));
	registry = { storage: 'embedded', path: join(dir, 'registry.sqlite') };
	outboxPath = join(dir, 'outbox.jsonl');
	const store = await openRegistry({ kind: 'embedded', path: registry.path });
	await store.upsertMany([adherent(1), adherent(2)]);
	await store.close();
});

/** The Webhook node's item for a Twilio incoming message, signed as Twilio signs (or not). */
function twilioCall(from: string, body: string, token = TWILIO.authToken): IDataObject {
	const form = { AccountSid: TWILIO.accountSid, MessageSid: `SM${Math.random().toString(16).slice(2)}`, From: from, To: OUR_NUMBER, Body: body };
	return { headers: { 'x-twilio-signature': twilioSignature(token, WEBHOOK_URL, form) }, params: {}, query: {}, body: form, webhookUrl: WEBHOOK_URL };
}

/** Items → SMS Dispatch with the given parameters. */
async function dispatch(parameters: IDataObject, items: IDataObject[], continueOnFail = false) {
	return runWorkflow({
		nodes: [
			itemsNode(items),
			{
				name: 'SMS',
				type: 'smsDispatch',
				typeVersion: 1,
				position: [200, 0],
				parameters: { resource: 'delivery', ...parameters },
				credentials: {
					alerteCommercesRegistry: { id: '1', name: 'Registry' },
					alerteCommercesTwilioApi: { id: '2', name: 'Twilio' },
					alerteCommercesKannelApi: { id: '3', name: 'Kannel' },
				},
				continueOnFail,
			},
		],
		connections: connect('Items', 'SMS'),
		nodeTypes: { smsDispatch: new SmsDispatch() },
		credentials: {
			alerteCommercesRegistry: registry,
			alerteCommercesTwilioApi: { ...TWILIO, baseUrl: twilioBaseUrl },
			alerteCommercesKannelApi: { baseUrl: 'http://127.0.0.1:9', username: 'alerte', password: 'unused', receiptSecret: KANNEL_SECRET },
		},
	});
}

const incoming = (items: IDataObject[], provider = 'twilio', extra: IDataObject = {}) => dispatch({ operation: 'recordIncoming', provider, ...extra }, items);

async function optedOut(): Promise<string[]> {
	const store = await openRegistry({ kind: 'embedded', path: registry.path });
	try {
		return (await store.search({})).adherents.flatMap((a) => a.optOuts.map((o) => o.phone));
	} finally {
		await store.close();
	}
}

describe('SMS Dispatch: Record Incoming SMS', () => {
	test('STOP opts the phone out and is answered once: a second STOP the same day gets no second answer', async () => {
		const first = await incoming([twilioCall(MEMBER, 'Stop')]);
		expect(first.error).toBeUndefined();
		expect(first.output('SMS')).toEqual([
			{
				json: { action: 'optOut', phone: '+336••••••01', reason: expect.stringMatching(/^STOP : alertes arrêtées .* confirmation envoyée$/), answered: true, provider: 'twilio' },
				pairedItem: { item: 0 },
			},
		]);
		expect(await optedOut()).toEqual([MEMBER]);
		// Answered from the number the member wrote to.
		expect(sentByTwilio).toEqual([expect.objectContaining({ To: MEMBER, From: OUR_NUMBER, Body: CONFIRMATION_TEXTS.optOut })]);

		const again = await incoming([twilioCall(MEMBER, 'ARRÊT')]);
		expect(again.output('SMS')[0].json).toMatchObject({ action: 'optOut', answered: false, reason: expect.stringContaining('déjà envoyée aujourd’hui') });
		expect(sentByTwilio).toHaveLength(1);
		expect(JSON.stringify(first.output('SMS')) + JSON.stringify(again.output('SMS'))).not.toContain(MEMBER);
	});

	test('START resumes the alerts, and is confirmed', async () => {
		await incoming([twilioCall(MEMBER, 'STOP')]);
		const resumed = await incoming([twilioCall(MEMBER, 'start')]);
		expect(resumed.output('SMS')[0].json).toMatchObject({ action: 'optIn', answered: true, reason: expect.stringMatching(/^START : alertes reprises/) });
		expect(await optedOut()).toEqual([]);
		expect(sentByTwilio.map((m) => m.Body)).toEqual([CONFIRMATION_TEXTS.optOut, CONFIRMATION_TEXTS.optIn]);
	});

	test('an unknown number is logged for the CCI, never acted on nor answered', async () => {
		const result = await incoming([twilioCall('+33699999999', 'STOP')]);
		expect(result.output('SMS')[0].json).toEqual({ action: 'ignored', phone: '+336••••••99', reason: 'numéro inconnu du registre', answered: false, text: 'STOP', provider: 'twilio' });
		expect(sentByTwilio).toEqual([]);
		expect(await optedOut()).toEqual([]);
	});

	test('a member’s other text is passed on to the CCI and changes nothing', async () => {
		const result = await incoming([twilioCall(MEMBER, 'Merci, nous avons fermé la boutique.')]);
		expect(result.output('SMS')[0].json).toMatchObject({ action: 'ignored', answered: false, text: 'Merci, nous avons fermé la boutique.' });
		expect(sentByTwilio).toEqual([]);
		expect(await optedOut()).toEqual([]);
	});

	test('a forged Twilio webhook is refused and changes nothing', async () => {
		const forged = twilioCall(MEMBER, 'STOP', 'guessed-token');
		const tampered = { ...twilioCall(MEMBER, 'START'), body: { ...(twilioCall(MEMBER, 'START').body as IDataObject), From: OTHER_MEMBER } };
		const result = await incoming([forged, tampered]);
		expect(result.output('SMS').map((i) => i.json)).toEqual([
			{ action: 'refused', phone: null, reason: expect.stringContaining('X-Twilio-Signature does not match'), answered: false, provider: 'twilio' },
			{ action: 'refused', phone: null, reason: expect.stringContaining('X-Twilio-Signature does not match'), answered: false, provider: 'twilio' },
		]);
		expect(sentByTwilio).toEqual([]);
		expect(await optedOut()).toEqual([]);
	});

	test('Kannel: a STOP on the signed get-url opts out; without the signature it is refused', async () => {
		const sig = replyUrlSignature(KANNEL_SECRET, 'kannel');
		const call = (query: IDataObject): IDataObject => ({ headers: {}, params: {}, query, body: {}, webhookUrl: WEBHOOK_URL });
		const result = await incoming(
			[call({ provider: 'kannel', from: '0033610000002', to: OUR_NUMBER, text: 'STOP SMS' }), call({ provider: 'kannel', sig, from: '0033610000002', to: OUR_NUMBER, text: 'STOP SMS' })],
			'kannel',
			{ sendConfirmation: false },
		);
		expect(result.output('SMS').map((i) => [i.json.action, i.json.answered])).toEqual([
			['refused', false],
			['optOut', false],
		]);
		expect(await optedOut()).toEqual([OTHER_MEMBER]);
	});

	test('the end of an alert skips a phone that replied STOP since', async () => {
		const alert = { alertId: 'AC-REPLY', text: 'Faux billets à Issoire.', sender: 'CCI63', recipients: [MEMBER, OTHER_MEMBER] };
		const options = { outboxPath };
		await dispatch({ operation: 'send', provider: 'sandbox', inputMode: 'alert', options }, [alert]);
		await incoming([twilioCall(MEMBER, 'STOP')]);
		const end = await dispatch({ operation: 'send', provider: 'sandbox', inputMode: 'alert', recipientsFrom: 'previousAlert', options }, [
			{ alertId: 'AC-REPLY', messageId: 'AC-REPLY-FIN', text: 'Fin de l’alerte.', sender: 'CCI63' },
		]);
		expect(end.error).toBeUndefined();
		const outbox = readFileSync(outboxPath, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { to: string; text: string });
		expect(outbox.filter((m) => m.text === 'Fin de l’alerte.').map((m) => m.to)).toEqual([OTHER_MEMBER]);
	});

	test('a provider that cannot pass replies on stops with an explained error', async () => {
		const result = await incoming([{}], 'sandbox');
		expect(result.error?.message).toMatch(/sandbox cannot pass on the SMS members send/);
		expect((result.error as { description?: string }).description).toMatch(/alphanumeric sender/);
	});
});
