import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { adherentFromRow, type Adherent, type RegistryStore } from '../../../shared/registry';
import { showFor } from '../../helpers/showFor';
import { invalidItem, readMember } from './member';

const properties: INodeProperties[] = [
	{
		displayName: 'Batch Size',
		name: 'batchSize',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 5000 },
		default: 500,
		description: 'Members stored per transaction',
	},
];

/** Import's own fields; it shares memberSourceFields and writeOptionsField with Upsert. */
export const description = updateDisplayOptions(showFor('adherent', 'import'), properties);

/** The valid rows of the file, the last one of a SIRET winning; the others as Invalid items. */
function validRows(ctx: IExecuteFunctions, items: INodeExecutionData[]): { valid: Array<{ index: number; adherent: Adherent }>; invalid: INodeExecutionData[] } {
	const invalid: INodeExecutionData[] = [];
	const valid: Array<{ index: number; adherent: Adherent }> = [];
	const rowOfSiret = new Map<string, number>();
	for (let index = 0; index < items.length; index++) {
		const { input, result } = readMember(ctx, items[index], index);
		if (!result.ok) {
			invalid.push(invalidItem(index, input, result.errors));
			continue;
		}
		const earlier = rowOfSiret.get(result.adherent.siret);
		if (earlier !== undefined) {
			// The same establishment twice in one file: keep the last row, report the earlier one.
			const dropped = valid.findIndex((v) => v.index === earlier);
			valid.splice(dropped, 1);
			invalid.push(invalidItem(earlier, adherentFromRow(items[earlier].json), [
				{ field: 'siret', message: `duplicate SIRET in this import: item ${index + 1} replaces this one` },
			]));
		}
		rowOfSiret.set(result.adherent.siret, index);
		valid.push({ index, adherent: result.adherent });
	}
	return { valid, invalid };
}

/** Import: many rows (the CCI's CSV) stored in batches. Outputs: Stored, Invalid (in item order). */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	const batchSize = this.getNodeParameter('batchSize', 0, 500) as number;
	const { valid, invalid } = validRows(this, this.getInputData());
	const stored: INodeExecutionData[] = [];
	for (let start = 0; start < valid.length; start += batchSize) {
		const batch = valid.slice(start, start + batchSize);
		try {
			const { createdSirets } = await store.upsertMany(batch.map((v) => v.adherent));
			for (const { index, adherent } of batch) {
				stored.push({
					json: { siret: adherent.siret, name: adherent.name, communeInsee: adherent.communeInsee, action: createdSirets.has(adherent.siret) ? 'created' : 'updated' },
					pairedItem: { item: index },
				});
			}
		} catch (error) {
			if (!this.continueOnFail()) {
				throw new NodeOperationError(this.getNode(), error as Error, {
					itemIndex: batch[0].index,
					description: `Rows ${batch[0].index + 1}–${batch[batch.length - 1].index + 1} were not stored (earlier batches were). Fix the cause and run the import again: it updates what is already there.`,
				});
			}
			for (const { index } of batch) stored.push({ json: { error: (error as Error).message }, pairedItem: { item: index } });
		}
	}
	return [stored, invalid.sort((a, b) => (a.pairedItem as { item: number }).item - (b.pairedItem as { item: number }).item)];
}
