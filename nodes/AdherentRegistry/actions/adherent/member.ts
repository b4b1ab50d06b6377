import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { adherentFromRow, validateAdherent, type Adherent, type AdherentInput, type AdherentStatus, type FieldError } from '../../../shared/registry';

/** A member as an output item's JSON. */
export const asJson = (adherent: Adherent) => adherent as unknown as IDataObject;

/** Reads a member from an item (whole item or one field) and validates it with the write options. */
export function readMember(ctx: IExecuteFunctions, item: INodeExecutionData, index: number): { input: AdherentInput; result: ReturnType<typeof validateAdherent> } {
	const field = (ctx.getNodeParameter('memberField', index, '') as string).trim();
	const source = (field ? item.json[field] : item.json) as IDataObject | undefined;
	const input = adherentFromRow(typeof source === 'object' && source !== null ? source : {});
	const options = ctx.getNodeParameter('writeOptions', index, {}) as { status?: AdherentStatus; consentNow?: boolean };
	if (options.status) input.status = options.status;
	if (options.consentNow && !input.consentAt) input.consentAt = new Date().toISOString();
	return { input, result: validateAdherent(input) };
}

/** An item of the Invalid output: the row as read, and every reason it was refused. */
export function invalidItem(index: number, input: AdherentInput, errors: FieldError[]): INodeExecutionData {
	return {
		json: { errors, message: errors.map((e) => `${e.field}: ${e.message}`).join('; '), row: input as IDataObject },
		pairedItem: { item: index },
	};
}
