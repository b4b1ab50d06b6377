/** Lower case, accents removed, ligatures opened, typographic apostrophes made plain, spaces collapsed. */
export function fold(text: string): string {
	return text
		.normalize('NFD')
		.replace(/[\u0300-\u036f]/g, '')
		.toLowerCase()
		.replace(/œ/g, 'oe')
		.replace(/æ/g, 'ae')
		.replace(/[’‘`´]/g, "'")
		.replace(/[\u00a0\u202f\u2009\t]/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}

/** `text` in double quotes for a message, cut after `max` characters: a cell may hold a page. */
export function quoted(text: string, max = 40): string {
	return `"${text.length > max ? `${text.slice(0, max)}…` : text}"`;
}
