/**
 * Phone numbers in a text, in every way French numbers are written: `+33 4 73 12 34 56`,
 * `+33 (0)4…`, `0033…`, `04 73 12 34 56`, `04.73.12.34.56`, `04-73-12-34-56`, `(04) 73 12 34 56`,
 * `0473123456`, `O6 12…`. Short numbers (15, 17, 18, 112, 114, 3919, 116 000) are not phone
 * numbers to refuse: they are the ones an alert tells members to call.
 */

/** Digits joined by separators a number is written with (spaces, `.`, `-`, `/`, `_`, parentheses). One digit per step: linear. */
const RUN = /(?<![\p{L}\p{N}+])(?:\+ ?)?\(?\d(?:[ .\-/_()]{0,4}\d)*/gu;

/** The letter O typed for a zero next to digits ("O6 12 34 56 78"). */
const LETTER_O = /(?<!\p{L})[Oo](?=\d)|(?<=\d)[Oo](?!\p{L})/gu;

interface Group {
	digits: string;
	/** The separator before this group, spaces and parentheses removed (`''` for a space or none). */
	joint: string;
}

function groupsOf(run: string): Group[] {
	const groups: Group[] = [];
	const pattern = /([^\d]*)(\d+)/g;
	for (const [, before, digits] of run.matchAll(pattern)) groups.push({ digits, joint: before.replace(/[\s()+]/g, '') });
	return groups;
}

const validDay = (d: string) => +d >= 1 && +d <= 31;
const validMonth = (m: string) => +m >= 1 && +m <= 12;

/**
 * Indexes of groups that form a date written inside a run of digits (`05/12/2026`, `05.12.26`,
 * `05/12`), so "le 05/12/2026 10 billets" is not read as 0512202610. A chain of four or more
 * dotted pairs is a phone number, never a date.
 */
function dateGroups(groups: Group[]): Set<number> {
	const dates = new Set<number>();
	let start = 0;
	while (start < groups.length) {
		let end = start + 1;
		const joint = groups[end]?.joint;
		if (joint && /^[/.-]$/.test(joint)) while (end < groups.length && groups[end].joint === joint) end++;
		const chain = groups.slice(start, end).map((g) => g.digits);
		const isDate =
			(chain.length === 3 && validDay(chain[0]) && validMonth(chain[1]) && /^(?:\d{2}|(?:19|20)\d{2})$/.test(chain[2])) ||
			(chain.length === 2 && joint === '/' && validDay(chain[0]) && validMonth(chain[1]));
		if (isDate && chain.every((d) => d.length <= 4) && chain[0].length <= 2 && chain[1].length <= 2) {
			for (let i = start; i < end; i++) dates.add(i);
		}
		start = end;
	}
	return dates;
}

/** True when the groups, taken together, are a number to call. */
function isPhone(groups: Group[], international: boolean): boolean {
	const digits = groups.map((g) => g.digits).join('');
	if (international) return digits.length >= 8;
	// 0X…, or 33… typed without its +: ten digits and more are a number to call.
	if (digits.length >= 10 && /^(?:0|33)/.test(digits)) return true;
	if (groups.some((g) => g.digits.length >= 9)) return true;
	// 4 73 12 34 56: a national number without its 0, as after +33.
	const lengths = groups.map((g) => g.digits.length).join(',');
	return lengths === '1,2,2,2,2' && /^[1-9]/.test(digits);
}

/** The first phone number in `text`, as written there. */
export function findPhoneNumber(text: string): string | undefined {
	const view = text.replace(LETTER_O, '0');
	for (const found of view.matchAll(RUN)) {
		let run = found[0];
		// A last group glued to a letter is a time, a size or a unit (14h30, 1m80, 3km), not part of the number.
		const next = view.charAt((found.index ?? 0) + run.length);
		if (/\p{L}/u.test(next)) run = run.replace(/[ .\-/_()]*\d+$/, '');
		const groups = groupsOf(run);
		if (!groups.length) continue;
		const international = run.startsWith('+') || groups[0].digits.startsWith('00');
		// The usual French layout (five pairs from 0X) is a phone number whatever joins the pairs.
		if (groups.length === 5 && groups.every((g) => g.digits.length === 2) && /^0[1-9]/.test(groups[0].digits)) return run.trim();
		const dates = dateGroups(groups);
		let piece: Group[] = [];
		for (let i = 0; i <= groups.length; i++) {
			if (i < groups.length && !dates.has(i)) {
				piece.push(groups[i]);
				continue;
			}
			if (piece.length && isPhone(piece, international && piece[0] === groups[0])) return run.trim();
			piece = [];
		}
	}
	return undefined;
}
