import { round, type Point } from './map-geometry';

/*
 * Counts are drawn as strokes, not <text>: n8n's form sanitizer and Gmail drop <svg> but keep the
 * text inside it, which would print stray numbers on the page. Each digit is polylines on a 4 × 8
 * grid, in the manner of a digital display.
 */
const DIGITS: ReadonlyArray<ReadonlyArray<ReadonlyArray<Point>>> = [
	[[[0, 0], [4, 0], [4, 8], [0, 8], [0, 0]]],
	[[[1, 1.5], [2.5, 0], [2.5, 8]]],
	[[[0, 0], [4, 0], [4, 4], [0, 4], [0, 8], [4, 8]]],
	[[[0, 0], [4, 0], [4, 8], [0, 8]], [[0, 4], [4, 4]]],
	[[[0, 0], [0, 4], [4, 4]], [[4, 0], [4, 8]]],
	[[[4, 0], [0, 0], [0, 4], [4, 4], [4, 8], [0, 8]]],
	[[[4, 0], [0, 0], [0, 8], [4, 8], [4, 4], [0, 4]]],
	[[[0, 0], [4, 0], [4, 8]]],
	[[[0, 0], [4, 0], [4, 8], [0, 8], [0, 0]], [[0, 4], [4, 4]]],
	[[[4, 4], [0, 4], [0, 0], [4, 0], [4, 8], [0, 8]]],
];
export const DIGIT_ADVANCE = 7;
const DIGIT_HEIGHT = 8;
/** Path of `n`'s digits, centred on (cx, cy), at `size` times the 4 × 8 grid. */
export function digitsPath(n: number, cx: number, cy: number, size: number): { d: string; width: number } {
	const text = String(Math.max(0, Math.round(n)));
	const width = (text.length * DIGIT_ADVANCE - (DIGIT_ADVANCE - 4)) * size;
	const left = cx - width / 2;
	const top = cy - (DIGIT_HEIGHT * size) / 2;
	let d = '';
	[...text].forEach((char, i) => {
		for (const stroke of DIGITS[Number(char)]) {
			d += stroke.map(([x, y], j) => `${j ? 'L' : 'M'}${round(left + (i * DIGIT_ADVANCE + x) * size)} ${round(top + y * size)}`).join('');
		}
	});
	return { d, width };
}
