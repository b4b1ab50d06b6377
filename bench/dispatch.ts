/**
 * SMS Dispatch benchmark (wired into `npm run bench` by bench/run.js): against one local Kannel with
 * a fake SMSC, warmed up first (a fresh bearerbox answers its first calls ≈ 0.5 s late), one after
 * the other, 10,000 messages each (BENCH_DISPATCH_N):
 *  1. a direct Node HTTP client (keep-alive agent, 20 requests at once, no ledger, no n8n): the
 *     ceiling of this machine and gateway;
 *  2. the SMS Dispatch node in n8n's engine (in-process WorkflowExecute, test/support/n8n-harness.ts),
 *     one item per recipient, no rate limit, concurrency 20, SQLite ledger;
 *  3. the same as one compact item per alert (a list of phones);
 *  4. n8n's own HTTP Request node (from .n8n-app), batched 10 items / 1 ms as it needs to complete at
 *     all (see RECIPES.md), as the baseline;
 *  5. a 100 msg/s rate limit over 3,000 messages: achieved rate and the most in any one-second window.
 * 1–4 each run in a child process of their own (bench/dispatch-child.ts), which also reports its peak
 * RSS growth over its idle RSS during the send (VmHWM cannot be reset, so one fresh process each).
 * The machine's load averages are printed before and after: the figures move with it.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IDataObject } from 'n8n-workflow';
import { SmsDispatch } from '../nodes/SmsDispatch/SmsDispatch.node';
import { openLedger } from '../nodes/shared/dispatch';
import { closeSharedDbs } from '../nodes/shared/registry';
import { openDb } from '../nodes/shared/store';
import { KannelGateway, waitUntil } from '../test/support/kannel';
import { connect, itemsNode, runWorkflow } from '../test/support/n8n-harness';
import type { ChildMode, ChildResult, ChildSpec } from './dispatch-child';

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

/** `load average: a, b, c` of this machine right now. */
function load(): string {
	return `load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(', ')}`;
}

