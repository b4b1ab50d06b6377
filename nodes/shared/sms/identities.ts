/**
 * What would name the victim (or anyone) in an SMS: a civil title followed by a name, a business
 * followed by its name, a licence plate. The tests are written on what alerts normally say — a
 * suspect's description, ages, streets, times, amounts, communes named after saints — and those pass.
 */

/** Civil titles and words that introduce a person's name; `M`, `Me` and `Pr` only with their capital. */
const TITLES_ANY_CASE = [
	'monsieur', 'madame', 'mademoiselle', 'messieurs', 'mesdames', 'mesdemoiselles', 'mr', 'mrs', 'mme', 'mmes', 'mlle', 'mlles', 'melle',
	'dr', 'docteur', 'professeur', 'maître', 'maitre', 'famille', 'nommé', 'nommée', 'dénommé', 'dénommée', 'prénommé', 'prénommée', 'victime',
];
const TITLES_CAPITAL = ['M', 'MM', 'Me', 'Pr', 'Mgr'];

/** Kinds of business that, followed by a name, name the victim ("la bijouterie Dupont", "au tabac Le Balto"). */
const BUSINESSES = [
	'bijouterie', 'bijouteries', 'bijoutier', 'horlogerie', 'joaillerie', 'tabac', 'tabacs', 'bar-tabac', 'tabac-presse', 'buraliste', 'presse',
	'librairie', 'pharmacie', 'pharmacies', 'parapharmacie', 'boulangerie', 'boulangeries', 'pâtisserie', 'boucherie', 'charcuterie', 'épicerie',
	'supérette', 'superette', 'supermarché', 'hypermarché', 'magasin', 'magasins', 'boutique', 'boutiques', 'commerce', 'commerces', 'enseigne',
	'station-service', 'garage', 'concession', 'concessionnaire', 'carrosserie', 'auto-école', 'restaurant', 'brasserie', 'café', 'bar', 'pub',
	'pizzeria', 'kebab', 'snack', 'friterie', 'traiteur', 'discothèque', 'hôtel', 'camping', 'salon', 'institut', 'coiffeur', 'opticien', 'optique',
	'banque', 'agence', 'fleuriste', 'pressing', 'laverie', 'quincaillerie', 'jardinerie', 'animalerie', 'primeur', 'fromagerie', 'cave', 'caviste',
	'cabinet', 'clinique', 'entreprise', 'entreprises', 'société', 'sté', 'établissement', 'établissements', 'éts', 'ets', 'sarl', 'sas', 'eurl',
	'gaec', 'earl', 'exploitation', 'ferme', 'domaine', 'atelier', 'usine', 'entrepôt', 'dépôt', 'chez',
];

/**
 * Capitalised words that follow a business or a title without being a name: sentence starts,
 * streets and places, days and months, generic labels (PMU), placeholders (X, Y). Folded to
 * lower case without accents.
 */
const NOT_NAMES = new Set(
	(
		'il ils elle elles on un une des deux trois quatre cinq plusieurs ce cet cette ces aucun aucune pas ne nous vous je tu ' +
		'du de des au aux et ou mais puis alors vers pres dans sur sous devant derriere face entre avec sans pour par en ' +
		'rue avenue av bd boulevard place pl route rte chemin impasse allee quai cours square zone za zi zac centre centre-ville ' +
		'quartier lieu-dit parking rond-point rn rd cd nord sud est ouest pmu fdj loto ' +
		'lundi mardi mercredi jeudi vendredi samedi dimanche janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre ' +
		'signalement individu individus auteur auteurs suspect suspects homme hommes femme femmes vol vols x y z xx xxx ' +
		'm mm mme mmes mlle monsieur madame mademoiselle dr'
	).split(' '),
);

const ARTICLES = new Set(['le', 'la', 'les', "l'"]);
/** Accents removed: the lists and the text meet whether the SMS is GSM-7 (é kept, ê dropped) or UCS-2. */
const plain = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '');
const fold = (word: string) => plain(word).replace(/’/g, "'").toLowerCase();

