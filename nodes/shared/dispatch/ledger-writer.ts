import type { HandingEntry, Ledger, SentEntry } from './ledger';

/** When buffered "sent" records are written: whichever comes first. */
export interface WriterOptions {
	/** Most records held before a write. */
	maxBuffered?: number;
	/** Longest a record waits, in ms. */
	flushMs?: number;
}

export const WRITER_DEFAULTS = { maxBuffered: 256, flushMs: 25 };

interface HandRequest {
	entries: HandingEntry[];
	resolve: (mine: Set<number>) => void;
	reject: (error: unknown) => void;
}

/**
 * The writes of one dispatch run, grouped: at thousands of SMS a second, one autocommit per row
 * and per step cost more than the sending itself.
 * - `hand` is a group commit: the calls asked for in the same turn of the event loop are stamped in
 *   one transaction, and each caller waits for that commit before it sends (claim before send).
 * - `sent` is buffered and written every `flushMs` or `maxBuffered` records; `flush` writes what is
 *   left, and must run before the run releases its claims (see ledger.ts for a crash in between).
 */
export class LedgerWriter {
	private readonly maxBuffered: number;
	private readonly flushMs: number;
	private handQueue = new Map<string, HandRequest[]>();
	private handScheduled = false;
	private sentBuffer: SentEntry[] = [];
	private timer: NodeJS.Timeout | undefined;
	/** Writes of "sent" under way, in order. */
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

	/** Buffers a provider's acceptance. */
	sent(entry: SentEntry): void {
		this.sentBuffer.push(entry);
		if (this.sentBuffer.length >= this.maxBuffered) this.writeSent();
		else this.timer ??= setTimeout(() => this.writeSent(), this.flushMs);
	}

	private writeSent(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		if (!this.sentBuffer.length) return;
		const batch = this.sentBuffer;
		this.sentBuffer = [];
		this.sentChain = this.sentChain.then(() =>
			this.ledger.markSentMany(batch).catch((error: unknown) => {
				// Those rows stay in doubt (handed, not recorded); the run reports the error at its end.
				this.failure ??= error;
			}),
		);
	}

	/** Writes every buffered record; throws the first write error of the run. */
	async flush(): Promise<void> {
		this.writeSent();
		await this.sentChain;
		if (this.failure) throw this.failure;
	}

	/** Records buffered and not yet written (tests, a simulated crash). */
	get buffered(): number {
		return this.sentBuffer.length;
	}

	/** Stops the timer without writing: what a crash does (tests only). */
	abandon(): void {
		if (this.timer) clearTimeout(this.timer);
		this.timer = undefined;
		this.sentBuffer = [];
	}
}
