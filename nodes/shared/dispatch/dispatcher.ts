import { randomUUID } from 'node:crypto';
import { maskPhone } from '../phone';
import { smsInfo, type SmsEncoding } from '../sms';
import type { Ledger } from './ledger';
import { LedgerWriter, type WriterOptions } from './ledger-writer';
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
	/** How the ledger writes of the run are grouped (see ledger-writer.ts). */
	writes?: WriterOptions;
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

/**
 * `claimBatch`: rows per claim under a rate limit; `unthrottledClaimBatch` without one, where every
 * claim ends with the pool draining to zero calls in flight, each slot's last call also waiting for
 * its acceptance's commit, then the claim itself stopping the event loop (≈ 15 % of the time at 500
 * rows). With acceptances group-committed, claims of 2,000 rows left a 10,000-recipient alert ≈ 10 %
 * slower than before; claims of 10,000 won back part of it (all of it one item per recipient,
 * docs/dispatch-guarantees.md). A claim costs the same per row whatever its size, and its lease is
 * renewed while the run works.
 */
export const DISPATCH_DEFAULTS = { leaseMs: 30_000, inDoubtGraceMs: 60_000, claimBatch: 500, unthrottledClaimBatch: 10_000 };

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

/** Rows stamped per commit ahead of their calls on a lane without rate limit. */
const HAND_AHEAD_ROWS = 64;

/**
 * Hands stamped a block of calls ahead, on a lane without a rate limit: one commit per block
 * instead of one per call, still committed before any call of the block. Rows whose call never went
 * out because the run stopped are given back (`unhand`); a crash leaves them in doubt like any row
 * handed without an answer, so they are sent once after the grace. With a rate limit each call is
 * stamped at its own granted time instead (the limit is checked on `handed_at`).
 */
class HandAhead {
	private readonly blockOf = new Map<LedgerRow[], number>();
	private readonly stamps = new Map<number, Promise<Set<number>>>();
	private readonly block: number;

	constructor(
		private readonly jobs: LedgerRow[][],
		private readonly provider: string,
		private readonly writer: LedgerWriter,
		maxBatch: number,
	) {
		this.block = Math.max(1, Math.floor(HAND_AHEAD_ROWS / Math.max(1, maxBatch)));
		jobs.forEach((job, i) => this.blockOf.set(job, Math.floor(i / this.block)));
	}

	/** The ids of the job's block still ours, once the block's stamp is committed. */
	mine(job: LedgerRow[]): Promise<Set<number>> {
		const b = this.blockOf.get(job) ?? -1;
		let stamp = this.stamps.get(b);
		if (!stamp) {
			const at = Date.now();
			const rows = b < 0 ? job : this.jobs.slice(b * this.block, (b + 1) * this.block).flat();
			stamp = this.writer.hand(
				this.provider,
				rows.map((r) => ({ id: r.id, at })),
			);
			this.stamps.set(b, stamp);
		}
		return stamp;
	}
}

function toSms(row: LedgerRow, encodings: Map<string, SmsEncoding>): OutgoingSms {
	let encoding = encodings.get(row.text);
	if (!encoding) {
		encoding = smsInfo(row.text, { unicode: true }).encoding;
		if (encodings.size > 100) encodings.clear();
		encodings.set(row.text, encoding);
	}
	return { ref: row.ref, phone: row.phone, text: row.text, sender: row.sender, encoding };
}

/**
 * Sends every queued recipient of one alert, exactly once per phone (see ledger/claims.ts), with the
 * lanes' rate limits and concurrency, retries with backoff, and failover to the secondary lane.
 * Waits for rows other workers hold until they finish or their claims expire.
 */
export async function dispatchAlert(alertId: string, options: DispatchOptions): Promise<DispatchSummary> {
	return new DispatchRun(alertId, options).run();
}

/** A row given up on a lane, and what the failover lane is told of it. */
type GiveUp = (row: LedgerRow, reason: string) => boolean;

