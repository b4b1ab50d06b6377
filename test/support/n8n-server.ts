/**
 * A real n8n 2.41.1 for end-to-end tests: installed once into .n8n-app/ (scripts/n8n-runtime.js),
 * this package installed into a throwaway user folder as a community package, workflows and
 * credentials imported with n8n's CLI, workflows published, `n8n start` on free loopback ports.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, waitFor } from './net';

const runtime = require('../../scripts/n8n-runtime.js') as {
	ensureN8n(log?: (line: string) => void): string;
	installPackage(userFolder: string, log?: (line: string) => void): void;
	n8nEnv(userFolder: string, port: number, extra?: Record<string, string>): NodeJS.ProcessEnv;
};

const run = promisify(execFile);

export interface WorkflowFile {
	id: string;
	name: string;
	nodes: unknown[];
	connections: unknown;
	[key: string]: unknown;
}

export interface CredentialFile {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface N8nOptions {
	workflows: WorkflowFile[];
	credentials?: CredentialFile[];
	/** Extra environment (e.g. queue mode settings). */
	env?: Record<string, string>;
	/** Start workers too (queue mode): how many. */
	workers?: number;
	/** Workflows to publish (active); by default all of them. */
	publish?: string[];
	/** Workflows to run once with `n8n execute` before the server starts (scheduled ones). */
	execute?: string[];
}

/** One row of n8n's execution list (newest first). */
export interface ExecutionSummary {
	id: string;
	status: string;
	finished: boolean;
	startedAt?: string | null;
	createdAt?: string;
}

