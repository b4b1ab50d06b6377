/**
 * One dispatch measurement in a process of its own (spawned by bench/dispatch.ts): the sending
 * rate and the peak RSS growth over idle of the process that runs n8n's engine (or the plain
 * client), for one way of sending 10,000 SMS to an already running Kannel.
 *
 * Modes: `recipient` (SMS Dispatch, one item per recipient), `alert` (SMS Dispatch, one compact
 * item per alert), `http` (n8n's HTTP Request node, batch 10 / 1 ms) and `direct` (a plain Node
 * script: keep-alive agent, 20 requests at once, no ledger, no n8n: the ceiling).
 *
 * Memory: the workflow (its input included) is built, a 20-message warm-up of the same mode runs
 * (modules loaded lazily, sockets, SQLite opened: what a running n8n already has), a GC runs, and
 * the idle RSS is read from /proc/self/status right before the send; VmHWM (peak RSS, which cannot
 * be reset) is read after it. Growth = VmHWM after − RSS idle. The warm-up's own peak stays in
 * VmHWM, so when it was higher than the send's the growth is overstated, never understated.
 *
 * Input: the JSON of `ChildSpec` in BENCH_DISPATCH_CHILD; output: one line `RESULT <json>`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import type { IDataObject, INodeParameters, INodeType, IVersionedNodeType } from 'n8n-workflow';

export type ChildMode = 'recipient' | 'alert' | 'http' | 'direct';

export interface ChildSpec {
	mode: ChildMode;
	baseUrl: string;
	username: string;
	password: string;
	/** Messages in the measured send. */
	n: number;
	/** First number of the measured phones (+336 then 8 digits); the warm-up uses offset + n. */
	offset: number;
	/** SQLite registry (ledger) file: SMS Dispatch modes. */
	registryPath: string;
	concurrency: number;
}

export interface ChildResult {
	mode: ChildMode;
	sent: number;
	seconds: number;
	error?: string;
	/** KiB, from /proc/self/status. */
	idleRssKiB: number;
	hwmBeforeKiB: number;
	hwmAfterKiB: number;
	growthKiB: number;
	/** CPU seconds (user + system) of this process during the send. */
	cpuSeconds: number;
}

export const TEXT = 'Faux billets agglomération d\'Issoire. Ne pas intervenir, ne pas transférer SMS.';
const SENDER = 'CCI63';

export function phoneOf(offset: number, i: number): string {
	return `+336${String(offset + i).padStart(8, '0')}`;
}

/** VmRSS and VmHWM in KiB. */
export function memory(): { rss: number; hwm: number } {
	const status = readFileSync('/proc/self/status', 'utf8');
	const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? NaN);
	return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

/** The direct ceiling: node:http, a keep-alive agent, `concurrency` requests in flight, no ledger. */
async function direct(spec: ChildSpec, offset: number, n: number): Promise<number> {
	const agent = new Agent({ keepAlive: true, maxSockets: spec.concurrency });
	const url = new URL(spec.baseUrl);
	const fixed = `/cgi-bin/sendsms?${new URLSearchParams({ username: spec.username, password: spec.password, charset: 'UTF-8' }).toString()}&from=${encodeURIComponent(SENDER)}&text=${encodeURIComponent(TEXT)}&coding=0`;
	const one = (phone: string) =>
		new Promise<boolean>((resolve) => {
			const req = request({ host: url.hostname, port: url.port, path: `${fixed}&to=${encodeURIComponent(phone)}`, method: 'GET', agent }, (res) => {
				res.resume();
				res.on('end', () => resolve((res.statusCode ?? 0) >= 200 && (res.statusCode ?? 0) < 300));
				res.on('error', () => resolve(false));
			});
			req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
			req.on('error', () => resolve(false));
			req.end();
		});
	let next = 0;
	let sent = 0;
	// Bounded: each worker takes the next index until n.
	await Promise.all(
		Array.from({ length: spec.concurrency }, async () => {
			while (next < n) if (await one(phoneOf(offset, next++))) sent++;
		}),
	);
	agent.destroy();
	return sent;
}

/** The HTTP Request node of the full n8n install (.n8n-app), as bench/dispatch.ts loads it. */
function loadHttpRequestNode(): INodeType | IVersionedNodeType {
	const file = join(__dirname, '../.n8n-app/node_modules/n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node.js');
	if (!existsSync(file)) throw new Error('n8n-nodes-base is not installed in .n8n-app');
	const loaded = require(file) as { HttpRequest: new () => INodeType | IVersionedNodeType };
	return new loaded.HttpRequest();
}

