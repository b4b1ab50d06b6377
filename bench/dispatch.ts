/**
 * SMS Dispatch benchmark (wired into `npm run bench` by bench/run.js): against a local Kannel
 * with a fake SMSC,
 *  1. 10,000 recipients through the SMS Dispatch node in an in-process n8n workflow, no rate limit;
 *  2. the same 10,000 through n8n's own HTTP Request node (from .n8n-app, when installed), batched
 *     10 items / 1 ms as it needs to complete at all (see RECIPES.md), as the baseline;
 *  3. a 100 msg/s rate limit over 3,000 messages: achieved rate and the most in any one-second window;
 *  4. the same 10,000 as one compact item per alert (a list of phones), a second figure.
 * The gateway is warmed up first (one SMS through to the SMSC): a fresh bearerbox answers its first
 * calls ≈ 0.5 s late, which would fall on whichever run comes first.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDataObject, INodeType, IVersionedNodeType } from 'n8n-workflow';
import { SmsDispatch } from '../nodes/SmsDispatch/SmsDispatch.node';
import { openLedger } from '../nodes/shared/dispatch';
import { closeSharedDbs } from '../nodes/shared/registry';
import { openDb } from '../nodes/shared/store';
import { KannelGateway, waitUntil } from '../test/support/kannel';
import { connect, itemsNode, runWorkflow } from '../test/support/n8n-harness';

const TEXT = 'Faux billets agglomération d\'Issoire. Ne pas intervenir, ne pas transférer SMS.';

function recipients(alertId: string, count: number, offset: number): IDataObject[] {
	return Array.from({ length: count }, (_, i) => ({ alertId, phone: `+336${String(offset + i).padStart(8, '0')}`, text: TEXT, sender: 'CCI63' }));
}

/** Most timestamps in any half-open one-second window. */
function maxPerSecond(times: number[]): number {
	const sorted = [...times].sort((a, b) => a - b);
	let max = 0;
	for (let i = 0, j = 0; i < sorted.length; i++) {
		while (sorted[i] - sorted[j] >= 1000) j++;
		max = Math.max(max, i - j + 1);
	}
	return max;
}

/** The HTTP Request node of the full n8n install, if present. */
function loadHttpRequestNode(): INodeType | IVersionedNodeType | undefined {
	const file = join(__dirname, '../.n8n-app/node_modules/n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js');
	if (!existsSync(file)) return undefined;
	const loaded = require(file) as { HttpRequest: new () => INodeType | IVersionedNodeType };
	return new loaded.HttpRequest();
}

