import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';
import { ledgerOf, type ReceivedMessage } from '../shared/dispatch';
import { resolveCommune } from '../shared/geo';
import { toParisIso } from '../shared/incident';
import { maskPhone } from '../shared/phone';
import { CHANGE_LABELS, type AdherentChange, type ChangeSource, type RegistryStore } from '../shared/registry';
import { perItem, requirePhone, requireSiret, type Outputs } from './operations';

/** What a member does for itself ("Mon adhésion"), and what the CCI reads of it. */
export type SelfServiceOperation = 'pause' | 'resume' | 'addPhone' | 'setCommune' | 'requestRenewal' | 'report' | 'changes';

/** `dd/MM/yyyy HH:mm` in Paris time, as a member or the CCI reads it. */
export function parisDateTime(ms: number): string {
	const iso = toParisIso(ms);
	return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

function changeSource(ctx: IExecuteFunctions, index: number): ChangeSource {
	const source = String(ctx.getNodeParameter('changeSource', index, '') ?? '').trim();
	if (!source) {
		throw new NodeOperationError(ctx.getNode(), 'The change has no source', {
			itemIndex: index,
			description: 'Fill in Change Source with who makes the change, e.g. "Mon adhésion" for the members\' page or "CCI" for the staff: the CCI\'s digest shows it.',
		});
	}
	return { source };
}

function unknownMember(ctx: IExecuteFunctions, index: number, siret: string): NodeOperationError {
	return new NodeOperationError(ctx.getNode(), `No member with SIRET ${siret}`, {
		itemIndex: index,
		description: 'Check the SIRET: the member may have been erased, or never enrolled.',
	});
}

/** A journal line as the member's page and the CCI's digest show it. */
function shownChange(change: AdherentChange): IDataObject {
	return { ...change, when: parisDateTime(Date.parse(change.at)), label: CHANGE_LABELS[change.action] };
}

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

export const selfServiceOperations: Record<SelfServiceOperation, (ctx: IExecuteFunctions, store: RegistryStore) => Promise<Outputs>> = {
	pause: (ctx, store) =>
		perItem(ctx, async (index) => {
			const siret = requireSiret(ctx, index);
			const result = await store.pauseAlerts(siret, changeSource(ctx, index));
			if (!result) throw unknownMember(ctx, index, siret);
			return { siret, paused: true, changed: result.changed };
		}),

	resume: (ctx, store) =>
		perItem(ctx, async (index) => {
			const siret = requireSiret(ctx, index);
			const result = await store.resumeAlerts(siret, changeSource(ctx, index));
			if (!result) throw unknownMember(ctx, index, siret);
			return { siret, paused: false, changed: result.changed };
		}),

	addPhone: (ctx, store) =>
		perItem(ctx, async (index) => {
			const siret = requireSiret(ctx, index);
			const phone = requirePhone(ctx, index);
			const replacing = String(ctx.getNodeParameter('replacePhone', index, '') ?? '').trim();
			const replaces = replacing ? requirePhone(ctx, index, 'replacePhone') : undefined;
			const result = await store.addPhone(siret, phone, changeSource(ctx, index), replaces);
			if (!result.ok && result.reason === 'unknownMember') throw unknownMember(ctx, index, siret);
			// A refusal is an answer the workflow shows the member, not a failure of the node.
			return result.ok
				? { siret, changed: true, action: result.change.action, phone: maskPhone(phone) }
				: { siret, changed: false, reason: result.reason, phone: maskPhone(phone) };
		}),

	setCommune: (ctx, store) =>
		perItem(ctx, async (index) => {
			const siret = requireSiret(ctx, index);
			const member = await store.get(siret);
			if (!member) throw unknownMember(ctx, index, siret);
			const postalCode = String(ctx.getNodeParameter('postalCode', index, '') ?? '').replace(/\s/g, '');
			const city = String(ctx.getNodeParameter('city', index, '') ?? '').trim();
			// The scheme is the département's: a member moves within it, the CCI handles the rest.
			const resolved = resolveCommune({ postalCode: postalCode || undefined, name: city }, [member.departement]);
			if (!resolved.ok) return { siret, changed: false, reason: 'unknownCommune', message: resolved.message };
			const c = resolved.commune;
			if (c.code === member.communeInsee) return { siret, changed: false, reason: 'sameCommune', communeInsee: c.code, city: c.name };
			const place = { communeInsee: c.code, postalCode: postalCode || (c.postalCodes.length === 1 ? c.postalCodes[0] : undefined), city: c.name, departement: c.departement, epci: c.epci, arrondissement: c.arrondissement };
			await store.setPlace(siret, place, changeSource(ctx, index));
			return { siret, changed: true, communeInsee: c.code, city: c.name, previousCity: member.city };
		}),

	requestRenewal: (ctx, store) =>
		perItem(ctx, async (index) => {
			const siret = requireSiret(ctx, index);
			const member = await store.get(siret);
			if (!member) throw unknownMember(ctx, index, siret);
			const change = await store.recordChange(siret, 'renewalRequested', changeSource(ctx, index), member.memberUntil ? `adhésion jusqu'au ${member.memberUntil.split('-').reverse().join('/')}` : undefined);
			if (!change) throw unknownMember(ctx, index, siret);
			return { siret, recorded: true, memberUntil: member.memberUntil ?? null };
		}),

	report: (ctx, store) =>
		perItem(ctx, async (index) => {
			const siret = requireSiret(ctx, index);
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

	async changes(ctx, store) {
		const hours = ctx.getNodeParameter('sinceHours', 0, 24) as number;
		const to = Date.now();
		const changes = await store.changes({ from: new Date(to - hours * 3_600_000).toISOString(), to: new Date(to).toISOString(), limit: 10_000 });
		const names = new Map<string, string>();
		for (const siret of new Set(changes.map((c) => c.siret))) {
			const member = await store.get(siret);
			if (member) names.set(siret, member.tradeName ?? member.name);
		}
		return [changes.map((change) => ({ json: { ...shownChange(change), name: names.get(change.siret) ?? null }, pairedItem: { item: 0 } }))];
	},
};
