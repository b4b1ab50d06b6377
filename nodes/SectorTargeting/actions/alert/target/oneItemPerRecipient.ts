import type { IDataObject, INodeExecutionData } from 'n8n-workflow';
import type { TargetedAlert } from './targetAlert';

/** Output "One Item per Recipient": each phone as an item with the alert header, the member and the reasons. */
export function oneItemPerRecipient({ header, selection, index }: TargetedAlert): INodeExecutionData[] {
	return selection.recipients.map((r) => ({
		json: { ...header, phone: r.phone, siret: r.siret, name: r.name, communeInsee: r.communeInsee, reasons: r.reasons } as unknown as IDataObject,
		pairedItem: { item: index },
	}));
}
