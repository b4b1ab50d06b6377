import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { readDocument } from './fields';
import { asJson, errorText, perRulesetItem } from './versions';

/** Publish has no field of its own: it shows rulesetDocumentFields, versionsNotice and historyFields (fields.ts). */
export const description: INodeProperties[] = [];


/** Publish: published versions on the first output; refused rulesets, with every error, on the second (like Upsert's Invalid). */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	const invalid: INodeExecutionData[] = [];
	const published = await perRulesetItem(this, store, async (rulesets, index, item) => {
		const author = this.getNodeParameter('author', index) as string;
		const reason = this.getNodeParameter('reason', index) as string;
		const result = await rulesets.publish({ ruleset: readDocument(this, item, index), author, reason });
		if (result.ok) return [asJson(result.version)];
		invalid.push({ json: { errors: result.errors as unknown as IDataObject[], message: errorText(result.errors), author, reason }, pairedItem: { item: index } });
		return [];
	});
	return [published, invalid];
}
