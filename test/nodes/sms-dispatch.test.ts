import { mkdtempSync, readFileSync } from 'node:fs';
import * as http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { SmsDispatch } from '../../nodes/SmsDispatch/SmsDispatch.node';
import { closeSharedDbs } from '../../nodes/shared/registry';
import { KannelGateway, kannelInstalled, waitUntil } from '../support/kannel';
import { connect, itemsNode, runWorkflow } from '../support/n8n-harness';

// Each test gets its own registry file and outbox: no test depends on what another one sent.
let registry: { storage: 'embedded'; path: string };
let outboxPath: string;
beforeEach(() => {
	const dir = mkdtempSync(join(process.env.ALERTE_TEST_ROOT ?? tmpdir(), 'sms-dispatch-node-'));
	registry = { storage: 'embedded', path: join(dir, 'registry.sqlite') };
	outboxPath = join(dir, 'outbox.jsonl');
});

/** Items → SMS Dispatch with the given parameters. */
async function dispatch(parameters: IDataObject, items: IDataObject[], credentials: Record<string, IDataObject> = {}, continueOnFail = false) {
	const credentialRefs: Record<string, { id: string; name: string }> = { alerteCommercesRegistry: { id: '1', name: 'Registry' } };
	for (const name of Object.keys(credentials)) credentialRefs[name] = { id: name, name };
	return runWorkflow({
		nodes: [
			itemsNode(items),
			{ name: 'SMS', type: 'smsDispatch', typeVersion: 1, position: [200, 0], parameters: { resource: 'delivery', ...parameters }, credentials: credentialRefs, continueOnFail },
		],
		connections: connect('Items', 'SMS'),
		nodeTypes: { smsDispatch: new SmsDispatch() },
		credentials: { alerteCommercesRegistry: registry, ...credentials },
	});
}

const recipient = (n: number, extra: IDataObject = {}): IDataObject => ({
	alertId: 'ALERT-1',
	phone: `+3361234560${n}`,
	text: 'Faux billets à Issoire. Ne pas intervenir, ne pas transférer SMS.',
	sender: 'CCI63',
	...extra,
});

afterAll(closeSharedDbs);

