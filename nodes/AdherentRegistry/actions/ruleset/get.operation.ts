import { NodeOperationError, updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { showFor } from '../../helpers/showFor';
import { asJson, perRulesetItem } from './versions';

const properties: INodeProperties[] = [
	{
		displayName: 'Options',
		name: 'getOptions',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Version',
				name: 'version',
				type: 'number',
				typeOptions: { minValue: 0 },
				default: 0,
				description: 'A past version to read (0 is the package default); without this option, the version in force',
			},
		],
	},
];

export const description = updateDisplayOptions(showFor('ruleset', 'get'), properties);

/** Get: the version in force, or a chosen one, with its rules. */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	return [
		await perRulesetItem(this, store, async (rulesets, index) => {
			const { version } = this.getNodeParameter('getOptions', index, {}) as { version?: number };
			const found = version === undefined ? await rulesets.current() : await rulesets.get(version);
			if (!found) {
				throw new NodeOperationError(this.getNode(), `The register has no ruleset version ${version}`, {
					itemIndex: index,
					description: 'See the published versions with Ruleset → History; version 0 is the package default.',
				});
			}
			return [asJson(found)];
		}),
	];
}
