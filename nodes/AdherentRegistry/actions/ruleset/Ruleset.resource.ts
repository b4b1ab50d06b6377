import type { INodeProperties } from 'n8n-workflow';
import type { OperationExecute, OperationOf } from '../node.type';
import * as checkApproval from './checkApproval.operation';
import * as compareMatrix from './compareMatrix.operation';
import * as decideApproval from './decideApproval.operation';
import * as downloadMatrix from './downloadMatrix.operation';
import { historyFields, matrixFields, proposalTokenProperty, rulesetDocumentFields, versionsNotice } from './fields';
import * as get from './get.operation';
import * as history from './history.operation';
import * as publish from './publish.operation';
import * as requestApproval from './requestApproval.operation';
import * as rollback from './rollback.operation';

/** The Ruleset resource's Operation selector: the register's versioned targeting rules (nodes/shared/targeting/store.ts). */
export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['ruleset'] } },
	options: [
		{
			name: 'Check Approval Link',
			value: 'checkApproval',
			action: 'Check a rules approval link',
			description: 'What a second person sees before deciding: the proposal, its comparison, and whether the link still works',
		},
		{
			name: 'Compare Matrix',
			value: 'compareMatrix',
			action: 'Compare an uploaded rules matrix',
			description:
				'Read a CSV matrix (incident types × professions → area): every invalid cell goes to the second output; a valid one gives the proposed rules and their effect over a year of alerts, before publishing',
		},
		{
			name: 'Decide Approval',
			value: 'decideApproval',
			action: 'Approve or refuse a rules change',
			description: 'A second person approves (the proposal is published as the next version) or refuses; the link then stops working',
		},
		{
			name: 'Download Matrix',
			value: 'downloadMatrix',
			action: 'Download the rules as a matrix',
			description: 'The version in force as a CSV matrix a spreadsheet opens: one row per incident type, one column per profession, the area in each cell',
		},
		{
			name: 'Get',
			value: 'get',
			action: 'Get the register s ruleset',
			description: 'The version in force (or a chosen one), with its rules; version 0 is the package default',
		},
		{ name: 'History', value: 'history', action: 'List the ruleset s versions', description: 'Every published version, newest first: who, when, why' },
		{
			name: 'Publish',
			value: 'publish',
			action: 'Publish a new ruleset version',
			description: 'Validate a ruleset and make it the version every workflow reading this register uses; an invalid one goes to the second output',
		},
		{
			name: 'Request Approval',
			value: 'requestApproval',
			action: 'Ask a second person to approve a rules change',
			description: 'Validate a ruleset and store it as a proposal with a single-use link for a second person; nothing is published yet',
		},
		{
			name: 'Roll Back',
			value: 'rollback',
			action: 'Restore an earlier ruleset version',
			description: 'Publish a copy of the previous version (or a chosen one) as a new version',
		},
	],
	default: 'get',
};

/** What each Ruleset operation runs. */
export const operations: Record<OperationOf<'ruleset'>, { execute: OperationExecute }> = {
	checkApproval,
	compareMatrix,
	decideApproval,
	downloadMatrix,
	get,
	history,
	publish,
	requestApproval,
	rollback,
};

/** The Ruleset fields in the editor's order: the shared ones where the operations' own fields expect them. */
export const description: INodeProperties[] = [
	...matrixFields,
	...compareMatrix.description,
	versionsNotice,
	...requestApproval.description,
	...rulesetDocumentFields,
	...publish.description,
	...historyFields,
	...rollback.description,
	...get.description,
	...history.description,
	proposalTokenProperty,
	...checkApproval.description,
	...decideApproval.description,
];
