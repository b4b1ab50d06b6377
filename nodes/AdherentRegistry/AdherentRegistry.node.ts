import { NodeConnectionTypes, NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { getProfessions, registryConnectionTest } from '../common/methods';
import { openRegistryStore } from '../common/database';
import type { RegistryStore } from '../shared/registry';
import { operations, type Operation } from './operations';
import { selfServiceOperations, type SelfServiceOperation } from './selfService';
import { adherentFields, adherentOperations } from './resources/adherent';
import { rulesetFields, rulesetOperations as rulesetOperationsProperty } from './resources/ruleset';
import { rulesetOperations, type RulesetOperation } from './resources/ruleset/operations';

export class AdherentRegistry implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Adherent Registry',
		name: 'adherentRegistry',
		icon: { light: 'file:adherentRegistry.svg', dark: 'file:adherentRegistry.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description: 'Register of the businesses that joined Alerte Commerces: enrol, import, search, opt out, erase, members\' own changes; publish the targeting rules',
		defaults: { name: 'Adherent Registry' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: `={{ ["upsert", "import", "publish", "compareMatrix"].includes($parameter["operation"]) ? [{ "type": "main", "displayName": { "publish": "Published", "compareMatrix": "Compared" }[$parameter["operation"]] ?? "Stored" }, { "type": "main", "displayName": "Invalid" }] : [{ "type": "main" }] }}`,
		credentials: [{ name: 'alerteCommercesRegistry', required: true, testedBy: 'registryConnectionTest' }],
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Adherent', value: 'adherent' },
					{ name: 'Ruleset', value: 'ruleset', description: 'The targeting rules stored with the members: publish, history, roll back' },
				],
				default: 'adherent',
			},
			adherentOperations,
			rulesetOperationsProperty,
			...adherentFields,
			...rulesetFields,
		],
	};

	methods = {
		loadOptions: { getProfessions },
		credentialTest: { registryConnectionTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0, 'adherent') as string;
		const operation = this.getNodeParameter('operation', 0) as string;
		const table: Record<string, (ctx: IExecuteFunctions, store: RegistryStore) => Promise<INodeExecutionData[][]>> =
			resource === 'ruleset' ? rulesetOperations : { ...operations, ...selfServiceOperations };
		if (!Object.prototype.hasOwnProperty.call(table, operation)) {
			throw new NodeOperationError(this.getNode(), `The operation "${String(operation)}" is not supported`, {
				description: `Choose one of: ${Object.keys(table).join(', ')}. A workflow made with a newer version of this node may need that version.`,
			});
		}
		const store = await openRegistryStore(this);
		return table[operation as Operation | SelfServiceOperation | RulesetOperation](this, store);
	}
}