/** A send of `n` messages from `offset` in the spec's mode, ready to run; resolves with the count sent. */
function prepare(spec: ChildSpec, alertId: string, offset: number, n: number): () => Promise<{ sent: number; error?: string }> {
	if (spec.mode === 'direct') return async () => ({ sent: await direct(spec, offset, n) });
	// Required here, not imported: the direct mode never loads n8n.
	const { connect, itemsNode, runWorkflow } = require('../test/support/n8n-harness') as typeof import('../test/support/n8n-harness');
	const credentials = {
		alerteCommercesRegistry: { storage: 'embedded', path: spec.registryPath },
		alerteCommercesKannelApi: { baseUrl: spec.baseUrl, username: spec.username, password: spec.password },
	};
	const refs = { alerteCommercesRegistry: { id: '1', name: 'Registry' }, alerteCommercesKannelApi: { id: '2', name: 'Kannel' } };
	const phones = Array.from({ length: n }, (_, i) => phoneOf(offset, i));
	if (spec.mode === 'http') {
		const httpRequest = loadHttpRequestNode();
		const items = itemsNode(phones.map((phone) => ({ alertId, phone, text: TEXT, sender: SENDER })));
		return async () => {
			const run = await runWorkflow({
				nodes: [
					items,
					{
						name: 'HTTP',
						type: 'httpRequest',
						typeVersion: 4.2,
						position: [200, 0],
						parameters: {
							url: `${spec.baseUrl}/cgi-bin/sendsms`,
							sendQuery: true,
							queryParameters: {
								parameters: [
									{ name: 'username', value: spec.username },
									{ name: 'password', value: spec.password },
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
			return { sent: run.output('HTTP').length, error: run.error?.message };
		};
	}
	const { SmsDispatch } = require('../nodes/SmsDispatch/SmsDispatch.node') as typeof import('../nodes/SmsDispatch/SmsDispatch.node');
	const perAlert = spec.mode === 'alert';
	const items = itemsNode(perAlert ? [{ alertId, text: TEXT, sender: SENDER, recipients: phones }] : phones.map((phone) => ({ alertId, phone, text: TEXT, sender: SENDER })));
	const parameters: INodeParameters = { resource: 'delivery', operation: 'send', provider: 'kannel', options: { concurrency: spec.concurrency } };
	if (perAlert) parameters.inputMode = 'alert';
	return async () => {
		const run = await runWorkflow({
			nodes: [items, { name: 'SMS', type: 'smsDispatch', typeVersion: 1, position: [200, 0], parameters, credentials: refs }],
			connections: connect('Items', 'SMS'),
			nodeTypes: { smsDispatch: new SmsDispatch() },
			credentials,
		});
		const out = run.output('SMS');
		const sent = perAlert ? Number((out[0]?.json.counts as IDataObject | undefined)?.sent ?? 0) : out.filter((i) => i.json.status === 'sent').length;
		return { sent, error: run.error?.message };
	};
}

async function main(): Promise<void> {
	const spec = JSON.parse(process.env.BENCH_DISPATCH_CHILD ?? '') as ChildSpec;
	const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
	const warm = prepare(spec, `BENCH-${spec.mode}-WARM`, spec.offset + spec.n, 20);
	await warm();
	const send = prepare(spec, `BENCH-${spec.mode}`, spec.offset, spec.n);
	gc();
	await new Promise((r) => setTimeout(r, 50));
	gc();
	const idle = memory();
	const cpu = process.cpuUsage();
	const started = process.hrtime.bigint();
	const { sent, error } = await send();
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	const used = process.cpuUsage(cpu);
	const after = memory();
	const result: ChildResult = { mode: spec.mode, sent, seconds, error, idleRssKiB: idle.rss, hwmBeforeKiB: idle.hwm, hwmAfterKiB: after.hwm, growthKiB: after.hwm - idle.rss, cpuSeconds: (used.user + used.system) / 1e6 };
	if (spec.mode === 'recipient' || spec.mode === 'alert') {
		await (require('../nodes/shared/registry') as typeof import('../nodes/shared/registry')).closeSharedDbs();
	}
	console.log(`RESULT ${JSON.stringify(result)}`);
}

if (require.main === module)
	main().then(
		() => process.exit(0),
		(error: unknown) => {
			console.error(error);
			process.exit(1);
		},
	);