/** Runs one measurement in a fresh process (bench/dispatch-child.ts); bounded by a timeout. */
function runChild(spec: ChildSpec, timeoutMs = 600_000): Promise<ChildResult> {
	return new Promise((resolve, reject) => {
		const child = spawn(
			process.execPath,
			['--no-experimental-strip-types', '--expose-gc', '-r', join(__dirname, '../test/support/ts-register.js'), join(__dirname, 'dispatch-child.ts')],
			{ cwd: join(__dirname, '..'), env: { ...process.env, BENCH_DISPATCH_CHILD: JSON.stringify(spec) }, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		let out = '';
		let err = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (err = (err + chunk.toString('utf8')).slice(-4000)));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('close', (code) => {
			clearTimeout(timer);
			const line = out.split('\n').find((l) => l.startsWith('RESULT '));
			if (line) resolve(JSON.parse(line.slice('RESULT '.length)) as ChildResult);
			else reject(new Error(`the ${spec.mode} measurement exited with ${code}: ${err.trim().split('\n').slice(-5).join(' | ')}`));
		});
	});
}

const MiB = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

/** Runs the benchmark and reports one line per figure. */
export async function benchDispatch(report: (line: string) => void): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'bench-dispatch-'));
	const registry = { storage: 'embedded', path: join(dir, 'registry.sqlite') };
	const gateway = await KannelGateway.start();
	const kannel = { baseUrl: gateway.baseUrl, username: gateway.username, password: gateway.password };
	const credentials = { alerteCommercesRegistry: registry, alerteCommercesKannelApi: kannel };
	const refs = { alerteCommercesRegistry: { id: '1', name: 'Registry' }, alerteCommercesKannelApi: { id: '2', name: 'Kannel' } };
	/** Messages the SMSC received for phones offset … offset + n − 1. */
	const atSmsc = (offset: number, n: number) =>
		gateway.received().filter((p) => {
			const k = Number(p.to.replace(/^\+?336/, '')) - offset;
			return p.to.replace(/^\+/, '').startsWith('336') && k >= 0 && k < n;
		}).length;
	const N = Number(process.env.BENCH_DISPATCH_N ?? 10_000);
	try {
		report(`Dispatch benchmark, ${N.toLocaleString('en')} messages per run, one Kannel (fake SMSC); ${load()} at the start (2 shared cores)`);
		const warmUp = new URLSearchParams({ username: kannel.username, password: kannel.password, from: 'CCI63', to: '+33699999999', text: 'warm-up' });
		await fetch(`${gateway.baseUrl}/cgi-bin/sendsms?${warmUp.toString()}`).then((r) => r.text());
		await waitUntil(() => gateway.received().some((p) => p.to.endsWith('699999999')), 10_000, 'the warm-up SMS');

		// 1–4: each in its own process, one after the other.
		const runs: { mode: ChildMode; label: string; offset: number }[] = [
			{ mode: 'direct', label: 'direct Node HTTP client (keep-alive, 20 at once, no ledger)', offset: 50_000_000 },
			{ mode: 'recipient', label: 'SMS Dispatch, one item per recipient', offset: 10_000_000 },
			{ mode: 'alert', label: 'SMS Dispatch, one item per alert', offset: 40_000_000 },
			{ mode: 'http', label: 'n8n HTTP Request node (batch 10 / 1 ms)', offset: 20_000_000 },
		];
		const results = new Map<ChildMode, ChildResult & { rate: number }>();
		for (const run of runs) {
			const spec: ChildSpec = { mode: run.mode, ...kannel, n: N, offset: run.offset, registryPath: join(dir, `${run.mode}.sqlite`), concurrency: 20 };
			let result: ChildResult;
			try {
				result = await runChild(spec);
			} catch (error) {
				report(`${run.label}: not measured (${(error as Error).message})`);
				continue;
			}
			await waitUntil(() => atSmsc(run.offset, N) >= result.sent, 60_000, 'the SMSC to receive every message').catch(() => undefined);
			const rate = result.sent / result.seconds;
			results.set(run.mode, { ...result, rate });
			const memory = run.mode === 'direct' ? '' : `; engine process RSS idle ${MiB(result.idleRssKiB)}, peak ${MiB(result.hwmAfterKiB)}, growth ${MiB(result.growthKiB)}`;
			report(
				`${run.label}: ${result.sent}/${N} in ${result.seconds.toFixed(2)} s = ${rate.toFixed(0)} msg/s (SMSC received ${atSmsc(run.offset, N)}, CPU ${result.cpuSeconds.toFixed(2)} s)${memory}${result.error ? ` (failed: ${result.error})` : ''} [${load()}]`,
			);
		}
		const ceiling = results.get('direct')?.rate;
		const peer = results.get('http');
		report('');
		report('| run | msg/s | vs HTTP Request node | vs direct ceiling | engine RSS growth | vs HTTP Request node |');
		report('|---|---|---|---|---|---|');
		for (const run of runs) {
			const r = results.get(run.mode);
			if (!r) continue;
			const growth = run.mode === 'direct' ? '—' : MiB(r.growthKiB);
			const growthRatio = run.mode === 'direct' || !peer ? '—' : `${((r.growthKiB / peer.growthKiB) * 100).toFixed(0)} %`;
			report(
				`| ${run.label} | ${r.rate.toFixed(0)} | ${peer ? `${(r.rate / peer.rate).toFixed(2)}×` : '—'} | ${ceiling ? `${((r.rate / ceiling) * 100).toFixed(0)} %` : '—'} | ${growth} | ${growthRatio} |`,
			);
		}
		report('Goals: SMS Dispatch ≥ 60 % of the direct ceiling and ≥ 3× the HTTP Request node; its RSS growth ≤ 33 % of the HTTP Request node\'s.');

		// 5. Rate limit 100 msg/s over 3,000 messages (in this process); grant times are the ledger's handed_at.
		const R = Number(process.env.BENCH_DISPATCH_RATE_N ?? 3000);
		const started = Date.now();
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
		report(`${load()} at the end`);
	} finally {
		await closeSharedDbs();
		await gateway.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

if (require.main === module) void benchDispatch((line) => console.log(line));
