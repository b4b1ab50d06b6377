import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { ledgerOf, type ReceivedMessage } from '../../../shared/dispatch';
import { toParisIso } from '../../../shared/incident';
import { parisDateTime } from '../../../shared/incident/dates';
import { maskPhone } from '../../../shared/phone';
import type { RegistryStore } from '../../../shared/registry';
import { perItem } from '../../helpers/perItem';
import { shownChange } from './journal';
import { requireSiret } from './parameters';

/** Paris's 1 January 00:00 of the current year, in ms (Paris is UTC+1 in January). */
function startOfParisYear(now = Date.now()): { year: string; from: number } {
	const year = toParisIso(now).slice(0, 4);
	return { year, from: Date.parse(`${year}-01-01T00:00:00+01:00`) };
}

/** One entry per alert message, with the member's phones it went to (a member with two phones got it twice). */
function byAlert(received: ReceivedMessage[]): IDataObject[] {
	const alerts = new Map<string, { alertId: string; when: string; text: string; phones: string[]; statuses: string[] }>();
	for (const m of received) {
		const entry = alerts.get(m.alertId) ?? { alertId: m.alertId, when: parisDateTime(m.sentAt ?? m.queuedAt), text: m.text, phones: [], statuses: [] };
		entry.phones.push(maskPhone(m.phone));
		entry.statuses.push(m.status);
		alerts.set(m.alertId, entry);
	}
	return [...alerts.values()];
}

/** Member Report: what the register holds about a member, its journal and this year's alerts (field: siretField). */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	return [
		await perItem(this, async (index) => {
			const siret = requireSiret(this, index);
			const member = await store.get(siret);
			if (!member) return { siret, found: false };
			const { year, from } = startOfParisYear();
			const received = await (await ledgerOf(store.db)).receivedBy(member.phones, from, Date.now() + 1);
			const changes = await store.changes({ siret });
			return {
				siret,
				found: true,
				member: member as unknown as IDataObject,
				paused: member.phones.length > 0 && member.optOuts.length === member.phones.length,
				year,
				alerts: byAlert(received),
				changes: changes.map(shownChange),
			};
		}),
	];
}
