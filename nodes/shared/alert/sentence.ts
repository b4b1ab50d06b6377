/** `text` trimmed and closed with a full stop when it has no closing mark; undefined when blank. */
export const sentence = (text: string | undefined): string | undefined => {
	const trimmed = text?.trim();
	if (!trimmed) return undefined;
	return /[.!?…]$/.test(trimmed) ? trimmed : `${trimmed}.`;
};

/** `text` with its first letter a capital, past any opening quote, dash or bracket ("« deux" → "« Deux"); digits stay ("14h30 …"). */
export const upperFirst = (text: string) => text.replace(/^([\s"'«“(\[-]*)(\p{Ll})/u, (_, lead: string, letter: string) => lead + letter.toUpperCase());

/** True when the part `{name}` opens a sentence in its wrapper template (nothing written before it). */
export const opensSentence = (wrapper: string, name: string) => wrapper.trimStart().startsWith(`{${name}}`);