/** A word that starts with a capital: a name, or one of NOT_NAMES. */
const CAPITALISED = /\p{Lu}[\p{L}'’-]*/uy;
const ARTICLE = /(?:L['’]|(?:Le|La|Les|LE|LA|LES) )/uy;
const QUOTED = /[«"“]\s?\p{Lu}[^«»"“”]{0,40}[»"”]/uy;

/** The name that starts at `index` in `text`, if one does: `Dupont`, `DUPONT`, `Le Balto`, `« Le Balto »`. */
function nameAt(text: string, index: number, quotes: boolean): string | undefined {
	if (quotes) {
		QUOTED.lastIndex = index;
		const quoted = QUOTED.exec(text);
		if (quoted) return quoted[0];
	}
	ARTICLE.lastIndex = index;
	const article = ARTICLE.exec(text);
	if (article) {
		CAPITALISED.lastIndex = index + article[0].length;
		const word = CAPITALISED.exec(text);
		return word && !NOT_NAMES.has(fold(word[0])) ? article[0] + word[0] : undefined;
	}
	CAPITALISED.lastIndex = index;
	const word = CAPITALISED.exec(text);
	if (!word || NOT_NAMES.has(fold(word[0])) || ARTICLES.has(fold(word[0]))) return undefined;
	return word[0];
}

const escape = (word: string) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** A word as it is written in lower case, with a capital, or in capitals. */
const anyCase = (word: string) => [word, word.charAt(0).toUpperCase() + word.slice(1), word.toUpperCase()].map(escape).join('|');
const TITLE = new RegExp(
	`(?<![\\p{L}\\p{N}])(?:${[...TITLES_ANY_CASE.map(plain).map(anyCase), ...TITLES_CAPITAL.map(escape)].join('|')})(?![\\p{L}\\p{N}])\\.?[ ]?`,
	'gu',
);
const BUSINESS = new RegExp(`(?<![\\p{L}\\p{N}-])(?:${BUSINESSES.map(plain).map(escape).join('|')})(?![\\p{L}\\p{N}-]) `, 'giu');

/** The first person named after a civil title ("M. Dupont", "Mme MARTIN", "Monsieur Le Gall"), as written. */
export function findPersonName(input: string): string | undefined {
	const text = plain(input);
	for (const title of text.matchAll(TITLE)) {
		const at = (title.index ?? 0) + title[0].length;
		// "M.Dupont" and "M. Dupont" are names; "M Dupont" needs the space it has.
		const name = nameAt(text, at, false);
		if (name) return `${title[0]}${name}`.trim();
	}
	return undefined;
}

/** The first business named as such ("bijouterie Dupont", "tabac Le Balto", "chez Martin"), as written. */
export function findBusinessName(input: string): string | undefined {
	const text = plain(input);
	for (const business of text.matchAll(BUSINESS)) {
		const name = nameAt(text, (business.index ?? 0) + business[0].length, true);
		if (name) return `${business[0]}${name}`;
	}
	return undefined;
}

/** SIV plates (since 2009): AB-123-CD, AB 123 CD, AB123CD; letters I, O and U are never used. */
const SIV = /(?<![\p{L}\p{N}])(?:(?!RD|RN|CD)[A-HJ-NP-TV-Z]{2}[ -]?\d{3}[ -]?[A-HJ-NP-TV-Z]{2}|[a-hj-np-tv-z]{2}-\d{3}-[a-hj-np-tv-z]{2})(?![\p{L}\p{N}])/u;
/** FNI plates (before 2009): 1234 AB 63, 123 ABC 63, 12 A 2A; the last group is a département. */
const FNI = /(?<![\p{L}\p{N}])\d{1,4}[ -]?([A-Z]{1,3})[ -]?(?:0[1-9]|[1-8]\d|9[0-5]|2A|2B|97[1-6])(?![\p{L}\p{N}])/gu;
/** Letters that follow a number in ordinary text: 14 H 30, 1 M 80, 30 ANS, 5 KM. */
const NOT_FNI_LETTERS = new Set(['H', 'M', 'KM', 'CM', 'MM', 'KG', 'G', 'MN', 'MIN', 'AN', 'ANS', 'ER', 'E', 'EME', 'EUR', 'HT', 'TTC', 'X', 'L', 'T', 'S']);
/** A plate announced but written in part: "immatriculée AB-1…", "plaque 123 AB". */
const ANNOUNCED = /(?<![\p{L}])(?:[Ii]mmatricul\p{L}*|IMMATRICUL\p{L}*|[Ii]mmat\.?|IMMAT\.?|[Pp]laques?|PLAQUES?)(?: d['’]immatriculation)?\s?(?::|n°|no)?\s?([A-Z0-9][A-Z0-9 -]{1,11})/u;

/** The first licence plate in `text`, whole or in part, as written. */
export function findLicencePlate(text: string): string | undefined {
	const siv = SIV.exec(text);
	if (siv) return siv[0];
	for (const fni of text.matchAll(FNI)) if (!NOT_FNI_LETTERS.has(fni[1])) return fni[0];
	const announced = ANNOUNCED.exec(text);
	if (announced) {
		const token = announced[1].trim();
		if ((/[A-Z]/.test(token) && /\d/.test(token)) || /\d{3}/.test(token)) return announced[0].trim();
	}
	return undefined;
}
