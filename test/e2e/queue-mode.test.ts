/**
 * n8n's queue mode in a real n8n 2.41.1: one main process and two workers sharing Redis (Bull)
 * and n8n's own PostgreSQL database, the register and dispatch ledger on PostgreSQL too. The same
 * alert to 5,000 members is triggered by several identical webhook calls at once, so several
 * executions run on both workers at the same time and share the alert's recipients through the
 * ledger's claims: the real Kannel's fake SMSC gets exactly one SMS per phone, with the composed
 * text, and every execution succeeds.
 */
import { randomBytes } from 'node:crypto';
import { tryComposeAlert } from '../../nodes/shared/alert';
import { ledgerOf } from '../../nodes/shared/dispatch';
import { incidentFromFields } from '../../nodes/shared/incident';
import { openRegistry } from '../../nodes/shared/registry';
import { members } from '../support/adherents';
import { KannelGateway } from '../support/kannel';
import { waitFor } from '../support/net';
import { unflatten, startN8n, type N8nServer, type WorkflowFile } from '../support/n8n-server';
import { freshPgDatabase, type PostgresConfig } from '../support/postgres';
import { startRedis, type RedisServer } from '../support/redis';

const MEMBERS = 5000;
/** Identical webhook calls made at once: more executions than workers, so both run some together. */
const CALLS = 4;
/**
 * SMS per second for each execution (a département's gateway contract usually has one). It also
 * keeps one execution from sending the whole alert before the others reach SMS Dispatch, so the
 * executions really share the recipients; nothing here measures speed.
 */
const RATE = 200;
const WEBHOOK_PATH = 'alerte-commerces/queue-e2e';
const SENDER = 'CCI63';
/** A scam alert with the police perimeter "département": every member of the département gets it. */
const INCIDENT = {
	type: 'escroquerie',
	communes: ['63113'],
	area: { level: 'departement' },
	description: 'Faux conseiller bancaire au telephone, demande les codes de carte',
	reference: 'E2E-QUEUE-5000',
};

const registryCredential = (db: PostgresConfig) => ({
	id: 'AlerteRegistryPg1',
	name: 'Registre Alerte Commerces (PostgreSQL)',
	type: 'alerteCommercesRegistry',
	data: { storage: 'postgres', host: db.host, port: db.port, database: db.database, user: db.user, password: db.password ?? '', ssl: 'disable' },
});

/** Webhook → Alert Composer → Sector Targeting (recipients stored in the ledger) → SMS Dispatch (Kannel). */
function workflow(): WorkflowFile {
	const registry = { alerteCommercesRegistry: { id: 'AlerteRegistryPg1', name: 'Registre Alerte Commerces (PostgreSQL)' } };
	const next = (node: string) => ({ main: [[{ node, type: 'main', index: 0 }]] });
	return {
		id: 'AlerteQueueE2e1',
		name: 'Alerte Commerces — queue mode (e2e)',
		active: false,
		settings: { executionOrder: 'v1', timezone: 'Europe/Paris' },
		pinData: {},
		tags: [],
		nodes: [
			{
				id: 'q1',
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2.1,
				position: [-400, 0],
				parameters: { httpMethod: 'POST', path: WEBHOOK_PATH, responseMode: 'lastNode', options: {} },
				webhookId: 'alerte-commerces-queue-e2e',
			},
			{
				id: 'q2',
				name: 'Alert Composer',
				type: 'n8n-nodes-alerte-commerces.alertComposer',
				typeVersion: 1,
				position: [-160, 0],
				parameters: { mode: 'json', incidentJson: '={{ $json.body }}', departements: '63', options: { sender: SENDER } },
			},
			{
				id: 'q3',
				name: 'Sector Targeting',
				type: 'n8n-nodes-alerte-commerces.sectorTargeting',
				typeVersion: 1,
				position: [80, 0],
				parameters: { membersSource: 'registry', rulesetSource: 'default', output: 'alert', maxRecipients: 10000 },
				credentials: registry,
			},
			{
				id: 'q4',
				name: 'SMS Dispatch',
				type: 'n8n-nodes-alerte-commerces.smsDispatch',
				typeVersion: 1,
				position: [320, 0],
				parameters: {
					resource: 'delivery',
					operation: 'send',
					provider: 'kannel',
					inputMode: 'alert',
					alertId: '={{ $json.messageId ?? $json.alertId }}',
					phones: '',
					options: { rate: RATE },
				},
				credentials: { ...registry, alerteCommercesKannelApi: { id: 'AlerteKannelQ1', name: 'Passerelle Kannel' } },
			},
		],
		connections: { Webhook: next('Alert Composer'), 'Alert Composer': next('Sector Targeting'), 'Sector Targeting': next('SMS Dispatch') },
	};
}

