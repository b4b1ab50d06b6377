import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { showFor } from '../../helpers/showFor';
import { asJson, errorText, perRulesetItem } from './versions';

const properties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'rollbackOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Reason',
				name: 'reason',
				type: 'string',
				default: '',
				description: 'Why; without one the history says "rollback to vN"',
			},
			{
				displayName: 'Restore Version',
				name: 'toVersion',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'The version to restore (0 is the package default); without this option, the version before the current one',
			},
		],
	},
];

/** Roll Back's own options; it also shows versionsNotice and the Author of historyFields. */
export const description = updateDisplayOptions(showFor('ruleset', 'rollback'), properties);

/** Roll Back: publishes a copy of the previous version (or a chosen one) as a new version. */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	return [
		await perRulesetItem(this, store, async (rulesets, index) => {
			const author = this.getNodeParameter('author', index) as string;
			const options = this.getNodeParameter('rollbackOptions', index, {}) as { reason?: string; toVersion?: number };
			const result = await rulesets.rollback({ author, reason: options.reason, to: options.toVersion });
			if (!result.ok) {
				throw new NodeOperationError(this.getNode(), `Cannot roll back: ${result.errors[0].message}`, { itemIndex: index, description: errorText(result.errors) });
			}
			return [asJson(result.version)];
		}),
	];
}
