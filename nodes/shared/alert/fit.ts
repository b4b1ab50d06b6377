import type { IncidentError } from '../incident/validate';
import { smsInfo } from '../sms';
import { renderText, type FitState, type TextParts } from './text';
import type { Alert } from './types';

export type Fitted = { ok: true; text: string; dropped: Alert['dropped'] } | { ok: false; errors: IncidentError[] };

/**
 * The text that fits `maxSegments`, dropping in order: suspects, location detail, the tail of the
 * description (word by word), then shortening words. The place and the instruction are never cut.
 */
export function fitText(parts: TextParts, maxSegments: number, unicode: boolean): Fitted {
	const fits = (state: FitState) => smsInfo(renderText(parts, state), { unicode }).segments <= maxSegments;
	const state = fittingState(parts.description.length, fits);
	if (state) return { ok: true, text: renderText(parts, state), dropped: droppedBy(parts, state) };
	return { ok: false, errors: [tooLongError(parts, maxSegments, unicode)] };
}

/** The first state that fits, from keeping everything to keeping the least. */
function fittingState(words: number, fits: (state: FitState) => boolean): FitState | undefined {
	const steps: FitState[] = [
		{ suspects: true, location: true, words, abbreviated: false },
		{ suspects: false, location: true, words, abbreviated: false },
		{ suspects: false, location: false, words, abbreviated: false },
	];
	const whole = steps.find(fits);
	if (whole) return whole;
	for (const abbreviated of [false, true]) {
		const base = { suspects: false, location: false, abbreviated };
		if (fits({ ...base, words: 0 })) return { ...base, words: longestHead(words, (kept) => fits({ ...base, words: kept })) };
	}
	return undefined;
}

/** The most words of the description that fit: a binary search, as the length grows with the words kept. */
function longestHead(words: number, fits: (kept: number) => boolean): number {
	let low = 0;
	let high = words;
	while (low < high) {
		const middle = Math.ceil((low + high) / 2);
		if (fits(middle)) low = middle;
		else high = middle - 1;
	}
	return low;
}

/** The parts `state` leaves out, in the order they are dropped. */
function droppedBy(parts: TextParts, state: FitState): Alert['dropped'] {
	const dropped: Alert['dropped'] = [];
	if (parts.suspects && !state.suspects) dropped.push('suspects');
	if (parts.location && !state.location) dropped.push('location');
	if (state.words < parts.description.length) dropped.push('description');
	if (state.abbreviated) dropped.push('words');
	return dropped;
}

function tooLongError(parts: TextParts, maxSegments: number, unicode: boolean): IncidentError {
	const minimum = smsInfo(renderText(parts, { suspects: false, location: false, words: 0, abbreviated: true }), { unicode });
	return {
		field: 'text',
		message: `The SMS needs ${minimum.segments} segments even with only the type, the place and the instruction (${minimum.units} ${minimum.encoding === 'GSM-7' ? 'septets' : 'UCS-2 units'}); at most ${maxSegments} are allowed. Shorten the instruction or the list of communes, or allow more segments`,
	};
}
