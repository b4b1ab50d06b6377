import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { getProfessions, registryConnectionTest } from '../common/methods';
import * as alert from './actions/alert/Alert.resource';
import { router } from './actions/router';
import { getCommunes, getIncidentTypes, getZones } from './methods/loadOptions';

export class SectorTargeting implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Sector Targeting',
		name: 'sectorTargeting',
		icon: { light: 'file:sectorTargeting.svg', dark: 'file:sectorTargeting.dark.svg' },
		group: ['transform'],
		// 2: Maximum Recipients defaults to 30,000 (version 1: 5,000), and a confirmed alert passes it.
		version: [1, 2],
		defaultVersion: 2,
		subtitle: '={{ $parameter["operation"] === "drawMap" ? "decision map" : $parameter["dryRun"] ? "dry run" : "rules: " + $parameter["rulesetSource"] }}',
		description: 'Decides who receives an alert: the right professions in the right area, one item per phone with the reason',
		defaults: { name: 'Sector Targeting' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'alerteCommercesRegistry', required: true, testedBy: 'registryConnectionTest', displayOptions: { show: { membersSource: ['registry'] } } }],
		properties: alert.description,
	};

	methods = {
		loadOptions: { getCommunes, getIncidentTypes, getProfessions, getZones },
		credentialTest: { registryConnectionTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
