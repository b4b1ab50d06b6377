/**
 * Phone number → slot (0, 1, 2… in order of first sight), for de-duplicating recipients.
 * A Map keyed by phone strings costs ~0.5 µs an entry at 400,000 recipients (hashing scattered
 * strings, rehashing as it grows); E.164 numbers are read here as numbers (≤ 15 digits, exact in
 * a double) into an open-addressing table of typed arrays, about half the cost. Anything that is
 * not a canonical E.164 number (`+`, then no leading 0) goes through a Map, so no two
 * different strings ever share a slot.
 */
export class PhoneSlots {
	private table = new Int32Array(1 << 12);
	/** Entry (table value − 1) → the number and its slot. */
	private numbers = new Float64Array(1 << 10);
	private slots = new Int32Array(1 << 10);
	private count = 0;
	private readonly others = new Map<string, number>();
	/** Slots handed out so far: a slot equal to the previous `size` is a new phone. */
	size = 0;

	/** The slot of `phone`: its existing one, or the next free one (`size` before the call). */
	slotOf(phone: string): number {
		const value = e164Value(phone);
		if (value < 0) {
			const known = this.others.get(phone);
			if (known !== undefined) return known;
			this.others.set(phone, this.size);
			return this.size++;
		}
		const mask = this.table.length - 1;
		let at = hashOf(value) & mask;
		for (let entry = this.table[at]; entry !== 0; at = (at + 1) & mask, entry = this.table[at]) {
			if (this.numbers[entry - 1] === value) return this.slots[entry - 1];
		}
		if (this.count === this.numbers.length) {
			this.numbers = grown(this.numbers, new Float64Array(this.count * 2));
			this.slots = grown(this.slots, new Int32Array(this.count * 2));
		}
		this.numbers[this.count] = value;
		this.slots[this.count] = this.size;
		this.table[at] = ++this.count;
		if (this.count * 2 > this.table.length) this.rehash(this.table.length * 2);
		return this.size++;
	}

	private rehash(size: number): void {
		this.table = new Int32Array(size);
		const mask = size - 1;
		for (let entry = 0; entry < this.count; entry++) {
			let at = hashOf(this.numbers[entry]) & mask;
			while (this.table[at] !== 0) at = (at + 1) & mask;
			this.table[at] = entry + 1;
		}
	}
}

function grown<T extends Float64Array | Int32Array>(from: T, to: T): T {
	to.set(from);
	return to;
}

/** The digits of a canonical E.164 number as a number, or -1. */
function e164Value(phone: string): number {
	const length = phone.length;
	if (length < 3 || length > 16 || phone.charCodeAt(0) !== 43 || phone.charCodeAt(1) === 48) return -1;
	let value = 0;
	for (let i = 1; i < length; i++) {
		const digit = phone.charCodeAt(i) - 48;
		if (digit < 0 || digit > 9) return -1;
		value = value * 10 + digit;
	}
	return value;
}

function hashOf(value: number): number {
	return (Math.imul(value % 0x7fffffff, 0x9e3779b1) ^ Math.imul((value / 0x100000000) | 0, 0x85ebca6b)) >>> 0;
}
