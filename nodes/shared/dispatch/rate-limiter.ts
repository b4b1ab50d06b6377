/** Waits; exported so tests and the dispatcher share one definition. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

/**
 * Messages-per-second limiter: a token bucket of depth 1 (one message every 1/rate s, so no burst)
 * plus a log of the last `rate` grants, so that no one-second window ever holds more than `rate`
 * messages even when a late timer makes the schedule catch up. A rate of 0 means no limit.
 */
export class RateLimiter {
	private next = 0;
	private readonly log: number[];
	private head = 0;
	private chain: Promise<unknown> = Promise.resolve();
	private pausedUntil = 0;

	constructor(readonly ratePerSecond: number) {
		this.log = ratePerSecond > 0 ? new Array<number>(Math.ceil(ratePerSecond)).fill(-Infinity) : [];
	}

	/** Resolves when `count` messages may go; returns the grant time (epoch ms) of the last one. */
	take(count = 1): Promise<number> {
		// No limit and no pause: nothing to wait for or to log, so no place in the chain either.
		if (this.ratePerSecond <= 0) {
			const now = Date.now();
			if (this.pausedUntil <= now) return Promise.resolve(now);
		}
		const granted = this.chain.then(() => this.grant(count));
		this.chain = granted.catch(() => undefined);
		return granted;
	}

	/** Holds every caller until `until` (a provider answered 429 with Retry-After). */
	pauseUntil(until: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, until);
	}

	private async grant(count: number): Promise<number> {
		let at = Date.now();
		for (let i = 0; i < count; i++) {
			for (;;) {
				const now = Date.now();
				if (this.ratePerSecond <= 0) {
					at = Math.max(now, this.pausedUntil);
				} else {
					// The oldest of the last `rate` grants must be more than one second old.
					const windowFree = this.log[this.head] + 1000 + 1;
					at = Math.max(now, this.next, windowFree, this.pausedUntil);
				}
				if (at <= now) break;
				await sleep(at - now);
			}
			at = Date.now();
			if (this.ratePerSecond > 0) {
				this.next = Math.max(this.next, at - 1000 / this.ratePerSecond) + 1000 / this.ratePerSecond;
				this.log[this.head] = at;
				this.head = (this.head + 1) % this.log.length;
			}
		}
		return at;
	}
}