/** What the attempts of one batch share: its lane, and where a row it gives up goes. */
interface Batch {
	lane: Lane;
	/** Takes a row for failover (true), or leaves it to be recorded as failed. */
	onGiveUp: GiveUp;
	/** The primary's reasons, quoted when the secondary gives a row up too. */
	earlierReasons?: Map<number, string>;
}

/**
 * One run of `dispatchAlert`: what every step shares — the ledger, the lanes, the retry policy, the
 * log, the claim token and its writer, and the summary — held once.
 */
class DispatchRun {
	private readonly ledger: Ledger;
	private readonly retry: RetryPolicy;
	private readonly leaseMs: number;
	private readonly graceMs: number;
	private readonly claimBatch: number;
	private readonly log: (message: string) => void;
	private readonly primary: Lane;
	private readonly secondary: Lane | undefined;
	private readonly token = randomUUID();
	private readonly writer: LedgerWriter;
	/** Encoding by text: every recipient of an alert shares one text. */
	private readonly encodings = new Map<string, SmsEncoding>();
	/** Rows stamped ahead whose first call never went out (the run stopped): given back. */
	private readonly unsent: number[] = [];
	private authError?: DispatchAuthError;
	private readonly summary: DispatchSummary;

	constructor(
		private readonly alertId: string,
		options: DispatchOptions,
	) {
		this.ledger = options.ledger;
		this.retry = options.retry ?? DEFAULT_RETRY;
		this.leaseMs = options.leaseMs ?? DISPATCH_DEFAULTS.leaseMs;
		this.graceMs = options.inDoubtGraceMs ?? DISPATCH_DEFAULTS.inDoubtGraceMs;
		this.claimBatch = options.claimBatch ?? (options.primary.rate > 0 ? DISPATCH_DEFAULTS.claimBatch : DISPATCH_DEFAULTS.unthrottledClaimBatch);
		this.log = options.log ?? (() => undefined);
		this.primary = { ...options.primary, limiter: new RateLimiter(options.primary.rate) };
		this.secondary = options.secondary && { ...options.secondary, limiter: new RateLimiter(options.secondary.rate) };
		this.writer = new LedgerWriter(this.ledger, this.token, options.writes);
		this.summary = { alertId, sent: 0, failed: 0, failedOver: 0, leftQueued: 0 };
	}

