import { randomUUID } from 'node:crypto';
import { maskPhone } from '../phone';
import { smsInfo } from '../sms';
import type { Ledger } from './ledger';
import type { OutgoingSms, SendOutcome, SmsProvider } from './providers/types';
import { RateLimiter, sleep } from './rate-limiter';
import { backoffDelay, DEFAULT_RETRY, type RetryPolicy } from './retry';
import type { LedgerRow } from './types';

/** One provider with its throttle. */
export interface ProviderLane {
	provider: SmsProvider;
	/** Messages per second; 0 = no limit. */
	rate: number;
	concurrency: number;
}

export interface DispatchOptions {
	ledger: Ledger;
	primary: ProviderLane;
	/** Takes the recipients the primary failed permanently or could not reach after its retries. */
	secondary?: ProviderLane;
	retry?: RetryPolicy;
	/** How long a claim lasts without renewal; a dead worker's rows are re-taken after it. */
	leaseMs?: number;
	/** How long a row handed to a provider by a dead worker waits for a receipt before being re-sent. */
	inDoubtGraceMs?: number;
	/** Rows claimed at a time. */
	claimBatch?: number;
	/** Log lines (phones masked). */
	log?: (message: string) => void;
}

/** What this run did for one alert. */
export interface DispatchSummary {
	alertId: string;
	sent: number;
	failed: number;
	failedOver: number;
	/** Rows still queued when the run ended (held by a live worker that made no progress, or stopped). */
	leftQueued: number;
}

/** The provider refused our credentials: the run stops, recipients stay queued for a re-run. */
export class DispatchAuthError extends Error {
	constructor(
		readonly provider: string,
		readonly code: string,
		message: string,
	) {
		super(message);
	}
}

interface Lane extends ProviderLane {
	limiter: RateLimiter;
}

interface RunState {
	token: string;
	authError?: DispatchAuthError;
	summary: DispatchSummary;
}

export const DISPATCH_DEFAULTS = { leaseMs: 30_000, inDoubtGraceMs: 60_000, claimBatch: 500 };

/** A small pool: runs `work` over `jobs` with at most `concurrency` at once. */
async function runPool<T>(jobs: readonly T[], concurrency: number, work: (job: T) => Promise<void>): Promise<void> {
	let next = 0;
	const runners = Array.from({ length: Math.max(1, Math.min(concurrency, jobs.length)) }, async () => {
		while (next < jobs.length) await work(jobs[next++]);
	});
	await Promise.all(runners);
}

/** Groups rows into provider calls: one per row, or shared text+sender batches for bulk APIs. */
function batches(rows: readonly LedgerRow[], maxBatch: number): LedgerRow[][] {
	if (maxBatch <= 1) return rows.map((row) => [row]);
	const groups = new Map<string, LedgerRow[]>();
	for (const row of rows) {
		const key = `${row.sender}\u0000${row.text}`;
		const group = groups.get(key) ?? [];
		group.push(row);
		groups.set(key, group);
	}
	const out: LedgerRow[][] = [];
	for (const group of groups.values()) for (let i = 0; i < group.length; i += maxBatch) out.push(group.slice(i, i + maxBatch));
	return out;
}

function toSms(row: LedgerRow): OutgoingSms {
	return { ref: row.ref, phone: row.phone, text: row.text, sender: row.sender, encoding: smsInfo(row.text, { unicode: true }).encoding };
}

/**
 * Sends every queued recipient of one alert, exactly once per phone (see ledger.ts), with the
 * lanes' rate limits and concurrency, retries with backoff, and failover to the secondary lane.
 * Waits for rows other workers hold until they finish or their claims expire.
 */
export async function dispatchAlert(alertId: string, options: DispatchOptions): Promise<DispatchSummary> {
	const { ledger } = options;
	const retry = options.retry ?? DEFAULT_RETRY;
	const leaseMs = options.leaseMs ?? DISPATCH_DEFAULTS.leaseMs;
	const graceMs = options.inDoubtGraceMs ?? DISPATCH_DEFAULTS.inDoubtGraceMs;
	const claimBatch = options.claimBatch ?? DISPATCH_DEFAULTS.claimBatch;
	const log = options.log ?? (() => undefined);
	const primary: Lane = { ...options.primary, limiter: new RateLimiter(options.primary.rate) };
	const secondary: Lane | undefined = options.secondary && { ...options.secondary, limiter: new RateLimiter(options.secondary.rate) };
	const state: RunState = { token: randomUUID(), summary: { alertId, sent: 0, failed: 0, failedOver: 0, leftQueued: 0 } };

	const heartbeat = setInterval(() => void ledger.renew(state.token, leaseMs).catch(() => undefined), Math.max(50, leaseMs / 3));
	heartbeat.unref();
	try {
		let idleSince = Date.now();
		let lastPending = Number.POSITIVE_INFINITY;
		// Bounded: every pass either claims rows (which leave `queued` or stop the run) or waits, and
		// waiting ends once nobody made progress for longer than a lease plus the in-doubt grace.
		while (!state.authError) {
			const rows = await ledger.claim(alertId, state.token, claimBatch, leaseMs, graceMs);
			if (rows.length) {
				await processChunk(rows, primary, secondary, ledger, retry, state, log);
				idleSince = Date.now();
				continue;
			}
			const pending = await ledger.pendingCount(alertId);
			if (pending === 0) break;
			if (pending < lastPending) {
				lastPending = pending;
				idleSince = Date.now();
			}
			if (Date.now() - idleSince > leaseMs + graceMs + 1000) break;
			await sleep(Math.min(200, leaseMs / 4));
		}
	} finally {
		clearInterval(heartbeat);
		await ledger.release(state.token);
	}
	state.summary.leftQueued = await ledger.pendingCount(alertId);
	if (state.authError) throw state.authError;
	return state.summary;
}

