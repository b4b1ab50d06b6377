import { TEMPLATES } from './templates';

/** Each abbreviable word of rules/templates.json as a whole word (not inside another word or a hyphenated one). */
const ABBREVIATIONS = Object.entries(TEMPLATES.abbreviations).map(
	([word, short]) => [new RegExp(`(?<![\\p{L}\\p{N}-])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}-])`, 'gu'), short] as const,
);

/** `text` with the template's long words shortened ("véhicule" → "véh."): the last resort to fit the segments. */
export function abbreviate(text: string): string {
	return ABBREVIATIONS.reduce((out, [pattern, short]) => out.replace(pattern, short), text);
}
