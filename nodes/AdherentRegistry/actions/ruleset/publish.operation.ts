import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { showFor } from '../../helpers/showFor';
import { asJson, errorText, perRulesetItem } from './versions';

const properties: INodeProperties[] = [
	{
		displayName: 'Ruleset From',
		name: 'rulesetInput',
		type: 'options',
		options: [
			{ name: 'Parameter', value: 'parameter', description: 'The ruleset document written below' },
			{ name: 'Field of the Input Item', value: 'field', description: 'A field holding the document (object or JSON text), e.g. from a form or Sector Targeting → Visual Rules' },
		],
		default: 'parameter',
	},
	{
		displayName: 'Ruleset (JSON)',
		name: 'rulesetJson',
		type: 'json',
		required: true,
		default: '{\n  "version": 1,\n  "zones": {},\n  "rules": []\n}',
		description: 'A ruleset document (see rules/ruleset.schema.json and docs/ruleset.md)',
		displayOptions: { show: { rulesetInput: ['parameter'] } },
	},
	{
		displayName: 'Ruleset Field',
		name: 'rulesetField',
		type: 'string',
		required: true,
		default: 'ruleset',
		description: 'Name of the item field holding the ruleset document (dots for nested fields)',
		displayOptions: { show: { rulesetInput: ['field'] } },
	},
];

/** Where Publish reads the ruleset document; it also shows versionsNotice and historyFields. */
export const description = updateDisplayOptions(showFor('ruleset', 'publish'), properties);

const isObject = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The ruleset document of an item: the parameter, or a field of the item. */
function readDocument(ctx: IExecuteFunctions, item: INodeExecutionData, index: number): unknown {
	if (ctx.getNodeParameter('rulesetInput', index, 'parameter') === 'parameter') return ctx.getNodeParameter('rulesetJson', index);
	const field = ctx.getNodeParameter('rulesetField', index) as string;
	const value = field.split('.').reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), item.json);
	if (value === undefined) {
		throw new NodeOperationError(ctx.getNode(), `The item has no field "${field}"`, {
			itemIndex: index,
			description: 'Set "Ruleset Field" to the field that holds the ruleset document, or choose Ruleset From: Parameter.',
		});
	}
	return value;
}

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