describe('SMS Dispatch node in the n8n engine', () => {
	test('Send with a sender French operators block: sent all the same, and the editor says why, once per sender', async () => {
		const options = { outboxPath };
		const items = [recipient(1, { alertId: 'ALERT-HINT', sender: 'ALERTE63' }), recipient(2, { alertId: 'ALERT-HINT', sender: 'ALERTE63' })];
		const result = await dispatch({ operation: 'send', provider: 'sandbox', options }, items);
		expect(result.output('SMS').map((i) => i.json.status)).toEqual(['delivered', 'delivered']);
		const hints = result.run.data.resultData.runData.SMS[0].hints ?? [];
		expect(hints).toEqual([{ message: expect.stringContaining('generic word (ALERTE)'), type: 'warning', location: 'outputPane' }]);
		const clean = await dispatch({ operation: 'send', provider: 'sandbox', options }, [recipient(3, { alertId: 'ALERT-HINT' })]);
		expect(clean.run.data.resultData.runData.SMS[0].hints ?? []).toEqual([]);
	});

	test('Send through the sandbox: one item per recipient, paired, invalid ones reported; a re-run sends nothing', async () => {
		const items = [recipient(1), recipient(2), recipient(3, { phone: '06 12' }), recipient(4)];
		const params = { operation: 'send', provider: 'sandbox', options: { outboxPath } };
		const first = await dispatch(params, items, {}, true);
		expect(first.error).toBeUndefined();
		const out = first.output('SMS');
		expect(out.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }, { item: 3 }]);
		expect(out[0].json).toMatchObject({ alertId: 'ALERT-1', phone: '+33612345601', status: 'delivered', provider: 'sandbox', skipped: false, segments: 1 });
		expect(out[2].json.error).toMatch(/Recipient not valid/);
		expect(String(out[2].json.error)).not.toContain('06 12');
		expect(readFileSync(outboxPath, 'utf8').trim().split('\n')).toHaveLength(3);

		const again = await dispatch(params, items, {}, true);
		expect(again.output('SMS').filter((i) => i.json.skipped === true)).toHaveLength(3);
		expect(readFileSync(outboxPath, 'utf8').trim().split('\n')).toHaveLength(3);
	});

	test('an invalid recipient without Continue On Fail stops with an explained error', async () => {
		const result = await dispatch({ operation: 'send', provider: 'sandbox', options: { outboxPath } }, [recipient(5, { sender: 'Chambre de Commerce' })]);
		expect(result.error?.message).toMatch(/Recipient not valid/);
		expect((result.error as { description?: string }).description).toMatch(/sender of at most 11/);
	});

	test('Dry run: segments and estimated cost, nothing written', async () => {
		const long = 'Vol à main armée – bijouterie rue Gambetta. Fermez, ne pas intervenir. '.repeat(2);
		const result = await dispatch({ operation: 'send', provider: 'ovh', dryRun: true, options: { costPerSegment: 0.05 } }, [recipient(6, { alertId: 'DRY', text: long })], {
			alerteCommercesOvhApi: { endpoint: 'http://127.0.0.1:9', applicationKey: 'a', applicationSecret: 'b', consumerKey: 'c', serviceName: 'sms-x' },
		});
		expect(result.error).toBeUndefined();
		expect(result.output('SMS')[0].json).toMatchObject({ dryRun: true, wouldSend: true, encoding: 'UCS-2', segments: 3, estimatedCost: 0.15 });
		const status = await dispatch({ operation: 'alertStatus', statusAlertId: 'DRY' }, [{}], {}, true);
		expect(status.output('SMS')[0].json.error).toMatch(/No SMS recorded/);
	});

	test('Input "One Item per Alert": one item per alert with its phones, one status item out', async () => {
		const result = await dispatch({ operation: 'send', provider: 'sandbox', inputMode: 'alert', options: { outboxPath } }, [
			{ alertId: 'ALERT-C', text: 'Escroquerie aux faux billets.', sender: 'CCI63', recipients: ['+33698765401', '+33698765402'] },
		]);
		expect(result.error).toBeUndefined();
		expect(result.output('SMS')).toHaveLength(1);
		expect(result.output('SMS')[0].json).toMatchObject({ alertId: 'ALERT-C', total: 2, counts: { delivered: 2 } });
	});

	(kannelInstalled() ? test : test.skip)('Kannel: Send, then Record Delivery Receipt from the Webhook shape, then Alert Status', async () => {
		const gateway = await KannelGateway.start();
		const calls: IDataObject[] = [];
		const hook = http.createServer((req, res) => {
			const url = new URL(req.url ?? '/', 'http://127.0.0.1');
			// What n8n's Webhook node would output for this call.
			calls.push({ headers: req.headers as IDataObject, params: {}, query: Object.fromEntries(url.searchParams), body: {}, webhookUrl: `${receiptBase}${url.pathname}` });
			res.writeHead(200).end();
		});
		await new Promise<void>((resolve) => hook.listen(0, '127.0.0.1', resolve));
		const receiptBase = `http://127.0.0.1:${(hook.address() as { port: number }).port}`;
		try {
			// The receipt secret lives in the credential: no workflow file carries it.
			const kannel = { alerteCommercesKannelApi: { baseUrl: gateway.baseUrl, username: gateway.username, password: gateway.password, receiptSecret: 'hook-secret' } };
			const items = [1, 2, 3].map((n) => recipient(n, { alertId: 'ALERT-K' }));
			const sent = await dispatch({ operation: 'send', provider: 'kannel', options: { receiptUrl: `${receiptBase}/webhook/sms` } }, items, kannel);
			expect(sent.error).toBeUndefined();
			expect(sent.output('SMS').map((i) => i.json.status)).toEqual(['sent', 'sent', 'sent']);
			await waitUntil(() => calls.filter((c) => (c.query as IDataObject).type === '1').length >= 3, 15_000, 'Kannel delivery callbacks');
			expect(gateway.messages().map((m) => m.to).sort()).toEqual(['+33612345601', '+33612345602', '+33612345603']);

			// The signature of another message: a URL seen in a log forges nothing for the others.
			const forged = { ...calls[0], query: { ...(calls[0].query as IDataObject), sig: (calls.find((c) => (c.query as IDataObject).ref !== (calls[0].query as IDataObject).ref)?.query as IDataObject).sig, type: '2' } };
			const recorded = await dispatch({ operation: 'recordReceipt', provider: 'kannel' }, [...calls, forged], kannel);
			expect(recorded.error).toBeUndefined();
			const out = recorded.output('SMS');
			expect(out.at(-1)?.json).toEqual({ accepted: false, reason: expect.stringContaining('signature does not match this message') });
			expect(out.filter((i) => i.json.accepted === true && i.json.status === 'delivered').length).toBeGreaterThanOrEqual(3);

			// Each dlr-url carries its own message's signature, never the secret.
			expect(calls.every((c) => typeof (c.query as IDataObject).sig === 'string' && (c.query as IDataObject).s === undefined)).toBe(true);
			expect(JSON.stringify(calls)).not.toContain('hook-secret');
			// A node option overrides the credential (workflows made before it had the secret).
			const overridden = await dispatch({ operation: 'recordReceipt', provider: 'kannel', receiptSecret: 'older-secret' }, [calls[0]], kannel);
			expect(overridden.output('SMS')[0].json).toEqual({ accepted: false, reason: expect.stringContaining('signature does not match this message') });

			const status = await dispatch({ operation: 'alertStatus', statusAlertId: 'ALERT-K' }, [{}]);
			expect(status.output('SMS')[0].json).toMatchObject({ alertId: 'ALERT-K', total: 3, counts: { delivered: 3, failed: 0 } });
		} finally {
			await new Promise<void>((resolve) => hook.close(() => resolve()));
			await gateway.close();
		}
	});
});

