import { countSegments, smsInfo } from '../../nodes/shared/sms';

const gsm = (n: number) => 'a'.repeat(n);
const ucs = (n: number) => 'ê'.repeat(n);

describe('segment counting', () => {
	test.each([
		[0, 0],
		[1, 1],
		[160, 1],
		[161, 2],
		[306, 2],
		[307, 3],
		[459, 3],
		[460, 4],
	])('GSM-7: %i septets → %i segments', (length, segments) => {
		expect(countSegments(gsm(length))).toBe(segments);
	});

	test('GSM-7 multi-part edge 153/154 within a segment: 153 + 153 fits two, one more needs three', () => {
		expect(smsInfo(gsm(306))).toMatchObject({ units: 306, segments: 2, perSegment: 153 });
		expect(smsInfo(gsm(307))).toMatchObject({ units: 307, segments: 3 });
	});

	test.each([
		[70, 1],
		[71, 2],
		[134, 2],
		[135, 3],
		[201, 3],
		[202, 4],
	])('UCS-2: %i characters → %i segments', (length, segments) => {
		expect(countSegments(ucs(length), { unicode: true })).toBe(segments);
		expect(smsInfo(ucs(length), { unicode: true }).encoding).toBe('UCS-2');
	});

	test('UCS-2 multi-part edge 67/68: 67 + 67 fits two', () => {
		expect(smsInfo(ucs(134), { unicode: true })).toMatchObject({ units: 134, segments: 2, perSegment: 67 });
	});

	test('extension characters count two septets: 80 € fill one segment, 81 do not', () => {
		expect(smsInfo('€'.repeat(80))).toMatchObject({ characters: 80, units: 160, segments: 1 });
		expect(smsInfo('€'.repeat(81))).toMatchObject({ characters: 81, units: 162, segments: 2 });
		for (const char of '[]{}^~|\\€') expect(smsInfo(`${gsm(159)}${char}`).units).toBe(161);
	});

	test('an escaped character never straddles two segments', () => {
		// 152 septets then a € (2): it cannot split 1+1, so the € opens the second segment.
		expect(smsInfo(`${gsm(152)}€${gsm(152)}`)).toMatchObject({ units: 306, segments: 3 });
		expect(smsInfo(`${gsm(151)}€${gsm(153)}`)).toMatchObject({ units: 306, segments: 2 });
	});

	test('a surrogate pair (emoji) costs two UCS-2 units and is never split', () => {
		expect(smsInfo('😀', { unicode: true })).toMatchObject({ characters: 1, units: 2, encoding: 'UCS-2' });
		expect(smsInfo(`${ucs(66)}😀${ucs(66)}`, { unicode: true })).toMatchObject({ units: 134, segments: 3 });
	});

	test('without the unicode option, text is transliterated first: one stray ê does not make it UCS-2', () => {
		const text = `Fenêtre brisée ${gsm(140)}`;
		expect(smsInfo(text)).toMatchObject({ encoding: 'GSM-7', segments: 1 });
		expect(smsInfo(text, { unicode: true })).toMatchObject({ encoding: 'UCS-2', segments: 3 });
	});
});
