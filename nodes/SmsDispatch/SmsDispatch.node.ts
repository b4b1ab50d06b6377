import { NodeConnectionTypes, type IExecuteFunctions, type INodeExecutionData, type INodeType, type INodeTypeDescription } from 'n8n-workflow';
import { registryConnectionTest } from '../common/methods';
import * as approval from './actions/approval/Approval.resource';
import * as delivery from './actions/delivery/Delivery.resource';
import { resourceProperty } from './actions/resources';
import { router } from './actions/router';
import { kannelConnectionTest, ovhConnectionTest } from './methods/credentialTest';

export class SmsDispatch implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SMS Dispatch',
		name: 'smsDispatch',
		icon: { light: 'file:smsDispatch.svg', dark: 'file:smsDispatch.dark.svg' },
		group: ['output'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["provider"] }}',
		description: 'Send Alerte Commerces SMS once per member phone, with throttling, retries, failover and delivery receipts',
		defaults: { name: 'SMS Dispatch' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		// A provider's credential is asked for when it is the provider or the secondary one. Written
		// out here, not spread from a constant: n8n's lint reads this literal to find each testedBy.
		credentials: [
			{ name: 'alerteCommercesRegistry', required: true, testedBy: 'registryConnectionTest' },
			{ name: 'alerteCommercesKannelApi', required: true, testedBy: 'kannelConnectionTest', displayOptions: { show: { provider: ['kannel'] } } },
			{ name: 'alerteCommercesKannelApi', required: true, testedBy: 'kannelConnectionTest', displayOptions: { show: { secondaryProvider: ['kannel'] } } },
			{ name: 'alerteCommercesOvhApi', required: true, testedBy: 'ovhConnectionTest', displayOptions: { show: { provider: ['ovh'] } } },
			{ name: 'alerteCommercesOvhApi', required: true, testedBy: 'ovhConnectionTest', displayOptions: { show: { secondaryProvider: ['ovh'] } } },
			{ name: 'alerteCommercesBrevoApi', required: true, displayOptions: { show: { provider: ['brevo'] } } },
			{ name: 'alerteCommercesBrevoApi', required: true, displayOptions: { show: { secondaryProvider: ['brevo'] } } },
			{ name: 'alerteCommercesTwilioApi', required: true, displayOptions: { show: { provider: ['twilio'] } } },
			{ name: 'alerteCommercesTwilioApi', required: true, displayOptions: { show: { secondaryProvider: ['twilio'] } } },
		],
		properties: [
			resourceProperty,
			delivery.operationProperty,
			approval.operationProperty,
			...delivery.description,
			...approval.description,
		],
	};

	methods = {
		credentialTest: { registryConnectionTest, kannelConnectionTest, ovhConnectionTest },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return router.call(this);
	}
}
