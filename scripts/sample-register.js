// A realistic, fictional sample register for the main job: a few hundred members of the
// Puy-de-Dôme (63) with valid SIRET keys, real commune codes, NAF codes of shops, cafés, farms…
// and mobile numbers in a range that only ever reaches the Sandbox outbox.
'use strict';
const { communesOfDepartement } = require('../dist/nodes/shared/geo');
const { openRegistry, validateAdherent, withLuhnKey } = require('../dist/nodes/shared/registry');

const TRADES = [
	['47.26Z', 'Tabac-Presse'], ['47.77Z', 'Bijouterie'], ['47.73Z', 'Pharmacie'], ['47.11C', 'Supérette'],
	['47.24Z', 'Boulangerie'], ['56.30Z', 'Café'], ['56.10A', 'Restaurant'], ['47.30Z', 'Station-service'],
	['47.71Z', 'Boutique'], ['47.78A', 'Optique'], ['96.02A', 'Salon de coiffure'], ['45.20A', 'Garage'],
	['01.11Z', 'GAEC'], ['01.41Z', 'Ferme'], ['43.21A', 'Électricité'], ['64.19Z', 'Agence bancaire'],
];
const NAMES = ['des Volcans', 'du Centre', 'de la Place', 'du Marché', 'Martin', 'Dubois', 'Chabrier', 'Roux', 'Fabre', 'des Dômes', 'de la Gare', 'Bonnet', 'Morel', 'du Pont', 'Vidal', 'de l’Allier'];

/** Seeds the register when it is empty; returns how many members it holds. */
async function seedSampleRegister(path, count = 300) {
	const store = await openRegistry({ kind: 'embedded', path });
	try {
		const existing = (await store.search({ limit: 1 })).total;
		if (existing > 0) return existing;
		// Larger communes first: members cluster where the shops are.
		const communes = communesOfDepartement('63').sort((a, b) => (b.population ?? 0) - (a.population ?? 0)).slice(0, 40);
		const members = [];
		const year = new Date().getFullYear();
		const soon = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);
		for (let i = 0; i < count; i++) {
			const [naf, trade] = TRADES[i % TRADES.length];
			const result = validateAdherent({
				siret: withLuhnKey(`9${String(10000000 + i * 37).padStart(8, '0')}0001`),
				name: `${trade} ${NAMES[(i * 7) % NAMES.length]}`,
				naf,
				phones: `+3361099${String(i).padStart(4, '0')}`,
				communeInsee: communes[(i * 13) % communes.length].code,
				// Members of this year and the next; one in 25 ends within the month (workflow 8's reminders).
				memberSince: `${year}-01-01`,
				memberUntil: i % 25 === 7 ? soon : `${year + 1}-12-31`,
				consentAt: `${year}-01-01`,
			});
			if (result.ok) members.push(result.adherent);
		}
		await store.upsertMany(members);
		return members.length;
	} finally {
		await store.close();
	}
}

module.exports = { seedSampleRegister };