interface NodeRun {
	startTime: number;
	executionTime: number;
	data?: { main?: Array<Array<{ json: Record<string, unknown> }> | null> };
}

interface RunSummary {
	id: string;
	worker: number;
	status: string;
	composedText: unknown;
	newlyQueued: number;
	dispatch: { start: number; end: number; output: Record<string, unknown> };
}

describe('queue mode: one alert to 5,000 members, main + two workers (real n8n, Redis, PostgreSQL, Kannel)', () => {
	let redis: RedisServer;
	let kannel: KannelGateway;
	let n8n: N8nServer;
	let registry: PostgresConfig;

	beforeAll(async () => {
		const [n8nDb, registryDb] = await Promise.all([freshPgDatabase('e2e_queue_n8n'), freshPgDatabase('e2e_queue_registry')]);
		registry = registryDb;
		const store = await openRegistry(registry);
		try {
			await store.upsertMany(members(MEMBERS));
		} finally {
			await store.close();
		}
		[redis, kannel] = await Promise.all([startRedis(), KannelGateway.start()]);
		n8n = await startN8n({
			workflows: [workflow()],
			workers: 2,
			credentials: [
				registryCredential(registry),
				{ id: 'AlerteKannelQ1', name: 'Passerelle Kannel', type: 'alerteCommercesKannelApi', data: { baseUrl: kannel.baseUrl, username: kannel.username, password: kannel.password } },
			],
			env: {
				EXECUTIONS_MODE: 'queue',
				QUEUE_BULL_REDIS_HOST: redis.host,
				QUEUE_BULL_REDIS_PORT: String(redis.port),
				// Main and workers decrypt the same credentials: one key for all (queue mode requires it).
				N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
				DB_TYPE: 'postgresdb',
				DB_POSTGRESDB_HOST: n8nDb.host,
				DB_POSTGRESDB_PORT: String(n8nDb.port),
				DB_POSTGRESDB_DATABASE: n8nDb.database,
				DB_POSTGRESDB_USER: n8nDb.user,
				DB_POSTGRESDB_PASSWORD: n8nDb.password ?? '',
			},
		});
		// The webhook registers just after n8n says it is ready (in queue mode a little later still):
		// a GET answers "not registered for GET … POST" once the POST webhook is there.
		await waitFor(async () => /POST/.test(await (await fetch(`${n8n.url}/webhook/${WEBHOOK_PATH}`)).text()), 60_000, 500);
	}, 600_000);

	afterAll(async () => {
		await n8n?.stop();
		await Promise.all([kannel?.close(), redis?.stop()]);
	}, 120_000);

	it('sends every phone exactly one SMS with the composed text, the executions sharing the work on both workers', async () => {
		const parsed = incidentFromFields(INCIDENT, { departements: ['63'], issuer: 'formulaire' });
		if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
		const composed = tryComposeAlert(parsed.incident, { sender: SENDER });
		if (!composed.ok) throw new Error(JSON.stringify(composed.errors));
		const { alertId, text } = composed.alert;

		// The same alert, several times at once (a double click, two operators, a retried call).
		const responses = await Promise.all(
			Array.from({ length: CALLS }, async () => {
				const response = await fetch(`${n8n.url}/webhook/${WEBHOOK_PATH}`, {
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify(INCIDENT),
					signal: AbortSignal.timeout(300_000),
				});
				return { status: response.status, body: (await response.text()).slice(0, 2000) };
			}),
		);
		// Each execution answers once the whole alert is settled (its own rows and the others').
		for (const response of responses) {
			expect(response.status).toBe(200);
			expect(JSON.parse(response.body)).toMatchObject({ alertId, total: MEMBERS, counts: { queued: 0, sent: MEMBERS, failed: 0, expired: 0 } });
		}

		// At the SMSC: every message is in, and no late duplicate arrives after.
		const expected = new Set(members(MEMBERS).map((m) => m.phones[0]));
		expect(expected.size).toBe(MEMBERS);
		await waitFor(() => kannel.messages().length >= MEMBERS, 120_000);
		let settled = -1;
		await waitFor(() => {
			const count = kannel.messages().length;
			const stable = count === settled;
			settled = count;
			return stable;
		}, 60_000, 3000);
		const received = kannel.messages();
		const perPhone = new Map<string, number>();
		for (const message of received) perPhone.set(message.to, (perPhone.get(message.to) ?? 0) + 1);
		expect([...perPhone.entries()].filter(([, n]) => n !== 1)).toEqual([]);
		expect(perPhone.size).toBe(MEMBERS);
		expect([...perPhone.keys()].filter((phone) => !expected.has(phone))).toEqual([]);
		expect(received).toHaveLength(MEMBERS);
		expect(new Set(received.map((m) => m.text))).toEqual(new Set([text]));
		expect(new Set(received.map((m) => m.from))).toEqual(new Set([SENDER]));

		// The ledger: every row sent, each handed to Kannel exactly once (one claim, one call).
		const store = await openRegistry(registry);
		try {
			const rows = await (await ledgerOf(store.db)).rows(alertId);
			expect(rows).toHaveLength(MEMBERS);
			expect(rows.filter((r) => r.status !== 'sent' || r.attempts !== 1).map((r) => ({ status: r.status, attempts: r.attempts, error: r.error }))).toEqual([]);
			// Each execution keeps to RATE SMS in any one second (handed_at is the time its limiter granted
			// the call): more than RATE handed within one second means several executions were sending
			// this alert together; never more than all the executions' limits together.
			const handed = rows.map((r) => r.handedAt ?? 0).sort((a, b) => a - b);
			let busiest = 0;
			for (let i = 0, j = 0; i < handed.length; i++) {
				while (j < handed.length && handed[j] - handed[i] <= 1000) j++;
				busiest = Math.max(busiest, j - i);
			}
			expect(busiest).toBeGreaterThan(RATE);
			expect(busiest).toBeLessThanOrEqual(CALLS * RATE);
		} finally {
			await store.close();
		}

		// n8n's side: one successful execution per call, each started by exactly one worker.
		await waitFor(async () => (await n8n.executions('AlerteQueueE2e1')).filter((e) => e.status === 'success').length === CALLS, 60_000);
		const executions = await n8n.executions('AlerteQueueE2e1');
		expect(executions.map((e) => e.status)).toEqual(Array.from({ length: CALLS }, () => 'success'));
		const workerLogs = n8n.workerLogs();
		const workerOf = (id: string) => workerLogs.flatMap((log, worker) => (new RegExp(`Worker started execution ${id} \\(job`).test(log) ? [worker] : []));
		const runs: RunSummary[] = [];
		for (const execution of executions) {
			const workers = workerOf(execution.id);
			expect({ execution: execution.id, workers: workers.length }).toEqual({ execution: execution.id, workers: 1 });
			const data = unflatten((await n8n.execution(execution.id)).data) as { resultData: { runData: Record<string, NodeRun[]> } };
			const runData = data.resultData.runData;
			const first = (node: string) => runData[node]?.[0]?.data?.main?.[0]?.[0]?.json ?? {};
			const dispatch = runData['SMS Dispatch'][0];
			runs.push({
				id: execution.id,
				worker: workers[0],
				status: execution.status,
				composedText: first('Alert Composer').text,
				newlyQueued: Number(first('Sector Targeting').newlyQueued),
				dispatch: { start: dispatch.startTime, end: dispatch.startTime + dispatch.executionTime, output: first('SMS Dispatch') },
			});
		}
		for (const run of runs) {
			expect(run.composedText).toBe(text);
			expect(run.dispatch.output).toMatchObject({ alertId, total: MEMBERS, counts: { sent: MEMBERS, queued: 0 } });
		}
		// The identical calls queued the recipients once between them: the ledger's unique (alert, phone).
		expect(runs.reduce((sum, run) => sum + run.newlyQueued, 0)).toBe(MEMBERS);
		// Both workers ran executions of the alert, and SMS Dispatch ran on both at the same time.
		expect(new Set(runs.map((run) => run.worker))).toEqual(new Set([0, 1]));
		const overlapping = runs.some((a) => runs.some((b) => a.worker !== b.worker && a.dispatch.start < b.dispatch.end && b.dispatch.start < a.dispatch.end));
		expect({ overlapping, runs: runs.map(({ id, worker, dispatch }) => ({ id, worker, start: dispatch.start, end: dispatch.end })) }).toMatchObject({ overlapping: true });
	}, 600_000);
});
