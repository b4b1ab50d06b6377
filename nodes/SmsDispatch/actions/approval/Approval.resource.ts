import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { ApprovalJournal } from '../../../shared/dispatch';
import type { Operation, SmsDispatchType } from '../node.type';
import * as check from './check.operation';
import * as decide from './decide.operation';
import * as request from './request.operation';
import { approvalTokenProperty } from './token.properties';

/** The resource as the Resource selector offers it. */
export const resourceOption: INodePropertyOptions = { name: 'Approval', value: 'approval' };

/** Approval's Operation selector. */
export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['approval'] } },
	options: [
		{
			name: 'Request',
			value: 'request',
			action: 'Request a second person s approval',
			description: 'Store the alert and its decision summary in the journal; output a link that works once, until it expires',
		},
		{ name: 'Check Link', value: 'check', action: 'Check an approval link', description: 'Whether a link is open, already used (by whom, when), expired or unknown; with the summary to show' },
		{ name: 'Decide', value: 'decide', action: 'Record an approval decision', description: 'Record who approved or refused, once; an approved alert comes out to be sent' },
	],
	default: 'request',
};

/** Approval's fields, in the editor's order: Request's, the token (Check Link and Decide), Decide's. */
export const description: INodeProperties[] = [...request.description, ...check.description, approvalTokenProperty, ...decide.description];

/** Each operation, by its name in the node type; they share the approvals journal. */
export const operations: { [O in SmsDispatchType['approval']]: Operation<ApprovalJournal> } = { request, check, decide };
