import type { HandingEntry, Ledger, SentEntry } from './ledger';

/** When acceptances ("sent" records) are written. */
export interface WriterOptions {
	/** Most acceptances held before a write when `flushMs` > 0. */
	maxBuffered?: number;
	/**
	 * 0 (the default): group commit — acceptances are written as soon as the previous write has
	 * committed, and each call's slot waits for its own acceptance's commit before the next call, so a
	 * crash can leave at most one sent-but-unrecorded message per slot. Above 0: acceptances wait up
	 * to this many ms (or `maxBuffered` records) and calls do not wait: fewer commits, and a crash
	 * window of the whole buffer.
	 */
	flushMs?: number;
}

export const WRITER_DEFAULTS = { maxBuffered: 256, flushMs: 0 };

interface HandRequest {
	entries: HandingEntry[];
	resolve: (mine: Set<number>) => void;
	reject: (error: unknown) => void;
}

/** A promise and its resolver, for the callers whose records go into the same write. */
interface Commit {
	promise: Promise<void>;
	resolve: () => void;
}

function newCommit(): Commit {
	let resolve: () => void = () => undefined;
	const promise = new Promise<void>((r) => {
		resolve = r;
	});
	return { promise, resolve };
}

/**
 * The writes of one dispatch run, grouped: at thousands of SMS a second, one autocommit per row
 * and per step cost more than the sending itself.
 * - `hand` is a group commit: the calls asked for in the same turn of the event loop are stamped in
 *   one transaction, and each caller waits for that commit before it sends (claim before send).
 * - `sent` is a group commit too (by default): the acceptances that arrive while a write is under
 *   way are written together as soon as it commits, and the returned promise resolves once the
 *   record is committed. `flush` writes what is left, and must run before the run releases its
 *   claims (see ledger/claims.ts for a crash in between).
 */
export class LedgerWriter {
	private readonly maxBuffered: number;
	private readonly flushMs: number;
	private handQueue = new Map<string, HandRequest[]>();
	private handScheduled = false;
	private sentBuffer: SentEntry[] = [];
	private sentCommit: Commit | undefined;
	private timer: NodeJS.Timeout | undefined;
	private immediate: NodeJS.Immediate | undefined;
	private writing = false;
	/** The write of "sent" under way (at most one at a time). */
	private sentChain: Promise<void> = Promise.resolve();
	private failure: unknown;

	constructor(
		private readonly ledger: Ledger,
		private readonly token: string,
		options: WriterOptions = {},
	) {
		this.maxBuffered = options.maxBuffered ?? WRITER_DEFAULTS.maxBuffered;
		this.flushMs = options.flushMs ?? WRITER_DEFAULTS.flushMs;
	}

	/** True when callers should wait for `sent`'s promise before their next call (group commit). */
	get groupCommit(): boolean {
		return this.flushMs <= 0;
	}

	/** Stamps rows as handed to `provider`; resolves with the ids still ours once committed. */
	hand(provider: string, entries: HandingEntry[]): Promise<Set<number>> {
		return new Promise((resolve, reject) => {
			const queue = this.handQueue.get(provider);
			if (queue) queue.push({ entries, resolve, reject });
			else this.handQueue.set(provider, [{ entries, resolve, reject }]);
			if (!this.handScheduled) {
				this.handScheduled = true;
				setImmediate(() => void this.writeHandings());
			}
		});
	}

	private async writeHandings(): Promise<void> {
		this.handScheduled = false;
		const queues = this.handQueue;
		this.handQueue = new Map();
		for (const [provider, requests] of queues) {
			try {
				const mine = await this.ledger.markHandingMany(
					requests.flatMap((r) => r.entries),
					this.token,
					provider,
				);
				for (const r of requests) r.resolve(mine);
			} catch (error) {
				for (const r of requests) r.reject(error);
			}
		}
	}

	/**
	 * Records a provider's acceptance; resolves once it is committed (or its write failed: the run
	 * reports that error at its end, and the row stays in doubt).
	 */
	sent(entry: SentEntry): Promise<void> {
		this.sentBuffer.push(entry);
		this.sentCommit ??= newCommit();
		const committed = this.sentCommit.promise;
		if (this.groupCommit) {
			// The acceptances of one turn of the event loop go together; a write under way takes the next ones when it commits.
			if (!this.writing) this.immediate ??= setImmediate(() => this.writeSent());
		} else if (this.sentBuffer.length >= this.maxBuffered) this.writeSent();
		else this.timer ??= setTimeout(() => this.writeSent(), this.flushMs);
		return committed;
	}

	private writeSent(): void {
		if (this.timer) clearTimeout(this.timer);
		if (this.immediate) clearImmediate(this.immediate);
		this.timer = undefined;
		this.immediate = undefined;
		if (!this.sentBuffer.length || this.writing) return;
		const batch = this.sentBuffer;
		const commit = this.sentCommit;
		this.sentBuffer = [];
		this.sentCommit = undefined;
		this.writing = true;
		this.sentChain = this.ledger
			.markSentMany(batch)
			.catch((error: unknown) => {
				// Those rows stay in doubt (handed, not recorded); the run reports the error at its end.
				this.failure ??= error;
			})
			.then(() => {
				this.writing = false;
				commit?.resolve();
				if (!this.sentBuffer.length) return;
				if (this.groupCommit || this.sentBuffer.length >= this.maxBuffered) this.writeSent();
				else this.timer ??= setTimeout(() => this.writeSent(), this.flushMs);
			});
	}

	/** Writes every buffered record; throws the first write error of the run. */
	async flush(): Promise<void> {
		// Bounded: no call runs during a flush, so each pass writes what is left and nothing new comes.
		for (let pass = 0; pass < 100 && (this.writing || this.sentBuffer.length); pass++) {
			this.writeSent();
			await this.sentChain;
		}
		if (this.failure) throw this.failure;
	}

	/** Records buffered and not yet written (tests, a simulated crash). */
	get buffered(): number {
		return this.sentBuffer.length;
	}

	/** Stops the timers without writing: what a crash does (tests only). */
	abandon(): void {
		if (this.timer) clearTimeout(this.timer);
		if (this.immediate) clearImmediate(this.immediate);
		this.timer = undefined;
		this.immediate = undefined;
		this.sentBuffer = [];
		this.sentCommit?.resolve();
		this.sentCommit = undefined;
	}
}