describe('SMS Dispatch → Approval in the n8n engine', () => {
	const alert = { alertId: 'AC-APPROVE', messageId: 'AC-APPROVE', text: 'Faux billets à Issoire. Ne pas intervenir.', sender: 'CCI63', decision: { messages: 4 }, decisionHtml: '<b>Destinataires : 4</b>' };
	const page = 'https://n8n.cci63.example/form/alerte-commerces/validation';

	test('Request gives a link; Check shows the summary; Decide records the approver once; Alert Status shows who and when', async () => {
		const requested = await dispatch({ resource: 'approval', operation: 'request', approvalPageUrl: page, approvalMinutes: 30 }, [alert]);
		expect(requested.error).toBeUndefined();
		const asked = requested.output('SMS')[0].json as IDataObject & { approval: IDataObject };
		expect(asked.approval).toMatchObject({ reason: 'required', validityMinutes: 30, url: expect.stringMatching(/^https:\/\/n8n\.cci63\.example\/form\/alerte-commerces\/validation\?jeton=[A-Za-z0-9_-]{32}$/) });
		const jeton = new URL(String(asked.approval.url)).searchParams.get('jeton');

		const checked = await dispatch({ resource: 'approval', operation: 'check' }, [{ jeton }]);
		expect(checked.output('SMS')[0].json).toMatchObject({ approvalState: 'open', alertId: 'AC-APPROVE', recipients: 4, decisionHtml: '<b>Destinataires : 4</b>' });

		const decided = await dispatch({ resource: 'approval', operation: 'decide', approver: 'Claire Martin', approve: true }, [{ jeton }]);
		// The alert as stored, without the summary fields, with the count the approver confirmed.
		const approved = decided.output('SMS')[0].json;
		expect(approved).toMatchObject({ alertId: 'AC-APPROVE', text: alert.text, approvalState: 'approved', confirmedRecipients: 4, approval: { decision: 'approved', decidedBy: 'Claire Martin' } });
		expect(approved.decisionHtml).toBeUndefined();

		const again = await dispatch({ resource: 'approval', operation: 'decide', approver: 'Paul Durand', approve: true }, [{ jeton }]);
		expect(again.output('SMS')[0].json).toMatchObject({ approvalState: 'used', approvalMessage: expect.stringContaining('Ce lien a déjà servi : alerte validée par Claire Martin') });

		const status = await dispatch({ operation: 'alertStatus', statusAlertId: 'AC-APPROVE' }, [{}]);
		expect(status.output('SMS')[0].json).toMatchObject({ approval: { reason: 'required', decision: 'approved', decidedBy: 'Claire Martin', decidedAt: expect.stringMatching(/^\d{4}-/) }, reportText: expect.stringContaining('Alerte validée par Claire Martin') });
	});

	test('Decide without an approver name stops with an explained error', async () => {
		const result = await dispatch({ resource: 'approval', operation: 'decide', approver: ' ', approve: true }, [{ jeton: 'x' }]);
		expect(result.error?.message).toBe('Approver is empty');
	});
});

describe('SMS Dispatch → Send, One Summary per Alert', () => {
	test('one item per alert: this run, those sent before, segments billed now, the ledger counts', async () => {
		const send = (items: IDataObject[]) => dispatch({ operation: 'send', provider: 'sandbox', options: { outboxPath, summaryPerAlert: true } }, items);
		const first = await send([recipient(1), recipient(2)]);
		expect(first.error).toBeUndefined();
		expect(first.output('SMS').map((i) => i.json)).toEqual([expect.objectContaining({ alertId: 'ALERT-1', recipients: 2, skipped: 0, segments: 2, total: 2, counts: expect.objectContaining({ delivered: 2 }) })]);
		const again = await send([recipient(1), recipient(2), recipient(3)]);
		expect(again.output('SMS').map((i) => i.json)).toEqual([expect.objectContaining({ alertId: 'ALERT-1', recipients: 3, skipped: 2, segments: 1, total: 3 })]);
		expect(again.output('SMS')[0].pairedItem).toEqual({ item: 0 });
	});
});