export interface N8nServer {
	url: string;
	/** The owner's login, for a browser. */
	owner: { email: string; password: string };
	userFolder: string;
	/** GET/POST on the REST API as the owner. */
	rest<T = unknown>(path: string, init?: RequestInit): Promise<T>;
	/** Executions of a workflow, newest first. */
	executions(workflowId: string): Promise<ExecutionSummary[]>;
	/** The full data of one execution. */
	execution(id: string): Promise<ExecutionData>;
	/** What n8n printed (for failure messages); what workers print is marked `[worker N]`. */
	log(): string;
	/** What each worker (queue mode) printed, in the order they were started. */
	workerLogs(): string[];
	/** What `n8n execute` printed for each workflow of `options.execute`. */
	executed: Record<string, string>;
	/** Runs a workflow once with `n8n execute` beside the running server (its own task-runner port); what it printed. */
	execute(workflowId: string): Promise<string>;
	/** Stops the main process (SIGTERM as a service manager does, or SIGKILL as a crash), runs `whileDown`, starts it again on the same data. */
	restart(whileDown?: () => Promise<void>, signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
	stop(): Promise<void>;
}

export interface ExecutionData {
	status: string;
	data: string;
}

const OWNER = { email: 'owner@e2e.test', password: 'E2e-owner-pass9', firstName: 'E2E', lastName: 'Owner' };

/** What n8n says of a workflow's publication: in progress, or its triggers' state and live version. */
interface PublicationStatus {
	status: 'in_progress' | 'not_published' | 'published' | 'partial' | 'failed';
	liveVersionId: string | null;
	triggers: Array<{ nodeId: string; status: string; errorMessage: string | null }>;
}

/**
 * Waits until n8n has run the publication of each workflow (its triggers registered, or failed
 * and said why): `versions` asks for a given version to be the live one.
 */
export async function waitForPublication(rest: N8nServer['rest'], workflowIds: readonly string[], versions: Record<string, string> = {}): Promise<void> {
	const statusOf = (id: string) => rest<PublicationStatus>(`/workflows/${id}/publication-status`);
	await waitFor(
		async () => {
			for (const id of workflowIds) {
				const now = await statusOf(id);
				if (now.status === 'in_progress' || now.status === 'not_published') return false;
				if (versions[id] && now.liveVersionId !== versions[id]) return false;
			}
			return true;
		},
		90_000,
		250,
		async () => (await Promise.all(workflowIds.map(async (id) => `${id}: ${JSON.stringify(await statusOf(id))}`))).join('\n'),
	);
}

/** Prepares n8n (installing it on first use, ≈ 5 min) and this package; returns n8n's CLI path. */
export function prepareN8n(): string {
	return runtime.ensureN8n((line) => process.stderr.write(`${line}\n`));
}

async function cli(bin: string, env: NodeJS.ProcessEnv, args: string[]): Promise<string> {
	try {
		const { stdout } = await run(process.execPath, [bin, ...args], { env, maxBuffer: 64 * 1024 * 1024 });
		return stdout;
	} catch (error) {
		const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
		throw new Error(`n8n ${args.join(' ')} failed:\n${`${stdout}\n${stderr}`.split('\n').filter((l) => !/^\s+at /.test(l)).slice(-25).join('\n')}`);
	}
}

/** Starts n8n with the given workflows (published) and credentials. */
export async function startN8n(options: N8nOptions): Promise<N8nServer> {
	const bin = prepareN8n();
	const userFolder = mkdtempSync(join(tmpdir(), 'n8n-e2e-'));
	chmodSync(userFolder, 0o755);
	runtime.installPackage(userFolder, () => undefined);
	const port = await freePort();
	const brokerPort = await freePort();
	// n8n runs as a user runs it: not with jest's NODE_ENV=test (which silences and changes n8n).
	const env = runtime.n8nEnv(userFolder, port, { N8N_RUNNERS_BROKER_PORT: String(brokerPort), N8N_LOG_LEVEL: 'info', NODE_ENV: 'production', ...options.env });
	for (const key of Object.keys(env)) if (key.startsWith('JEST_')) delete env[key];
	if (options.credentials?.length) {
		const file = join(userFolder, 'credentials.json');
		writeFileSync(file, JSON.stringify(options.credentials));
		await cli(bin, env, ['import:credentials', `--input=${file}`]);
	}
	const file = join(userFolder, 'workflows.json');
	writeFileSync(file, JSON.stringify(options.workflows));
	await cli(bin, env, ['import:workflow', `--input=${file}`]);
	// Templates ship unpublished (a département reviews them first); tests publish each one.
	for (const id of options.publish ?? options.workflows.map((w) => w.id)) await cli(bin, env, ['publish:workflow', `--id=${id}`]);
	const executed: Record<string, string> = {};
	for (const id of options.execute ?? []) executed[id] = await cli(bin, env, ['execute', `--id=${id}`]);

	const output: string[] = [];
	const workerOutput: string[][] = [];
	const children: ChildProcess[] = [];
	const launch = (args: string[], extra: Record<string, string> = {}, own?: string[], prefix = '') => {
		const child = spawn(process.execPath, [bin, ...args], { env: { ...env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
		const keep = (d: Buffer) => {
			output.push(prefix ? d.toString().replace(/^(?=.)/gm, prefix) : d.toString());
			own?.push(d.toString());
		};
		child.stdout?.on('data', keep);
		child.stderr?.on('data', keep);
		children.push(child);
		return child;
	};
	let main = launch(['start']);
	const workers: ChildProcess[] = [];
	for (let i = 0; i < (options.workers ?? 0); i++) {
		const own: string[] = [];
		workerOutput.push(own);
		// Each worker has its own task-runner broker and health-check ports (they share the host).
		const extra = { N8N_RUNNERS_BROKER_PORT: String(await freePort()), QUEUE_HEALTH_CHECK_PORT: String(await freePort()) };
		workers.push(launch(['worker', '--concurrency=10'], extra, own, `[worker ${i + 1}] `));
	}
	const url = `http://127.0.0.1:${port}`;
	const stop = async () => {
		for (const child of children) child.kill('SIGTERM');
		await Promise.all(
			children.map(
				(child) =>
					new Promise<void>((resolve) => {
						if (child.exitCode !== null) return resolve();
						const timer = setTimeout(() => {
							child.kill('SIGKILL');
							resolve();
						}, 15_000);
						child.once('exit', () => {
							clearTimeout(timer);
							resolve();
						});
					}),
			),
		);
		rmSync(userFolder, { recursive: true, force: true });
	};
	try {
		await waitFor(async () => {
			if (main.exitCode !== null) throw new Error(`n8n exited (${main.exitCode}):\n${output.join('').slice(-3000)}`);
			const response = await fetch(`${url}/rest/owner/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) }).catch(() => undefined);
			return response !== undefined && (response.ok || response.status === 400);
		}, 180_000);
		// The REST API may answer 404, or a login without session, a little longer than
		// /rest/owner/setup: retry (setting the owner up again, which is idempotent) until a
		// session cookie comes back.
		let cookie = '';
		await waitFor(async () => {
			const login = await fetch(`${url}/rest/login`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ emailOrLdapLoginId: OWNER.email, password: OWNER.password }),
			});
			if (login.status === 404) return false;
			if (!login.ok && login.status !== 401) throw new Error(`login failed: ${login.status} ${await login.text()}`);
			// jest's sandboxed fetch may lack Headers.getSetCookie: fall back to the joined header.
			const listed = login.headers.getSetCookie?.() ?? [];
			const setCookies = listed.length ? listed : (login.headers.get('set-cookie') ?? '').split(/,(?=\s*[\w-]+=)/);
			cookie = setCookies.map((c) => c.split(';')[0].trim()).filter(Boolean).join('; ');
			if (login.ok && cookie) return true;
			await fetch(`${url}/rest/owner/setup`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(OWNER) }).catch(() => undefined);
			return false;
		}, 90_000);
		const rest = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
			const response = await fetch(`${url}/rest${path}`, { ...init, headers: { 'content-type': 'application/json', cookie, ...(init.headers ?? {}) } });
			if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${response.status} ${await response.text()}`);
			return ((await response.json()) as { data: T }).data;
		};
		await waitFor(async () => output.join('').includes('Editor is now accessible'), 120_000);
		// n8n 2.x activates published workflows through an outbox drained in the background: the
		// editor answers before every form and webhook does (a first request could get a 404).
		await waitForPublication(rest, options.publish ?? options.workflows.map((w) => w.id));
		// Queue mode: every worker is listening on the queue before the first job is sent.
		await waitFor(async () => {
			const stopped = workers.findIndex((w) => w.exitCode !== null);
			if (stopped >= 0) throw new Error(`n8n exited: worker ${stopped + 1} (${workers[stopped].exitCode}):\n${workerOutput[stopped].join('').slice(-3000)}`);
			return workerOutput.every((own) => own.join('').includes('n8n worker is now ready'));
		}, 120_000);
		return {
			url,
			owner: { email: OWNER.email, password: OWNER.password },
			userFolder,
			rest,
			executions: async (workflowId) => {
				const filter = encodeURIComponent(JSON.stringify({ workflowId }));
				const data = await rest<{ results: ExecutionSummary[] }>(`/executions?filter=${filter}&limit=100`);
				return data.results;
			},
			execution: (id) => rest<ExecutionData>(`/executions/${id}`),
			log: () => output.join(''),
			workerLogs: () => workerOutput.map((own) => own.join('')),
			executed,
			execute: async (workflowId) => cli(bin, { ...env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) }, ['execute', `--id=${workflowId}`]),
			restart: async (whileDown, signal = 'SIGTERM') => {
				const old = main;
				await new Promise<void>((resolve) => {
					if (old.exitCode !== null) return resolve();
					const timer = setTimeout(() => old.kill('SIGKILL'), 60_000);
					old.once('exit', () => {
						clearTimeout(timer);
						resolve();
					});
					old.kill(signal);
				});
				children.splice(children.indexOf(old), 1);
				await whileDown?.();
				const from = output.join('').length;
				main = launch(['start']);
				await waitFor(async () => {
					if (main.exitCode !== null) throw new Error(`n8n exited after restart (${main.exitCode}):\n${output.join('').slice(-3000)}`);
					return output.join('').slice(from).includes('Editor is now accessible');
				}, 180_000);
			},
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Decodes n8n's stored execution data (the `flatted` format: a table where strings inside objects are references). */
export function unflatten(text: string): unknown {
	const table = JSON.parse(text) as unknown[];
	const revived = new Map<number, unknown>();
	const at = (index: number): unknown => {
		if (revived.has(index)) return revived.get(index);
		const value = table[index];
		if (typeof value !== 'object' || value === null) return value;
		const copy: Record<string, unknown> = Array.isArray(value) ? ([] as unknown as Record<string, unknown>) : {};
		revived.set(index, copy);
		for (const [key, inner] of Object.entries(value)) copy[key] = typeof inner === 'string' ? at(Number(inner)) : inner;
		return copy;
	};
	return at(0);
}

/** Where and why a stored execution failed, for failure messages: the last node run and the error message. */
export function executionFailure(data: string): string {
	const run = unflatten(data) as { resultData?: { lastNodeExecuted?: string; error?: { message?: string; description?: string } } };
	const error = run.resultData?.error;
	return `${run.resultData?.lastNodeExecuted ?? '?'}: ${error?.message ?? 'no error recorded'}${error?.description ? ` (${error.description})` : ''}`;
}
