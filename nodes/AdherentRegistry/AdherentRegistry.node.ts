import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { getProfessions, registryConnectionTest } from '../common/methods';
import * as adherent from './actions/adherent/Adherent.resource';
import { resourceProperty } from './actions/resources';
import { router } from './actions/router';
import * as ruleset from './actions/ruleset/Ruleset.resource';

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
		outputs: `={{ ["upsert", "import", "publish", "compareMatrix", "requestApproval"].includes($parameter["operation"]) ? [{ "type": "main", "displayName": { "publish": "Published", "compareMatrix": "Compared", "requestApproval": "Requested" }[$parameter["operation"]] ?? "Stored" }, { "type": "main", "displayName": "Invalid" }] : [{ "type": "main" }] }}`,
		credentials: [{ name: 'alerteCommercesRegistry', required: true, testedBy: 'registryConnectionTest' }],
		properties: [
			resourceProperty,
			adherent.operationProperty,
			ruleset.operationProperty,
			...adherent.description,
			...ruleset.description,
		],
	};

	methods = {
		loadOptions: { getProfessions },
		credentialTest: { registryConnectionTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