	async run(): Promise<DispatchSummary> {
		const { ledger, alertId, leaseMs, graceMs } = this;
		const heartbeat = setInterval(() => void ledger.renew(this.token, leaseMs).catch(() => undefined), Math.max(50, leaseMs / 3));
		heartbeat.unref();
		try {
			let idleSince = Date.now();
			let lastPending = Number.POSITIVE_INFINITY;
			// Bounded: every pass either claims rows (which leave `queued` or stop the run) or waits, and
			// waiting ends once nobody made progress for longer than a lease plus the in-doubt grace.
			while (!this.authError) {
				const rows = await ledger.claim(alertId, this.token, this.claimBatch, leaseMs, graceMs);
				if (rows.length) {
					await this.processChunk(rows);
					idleSince = Date.now();
					continue;
				}
				// Our own acceptances still buffered count as pending: write them before counting.
				await this.writer.flush();
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
			// Acceptances are written before the claims go: a released row must be sent or truly pending.
			try {
				await this.writer.flush();
			} finally {
				await ledger.release(this.token);
			}
		}
		this.summary.leftQueued = await ledger.pendingCount(alertId);
		if (this.authError) throw this.authError;
		return this.summary;
	}

	private async processChunk(rows: LedgerRow[]): Promise<void> {
		const { primary, secondary, ledger } = this;
		// Rows stamped too often (`attempts` counts every hand, in-doubt re-takes included) are given up.
		const maxHands = this.retry.maxAttempts * (secondary ? 2 : 1);
		for (const row of rows.filter((r) => r.attempts >= maxHands)) {
			await ledger.markFailed(row.id, row.provider, row.errorCode ?? 'attempts-exhausted', `${row.error ?? 'no answer'}, still unsettled after ${row.attempts} attempt(s)`);
			this.summary.failed++;
		}
		rows = rows.filter((r) => r.attempts < maxHands);
		const failover: { row: LedgerRow; reason: string }[] = [];
		await this.runLane(batches(rows, primary.provider.limits.maxBatch), primary, (job, ahead) =>
			this.sendWithRetries(job, primary, ahead, (row, reason) => {
				if (!secondary) return false;
				failover.push({ row, reason });
				return true;
			}),
		);
		if (!secondary || !failover.length || this.authError) return;
		const reasons = new Map(failover.map((f) => [f.row.id, f.reason]));
		this.summary.failedOver += failover.length;
		this.log(`${failover.length} recipient(s) failed over to ${secondary.provider.name}`);
		await this.runLane(
			batches(
				failover.map((f) => f.row),
				secondary.provider.limits.maxBatch,
			),
			secondary,
			(job, ahead) => this.sendWithRetries(job, secondary, ahead, () => false, reasons),
		);
	}

	/** Runs a lane's calls: stamped ahead without a rate limit, one by one at their grant time with one. */
	private async runLane(jobs: LedgerRow[][], lane: Lane, send: (job: LedgerRow[], ahead: HandAhead | undefined) => Promise<void>): Promise<void> {
		const ahead = lane.rate > 0 ? undefined : new HandAhead(jobs, lane.provider.name, this.writer, lane.provider.limits.maxBatch);
		await runPool(jobs, lane.concurrency, (job) => send(job, ahead));
		if (this.unsent.length) await this.ledger.unhand(this.unsent.splice(0), this.token);
	}

	/**
	 * One provider call for a batch, repeated for the rows that got a transient error.
	 * `onGiveUp` may take a row for failover; otherwise the row is recorded as failed.
	 */
	private async sendWithRetries(job: LedgerRow[], lane: Lane, ahead: HandAhead | undefined, onGiveUp: GiveUp, earlierReasons?: Map<number, string>): Promise<void> {
		const batch: Batch = { lane, onGiveUp, earlierReasons };
		let called = false;
		try {
			let pending = job;
			// Bounded by the retry policy's maxAttempts.
			for (let attempt = 1; pending.length && !this.authError; attempt++) {
				const grantedAt = await lane.limiter.take(pending.length);
				if (this.authError) return;
				const mine = attempt === 1 && ahead ? await ahead.mine(job) : await this.writer.hand(lane.provider.name, pending.map((r) => ({ id: r.id, at: grantedAt })));
				// A row resolved by a receipt or taken over after our lease expired is not sent again.
				pending = pending.filter((r) => mine.has(r.id));
				if (!pending.length) return;
				called = true;
				const { again, wait } = await this.settle(pending, await this.call(lane, pending), attempt, batch);
				pending = again;
				if (pending.length) await sleep(wait);
			}
		} finally {
			// Stamped ahead but never sent (the run stopped): not in doubt, given back after the lane.
			if (ahead && !called) this.unsent.push(...job.map((r) => r.id));
		}
	}

	/** The provider's answer for each row; a call that throws is a permanent error for the whole batch. */
	private async call(lane: Lane, pending: LedgerRow[]): Promise<SendOutcome[]> {
		try {
			return await lane.provider.send(pending.map((row) => toSms(row, this.encodings)));
		} catch (error) {
			const message = error instanceof Error ? error.message : String(error);
			return pending.map(() => ({ kind: 'permanent', code: 'provider-error', error: message }));
		}
	}

	/** Records the answers of one call; returns the rows to try again and how long to wait before. */
	private async settle(pending: LedgerRow[], outcomes: SendOutcome[], attempt: number, batch: Batch): Promise<{ again: LedgerRow[]; wait: number }> {
		const name = batch.lane.provider.name;
		const answeredAt = Date.now();
		const again: LedgerRow[] = [];
		const commits: Promise<void>[] = [];
		let wait = 0;
		for (let i = 0; i < pending.length; i++) {
			const row = pending[i];
			const outcome = outcomes[i];
			switch (outcome.kind) {
				case 'accepted':
					commits.push(this.writer.sent({ id: row.id, provider: name, providerMessageId: outcome.providerMessageId, delivered: outcome.delivered === true, at: answeredAt }));
					this.summary.sent++;
					break;
				case 'auth':
					await this.ledger.markRetry(row.id, outcome.code, outcome.error, false);
					this.authError ??= new DispatchAuthError(name, outcome.code, outcome.error);
					break;
				case 'permanent':
					await this.giveUp(row, batch, outcome.code, outcome.error);
					break;
				case 'retry': {
					const delay = await this.retryLater(row, outcome, attempt, batch);
					if (delay === undefined) break;
					again.push(row);
					wait = Math.max(wait, delay);
					break;
				}
			}
		}
		// Group commit: this slot's next call waits until its acceptances are recorded, so a crash
		// leaves at most one sent-but-unrecorded call per slot (see ledger-writer.ts).
		if (commits.length && this.writer.groupCommit) await Promise.all(commits);
		return { again, wait };
	}

	/** A transient error: the delay before this row's next attempt, or undefined when it is in doubt or given up. */
	private async retryLater(row: LedgerRow, outcome: Extract<SendOutcome, { kind: 'retry' }>, attempt: number, batch: Batch): Promise<number | undefined> {
		if (outcome.inDoubt) {
			await this.settleInDoubt(row, batch.lane.provider.name, outcome.code, outcome.error);
			return undefined;
		}
		const policy = this.retry;
		const tooLong = outcome.retryAfterMs !== undefined && outcome.retryAfterMs > policy.maxRetryAfterMs;
		if (attempt >= policy.maxAttempts || tooLong) {
			await this.giveUp(row, batch, outcome.code, `${outcome.error}, still failing after ${attempt} attempt(s)`);
			return undefined;
		}
		await this.ledger.markRetry(row.id, outcome.code, outcome.error, outcome.inDoubt);
		if (outcome.retryAfterMs !== undefined) batch.lane.limiter.pauseUntil(Date.now() + outcome.retryAfterMs);
		return Math.max(backoffDelay(attempt, policy), outcome.retryAfterMs ?? 0);
	}

	/** A row this provider will not take: failed over when `onGiveUp` takes it, else failed with its reasons. */
	private async giveUp(row: LedgerRow, { lane, onGiveUp, earlierReasons }: Batch, code: string, error: string): Promise<void> {
		const name = lane.provider.name;
		if (onGiveUp(row, `${name}: ${error}`)) {
			await this.ledger.markRetry(row.id, code, error, false);
			return;
		}
		const before = earlierReasons?.get(row.id);
		await this.ledger.markFailed(row.id, name, code, before ? `${error}; before that ${before}` : error);
		this.summary.failed++;
		this.log(`${maskPhone(row.phone)}: ${error}`);
	}

	/**
	 * The provider may have the message (no answer, a cut-off or unreadable one): never sent again at
	 * once. It waits, released, for its receipt or the grace (ledger.claim); a row that is already
	 * that one re-send after the grace (claimed with `handedAt`) and is in doubt again is given up.
	 */
	private async settleInDoubt(row: LedgerRow, name: string, code: string, error: string): Promise<void> {
		if (row.handedAt === null) {
			await this.ledger.markInDoubt(row.id, code, error);
			this.log(`${maskPhone(row.phone)}: ${error}; in doubt, waiting for its receipt or the grace`);
			return;
		}
		await this.ledger.markFailed(row.id, name, 'in-doubt', `${error}; in doubt twice (the provider may have it), not sent again`);
		this.summary.failed++;
		this.log(`${maskPhone(row.phone)}: ${error}; in doubt twice, not sent again`);
	}
}
