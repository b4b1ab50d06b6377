import { backoffDelay, dryRun, parseRetryAfter, RateLimiter, validateRecipient } from '../../nodes/shared/dispatch';

/** Most grants in any half-open one-second window. */
function maxPerSecond(times: number[]): number {
	let max = 0;
	for (let i = 0, j = 0; i < times.length; i++) {
		while (times[i] - times[j] >= 1000) j++;
		max = Math.max(max, i - j + 1);
	}
	return max;
}

describe('rate limiter', () => {
	test('never grants more than the rate in any one-second window', async () => {
		const limiter = new RateLimiter(50);
		const times: number[] = [];
		await Promise.all(Array.from({ length: 8 }, async () => {
			for (let i = 0; i < 15; i++) times.push(await limiter.take());
		}));
		times.sort((a, b) => a - b);
		expect(times).toHaveLength(120);
		expect(maxPerSecond(times)).toBeLessThanOrEqual(50);
	});

	test('a rate of 0 does not wait', async () => {
		const limiter = new RateLimiter(0);
		for (let i = 0; i < 1000; i++) await limiter.take();
	});
});

describe('retry', () => {
	test('backoff grows exponentially within its jitter band and its cap', () => {
		const policy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 0 };
		expect(backoffDelay(1, policy, () => 0)).toBe(50);
		expect(backoffDelay(1, policy, () => 1)).toBe(100);
		expect(backoffDelay(3, policy, () => 1)).toBe(400);
		expect(backoffDelay(10, policy, () => 1)).toBe(1000);
	});

	test('Retry-After in seconds or as an HTTP date', () => {
		expect(parseRetryAfter('2')).toBe(2000);
		expect(parseRetryAfter('Wed, 21 Oct 2026 07:28:05 GMT', Date.parse('Wed, 21 Oct 2026 07:28:00 GMT'))).toBe(5000);
		expect(parseRetryAfter(undefined)).toBeUndefined();
		expect(parseRetryAfter('soon')).toBeUndefined();
	});
});

describe('recipients and dry run', () => {
	test('validation explains what is wrong', () => {
		expect(validateRecipient({ alertId: 'a', phone: '+33612345678', text: 'x', sender: 'CCI63' })).toMatchObject({ ok: true });
		const bad = validateRecipient({ alertId: '', phone: '0612345678', text: ' ', sender: 'Chambre de commerce' });
		expect(bad.ok).toBe(false);
		if (!bad.ok) expect(bad.errors).toHaveLength(4);
	});

	test('segments, encoding and cost without any provider call', async () => {
		const lines = await dryRun(
			[
				{ alertId: 'a', phone: '+33612345678', text: 'Faux billets à Issoire.', sender: 'CCI63' },
				{ alertId: 'a', phone: '+33612345679', text: 'Vol à main armée – fermez. '.repeat(4), sender: 'CCI63' },
			],
			0.05,
		);
		expect(lines[0]).toMatchObject({ wouldSend: true, encoding: 'GSM-7', segments: 1, estimatedCost: 0.05 });
		expect(lines[1]).toMatchObject({ wouldSend: true, encoding: 'UCS-2', segments: 2, estimatedCost: 0.1 });
	});
});