/** Runs the benchmark and reports one line per figure. */
export async function benchDispatch(report: (line: string) => void): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'bench-dispatch-'));
	const registry = { storage: 'embedded', path: join(dir, 'registry.sqlite') };
	const gateway = await KannelGateway.start();
	const kannel = { baseUrl: gateway.baseUrl, username: gateway.username, password: gateway.password };
	const credentials = { alerteCommercesRegistry: registry, alerteCommercesKannelApi: kannel };
	const refs = { alerteCommercesRegistry: { id: '1', name: 'Registry' }, alerteCommercesKannelApi: { id: '2', name: 'Kannel' } };
	const atSmsc = (prefix: string) => gateway.received().filter((p) => p.to.startsWith(prefix)).length;
	const N = Number(process.env.BENCH_DISPATCH_N ?? 10_000);
	try {
		const warmUp = new URLSearchParams({ username: kannel.username, password: kannel.password, from: 'CCI63', to: '+33699999999', text: 'warm-up' });
		await fetch(`${gateway.baseUrl}/cgi-bin/sendsms?${warmUp.toString()}`).then((r) => r.text());
		await waitUntil(() => atSmsc('+33699999999') >= 1, 10_000, 'the warm-up SMS');

		// 1. SMS Dispatch node, no rate limit.
		let started = Date.now();
		const node = await runWorkflow({
			nodes: [
				itemsNode(recipients('BENCH-NODE', N, 10_000_000)),
				{ name: 'SMS', type: 'smsDispatch', typeVersion: 1, position: [200, 0], parameters: { resource: 'delivery', operation: 'send', provider: 'kannel', options: { concurrency: 20 } }, credentials: refs },
			],
			connections: connect('Items', 'SMS'),
			nodeTypes: { smsDispatch: new SmsDispatch() },
			credentials,
		});
		const nodeSeconds = (Date.now() - started) / 1000;
		if (node.error) throw node.error;
		const sentByNode = node.output('SMS').filter((i) => i.json.status === 'sent').length;
		await waitUntil(() => atSmsc('+3361') >= N, 120_000, 'the SMSC to receive every message').catch(() => undefined);
		const nodeRate = sentByNode / nodeSeconds;
		let baseRate: number | undefined;
		report(`SMS Dispatch node → Kannel: ${sentByNode}/${N} sent in ${nodeSeconds.toFixed(1)} s = ${nodeRate.toFixed(0)} msg/s (SMSC received ${atSmsc('+3361')})`);

		// 2. Baseline: n8n's HTTP Request node, same engine, same gateway.
		const httpRequest = loadHttpRequestNode();
		if (!httpRequest) report('HTTP Request baseline: TODO — n8n-nodes-base is not installed in .n8n-app, not measured');
		else {
			const url = `${gateway.baseUrl}/cgi-bin/sendsms`;
			started = Date.now();
			const base = await runWorkflow({
				nodes: [
					itemsNode(recipients('BENCH-HTTP', N, 20_000_000)),
					{
						name: 'HTTP',
						type: 'httpRequest',
						typeVersion: 4.2,
						position: [200, 0],
						parameters: {
							url,
							sendQuery: true,
							queryParameters: {
								parameters: [
									{ name: 'username', value: kannel.username },
									{ name: 'password', value: kannel.password },
									{ name: 'from', value: '={{ $json.sender }}' },
									{ name: 'to', value: '={{ $json.phone }}' },
									{ name: 'text', value: '={{ $json.text }}' },
									{ name: 'charset', value: 'UTF-8' },
								],
							},
							options: { batching: { batch: { batchSize: 10, batchInterval: 1 } } },
						},
					},
				],
				connections: connect('Items', 'HTTP'),
				nodeTypes: { httpRequest },
				credentials,
			});
			const baseSeconds = (Date.now() - started) / 1000;
			const baseSent = base.error ? atSmsc('+3362') : base.output('HTTP').length;
			baseRate = baseSent / baseSeconds;
			report(`HTTP Request node → Kannel: ${baseSent}/${N} in ${baseSeconds.toFixed(1)} s = ${baseRate.toFixed(0)} msg/s${base.error ? ` (failed: ${base.error.message})` : ''}`);
			report(`ratio SMS Dispatch / HTTP Request: ${(nodeRate / baseRate).toFixed(2)}×`);
		}

		// 3. Rate limit 100 msg/s over 3,000 messages; grant times are the ledger's handed_at.
		const R = Number(process.env.BENCH_DISPATCH_RATE_N ?? 3000);
		started = Date.now();
		const limited = await runWorkflow({
			nodes: [
				itemsNode(recipients('BENCH-RATE', R, 30_000_000)),
				{ name: 'SMS', type: 'smsDispatch', typeVersion: 1, position: [200, 0], parameters: { resource: 'delivery', operation: 'send', provider: 'kannel', options: { rate: 100, concurrency: 20 } }, credentials: refs },
			],
			connections: connect('Items', 'SMS'),
			nodeTypes: { smsDispatch: new SmsDispatch() },
			credentials,
		});
		if (limited.error) throw limited.error;
		const db = openDb({ kind: 'embedded', path: registry.path });
		const rows = await (await openLedger(db)).rows('BENCH-RATE');
		await db.close();
		const times = rows.map((r) => r.handedAt ?? 0).filter(Boolean);
		const span = (Math.max(...times) - Math.min(...times)) / 1000;
		report(`rate limit 100 msg/s: ${times.length} messages in ${span.toFixed(1)} s = ${((times.length - 1) / span).toFixed(1)} msg/s achieved, at most ${maxPerSecond(times)} in any one-second window (run ${((Date.now() - started) / 1000).toFixed(1)} s)`);

		// 4. Compact input: one item per alert carrying its phones (DESIGN.md, "Item volume").
		const phones = recipients('BENCH-COMPACT', N, 40_000_000).map((r) => r.phone);
		started = Date.now();
		const compact = await runWorkflow({
			nodes: [
				itemsNode([{ alertId: 'BENCH-COMPACT', text: TEXT, sender: 'CCI63', recipients: phones }]),
				{ name: 'SMS', type: 'smsDispatch', typeVersion: 1, position: [200, 0], parameters: { resource: 'delivery', operation: 'send', provider: 'kannel', inputMode: 'alert', options: { concurrency: 20 } }, credentials: refs },
			],
			connections: connect('Items', 'SMS'),
			nodeTypes: { smsDispatch: new SmsDispatch() },
			credentials,
		});
		const compactSeconds = (Date.now() - started) / 1000;
		if (compact.error) throw compact.error;
		const compactSent = Number((compact.output('SMS')[0]?.json.counts as IDataObject | undefined)?.sent ?? 0);
		const compactRate = compactSent / compactSeconds;
		report(`SMS Dispatch node, one item per alert: ${compactSent}/${N} sent in ${compactSeconds.toFixed(1)} s = ${compactRate.toFixed(0)} msg/s${baseRate ? ` (${(compactRate / baseRate).toFixed(2)}× the HTTP Request node)` : ''}`);
	} finally {
		await closeSharedDbs();
		await gateway.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

if (require.main === module) void benchDispatch((line) => console.log(line));
