import { journalOf } from '../../../shared/alert';
import { isIncidentType, type Incident } from '../../../shared/incident';
import type { Adherent, RegistryStore } from '../../../shared/registry';

/** What Compare Matrix replays the rules on: the register's members and a year of alerts. */

const YEAR_MS = 365 * 24 * 3600 * 1000;
/** Members read per query when the whole register is replayed. */
const PAGE = 10_000;

/** Every member of the register, page by page (a comparison replays the whole register). */
export async function allMembers(store: RegistryStore): Promise<Adherent[]> {
	const members: Adherent[] = [];
	for (let offset = 0; ; offset += PAGE) {
		const page = await store.search({ limit: PAGE, offset });
		members.push(...page.adherents);
		if (page.adherents.length < PAGE) return members;
	}
}

/** The département most members belong to: where a simulated year places its alerts. */
export function mainDepartement(members: readonly Adherent[]): string | undefined {
	const counts = new Map<string, number>();
	for (const m of members) counts.set(m.departement, (counts.get(m.departement) ?? 0) + 1);
	return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** The journal's real alerts of the last twelve months, as incidents. */
export async function journalYear(store: RegistryStore, now: Date): Promise<Incident[]> {
	const entries = await (await journalOf(store.db)).since(now.getTime() - YEAR_MS);
	return entries
		.map((e) => e.incident as Partial<Incident>)
		.filter((i): i is Incident => isIncidentType(i.type) && Array.isArray(i.communes) && i.communes.length > 0);
}
