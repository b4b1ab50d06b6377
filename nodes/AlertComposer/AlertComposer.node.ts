import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import * as compose from './actions/compose/Compose.resource';
import { router } from './actions/router';
import { senderCodeTest } from './methods/senderCodeTest';

export class AlertComposer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Alert Composer',
		name: 'alertComposer',
		icon: { light: 'file:alertComposer.svg', dark: 'file:alertComposer.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["mode"] === "email" ? "From Email" : $parameter["mode"] === "fields" ? "From Fields" : "From JSON" }}',
		description: 'Turns a police incident (email fiche, form or JSON) into a verified alert: SMS text, segments and CAP 1.2, or refuses it with reasons',
		defaults: { name: 'Alert Composer' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [
			{ type: NodeConnectionTypes.Main, displayName: 'Alerts' },
			{ type: NodeConnectionTypes.Main, displayName: 'Refused' },
		],
		credentials: [
			{
				name: 'alerteCommercesSenderCode',
				required: true,
				testedBy: 'senderCodeTest',
				displayOptions: { show: { requireCode: [true] } },
			},
		],
		properties: [compose.modeProperty, ...compose.description],
	};

	methods = {
		credentialTest: { senderCodeTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
