import {
	NodeConnectionTypes,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type IExecuteFunctions,
	type INodeCredentialTestResult,
	type INodeExecutionData,
	type INodeType,
	type INodeTypeDescription,
} from 'n8n-workflow';
import { commonFields } from './modes/common';
import { emailFields } from './modes/email';
import { fieldsFields } from './modes/fields';
import { jsonFields } from './modes/json';
import { composeItems } from './run';

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
		properties: [
			{
				displayName: 'Mode',
				name: 'mode',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'From Email', value: 'email', description: 'A fiche alerte received by the Email Trigger (IMAP)' },
					{ name: 'From Fields', value: 'fields', description: 'One parameter per field, e.g. from an n8n Form Trigger' },
					{ name: 'From JSON', value: 'json', description: 'An incident object, e.g. from a webhook or an earlier alert' },
				],
				default: 'email',
			},
			...emailFields,
			...fieldsFields,
			...jsonFields,
			...commonFields,
		],
	};

	methods = {
		credentialTest: {
			async senderCodeTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const code = String(credential.data?.secret ?? '').trim();
				if (code.length < 8) return { status: 'Error', message: 'The shared code needs at least 8 characters' };
				if (/\s/.test(code)) return { status: 'Error', message: 'The shared code must not contain spaces' };
				return { status: 'OK', message: 'The shared code can be used' };
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return composeItems(this);
	}
}
