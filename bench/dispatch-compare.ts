/**
 * Alternates dispatch measurements of several source trees against one warmed-up Kannel, to compare
 * code versions on a noisy machine (docs/dispatch-guarantees.md, "What group commit costs"):
 *
 *   node --no-experimental-strip-types -r ./test/support/ts-register.js bench/dispatch-compare.ts \
 *     before=/tmp/wt-before now=.
 *
 * Each tree needs bench/dispatch-child.ts (copy it into a worktree of an older commit) and
 * node_modules (a symlink will do). ROUNDS (default 4) rounds; each round runs every tree once per
 * mode (MODES, default `recipient,alert`), the trees' order rotated from round to round; every run is a
 * fresh process (10,000 messages, BENCH_DISPATCH_N). Prints one line per run, then medians.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KannelGateway, waitUntil } from '../test/support/kannel';
import type { ChildMode, ChildResult, ChildSpec } from './dispatch-child';

function runIn(root: string, spec: ChildSpec, timeoutMs = 300_000): Promise<ChildResult | undefined> {
	return new Promise((done) => {
		const child = spawn(
			process.execPath,
			['--no-experimental-strip-types', '--expose-gc', '-r', join(root, 'test/support/ts-register.js'), join(root, 'bench/dispatch-child.ts')],
			{ cwd: root, env: { ...process.env, BENCH_DISPATCH_CHILD: JSON.stringify(spec) }, stdio: ['ignore', 'pipe', 'pipe'] },
		);
		let out = '';
		child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
		child.stderr.resume();
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('close', () => {
			clearTimeout(timer);
			const line = out.split('\n').find((l) => l.startsWith('RESULT '));
			done(line ? (JSON.parse(line.slice('RESULT '.length)) as ChildResult) : undefined);
		});
	});
}

const median = (values: number[]) => {
	const sorted = [...values].sort((a, b) => a - b);
	const mid = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

async function main(): Promise<void> {
	const trees = process.argv.slice(2).map((arg) => {
		const [label, path] = arg.includes('=') ? arg.split('=', 2) : [arg, arg];
		return { label, root: resolve(path) };
	});
	if (!trees.length) throw new Error('usage: dispatch-compare.ts label=tree [label=tree …]');
	const rounds = Math.min(50, Number(process.env.ROUNDS ?? 4));
	const modes = (process.env.MODES ?? 'recipient,alert').split(',') as ChildMode[];
	const n = Number(process.env.BENCH_DISPATCH_N ?? 10_000);
	const gateway = await KannelGateway.start();
	const dir = mkdtempSync(join(tmpdir(), 'dispatch-compare-'));
	const rates = new Map<string, number[]>();
	try {
		const warmUp = new URLSearchParams({ username: gateway.username, password: gateway.password, from: 'CCI63', to: '+33699999999', text: 'warm-up' });
		await fetch(`${gateway.baseUrl}/cgi-bin/sendsms?${warmUp.toString()}`).then((r) => r.text());
		await waitUntil(() => gateway.received().length >= 1, 10_000, 'the warm-up SMS');
		let offset = 10_000_000;
		for (let round = 0; round < rounds; round++) {
			const order = [...trees.slice(round % trees.length), ...trees.slice(0, round % trees.length)];
			for (const mode of modes)
				for (const tree of order) {
					const spec: ChildSpec = { mode, baseUrl: gateway.baseUrl, username: gateway.username, password: gateway.password, n, offset, registryPath: join(dir, `${tree.label}-${round}-${mode}.sqlite`), concurrency: 20 };
					offset += 100_000;
					const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
					const result = await runIn(tree.root, spec);
					if (!result) {
						console.log(`round ${round} ${tree.label} ${mode}: failed`);
						continue;
					}
					const rate = result.sent / result.seconds;
					const key = `${tree.label} ${mode}`;
					rates.set(key, [...(rates.get(key) ?? []), rate]);
					console.log(`round ${round} ${tree.label} ${mode}: ${rate.toFixed(0)} msg/s (${result.sent} in ${result.seconds.toFixed(2)} s, CPU ${result.cpuSeconds.toFixed(2)} s), load ${load}`);
				}
		}
		for (const [key, values] of rates) console.log(`${key}: median ${median(values).toFixed(0)} msg/s over ${values.length} runs (${Math.min(...values).toFixed(0)}–${Math.max(...values).toFixed(0)})`);
	} finally {
		await gateway.close();
		rmSync(dir, { recursive: true, force: true });
	}
}

main().then(
	() => process.exit(0),
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