async function processChunk(
	rows: LedgerRow[],
	primary: Lane,
	secondary: Lane | undefined,
	ledger: Ledger,
	retry: RetryPolicy,
	state: RunState,
	log: (message: string) => void,
): Promise<void> {
	// Rows re-taken too often (each hand-over counts, in-doubt re-takes included) are given up.
	const maxHandOvers = retry.maxAttempts * (secondary ? 2 : 1);
	for (const row of rows.filter((r) => r.attempts >= maxHandOvers)) {
		await ledger.markFailed(row.id, row.provider, row.errorCode ?? 'attempts-exhausted', `${row.error ?? 'no answer'}, still unsettled after ${row.attempts} attempt(s)`);
		state.summary.failed++;
	}
	rows = rows.filter((r) => r.attempts < maxHandOvers);
	const failover: { row: LedgerRow; reason: string }[] = [];
	await runPool(batches(rows, primary.provider.limits.maxBatch), primary.concurrency, (job) =>
		sendWithRetries(job, primary, ledger, retry, state, log, (row, reason) => {
			if (!secondary) return false;
			failover.push({ row, reason });
			return true;
		}),
	);
	if (!secondary || !failover.length || state.authError) return;
	const reasons = new Map(failover.map((f) => [f.row.id, f.reason]));
	state.summary.failedOver += failover.length;
	log(`${failover.length} recipient(s) handed over to ${secondary.provider.name}`);
	await runPool(
		batches(
			failover.map((f) => f.row),
			secondary.provider.limits.maxBatch,
		),
		secondary.concurrency,
		(job) => sendWithRetries(job, secondary, ledger, retry, state, log, () => false, reasons),
	);
}

/**
 * One provider call for a batch, repeated for the rows that got a transient error.
 * `onGiveUp` may take a row for failover; otherwise the row is recorded as failed.
 */
async function sendWithRetries(
	job: LedgerRow[],
	lane: Lane,
	ledger: Ledger,
	policy: RetryPolicy,
	state: RunState,
	log: (message: string) => void,
	onGiveUp: (row: LedgerRow, reason: string) => boolean,
	earlierReasons?: Map<number, string>,
): Promise<void> {
	const name = lane.provider.name;
	const giveUp = async (row: LedgerRow, code: string, error: string) => {
		if (onGiveUp(row, `${name}: ${error}`)) {
			await ledger.markRetry(row.id, code, error, false);
			return;
		}
		const before = earlierReasons?.get(row.id);
		await ledger.markFailed(row.id, name, code, before ? `${error}; before that ${before}` : error);
		state.summary.failed++;
		log(`${maskPhone(row.phone)}: ${error}`);
	};
	let pending = job;
	// Bounded by policy.maxAttempts.
	for (let attempt = 1; pending.length && !state.authError; attempt++) {
		const grantedAt = await lane.limiter.take(pending.length);
		if (state.authError) return;
		const mine = await ledger.markHanding(
			pending.map((r) => r.id),
			state.token,
			name,
			grantedAt,
		);
		// A row resolved by a receipt or taken over after our lease expired is not sent again.
		pending = pending.filter((r) => mine.has(r.id));
		if (!pending.length) return;
		let outcomes: SendOutcome[];
		try {
			outcomes = await lane.provider.send(pending.map(toSms));
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			outcomes = pending.map(() => ({ kind: 'permanent', code: 'provider-error', error: message }));
		}
		const again: LedgerRow[] = [];
		let wait = 0;
		for (let i = 0; i < pending.length; i++) {
			const row = pending[i];
			const outcome = outcomes[i];
			switch (outcome.kind) {
				case 'accepted':
					await ledger.markSent(row.id, name, outcome.providerMessageId, outcome.delivered === true);
					state.summary.sent++;
					break;
				case 'auth':
					await ledger.markRetry(row.id, outcome.code, outcome.error, false);
					state.authError ??= new DispatchAuthError(name, outcome.code, outcome.error);
					break;
				case 'permanent':
					await giveUp(row, outcome.code, outcome.error);
					break;
				case 'retry': {
					if (outcome.inDoubt && lane.provider.settlesInDoubt && attempt < policy.maxAttempts) {
						// The provider may have it: wait for its receipt (or the grace) rather than risk a duplicate.
						await ledger.markInDoubt(row.id, outcome.code, outcome.error);
						break;
					}
					const tooLong = outcome.retryAfterMs !== undefined && outcome.retryAfterMs > policy.maxRetryAfterMs;
					if (attempt >= policy.maxAttempts || tooLong) {
						await giveUp(row, outcome.code, `${outcome.error}, still failing after ${attempt} attempt(s)`);
						break;
					}
					await ledger.markRetry(row.id, outcome.code, outcome.error, outcome.inDoubt);
					again.push(row);
					const delay = Math.max(backoffDelay(attempt, policy), outcome.retryAfterMs ?? 0);
					if (outcome.retryAfterMs !== undefined) lane.limiter.pauseUntil(Date.now() + outcome.retryAfterMs);
					wait = Math.max(wait, delay);
					break;
				}
			}
		}
		pending = again;
		if (pending.length) await sleep(wait);
	}
}
