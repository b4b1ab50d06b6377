import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { approvalsOf, KannelProvider, OvhProvider } from '../shared/dispatch';
import { openLedger } from '../common/database';
import { registryConnectionTest } from '../common/methods';
import { executeAlertStatus, executeRecordReceipt, executeSend, executeStatistics } from './execute';
import { executeCheckApproval, executeDecideApproval, executeRequestApproval } from './approval';
import { executeRecordIncoming } from './incoming';
import { approvalFields, approvalOperations } from './resources/approval';
import { deliveryFields, deliveryOperations } from './resources/delivery';


const result = (ok: boolean, message: string): INodeCredentialTestResult => ({ status: ok ? 'OK' : 'Error', message });
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

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
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Delivery', value: 'delivery' },
					{ name: 'Approval', value: 'approval' },
				],
				default: 'delivery',
			},
			deliveryOperations,
			approvalOperations,
			...deliveryFields,
			...approvalFields,
		],
	};

	methods = {
		credentialTest: {
			registryConnectionTest,
			async kannelConnectionTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const c = credential.data ?? {};
				const provider = new KannelProvider({ baseUrl: str(c.baseUrl), username: str(c.username), password: str(c.password) });
				const check = await provider.verify();
				provider.close();
				return result(check.ok, check.message);
			},
			async ovhConnectionTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const c = credential.data ?? {};
				const provider = new OvhProvider({
					endpoint: str(c.endpoint),
					applicationKey: str(c.applicationKey),
					applicationSecret: str(c.applicationSecret),
					consumerKey: str(c.consumerKey),
					serviceName: str(c.serviceName),
				});
				const check = await provider.verify();
				provider.close();
				return result(check.ok, check.message);
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const resource = this.getNodeParameter('resource', 0, 'delivery') as 'delivery' | 'approval';
		const operation = this.getNodeParameter('operation', 0) as 'send' | 'recordReceipt' | 'recordIncoming' | 'alertStatus' | 'statistics' | 'request' | 'check' | 'decide';
		const ledger = await openLedger(this);
		if (resource === 'approval') {
			const approvals = await approvalsOf(ledger.db);
			if (operation === 'request') return executeRequestApproval(this, approvals);
			if (operation === 'check') return executeCheckApproval(this, approvals);
			if (operation === 'decide') return executeDecideApproval(this, approvals);
		}
		if (operation === 'send') return executeSend(this, ledger);
		if (operation === 'recordReceipt') return executeRecordReceipt(this, ledger);
		if (operation === 'recordIncoming') return executeRecordIncoming(this, ledger);
		if (operation === 'statistics') return executeStatistics(this, ledger);
		if (operation === 'alertStatus') return executeAlertStatus(this, ledger);
		throw new NodeOperationError(this.getNode(), `The operation "${String(operation)}" is not supported`, {
			description: 'Choose Send, Record Delivery Receipt, Record Incoming SMS, Alert Status or Statistics (Delivery), or Request, Check Link or Decide (Approval). A workflow made with a newer version of this node may need that version.',
		});
	}
}
