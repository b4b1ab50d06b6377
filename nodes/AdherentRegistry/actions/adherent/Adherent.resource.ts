import type { INodeProperties } from 'n8n-workflow';
import type { OperationExecute, OperationOf } from '../node.type';
import * as addPhone from './addPhone.operation';
import * as changes from './changes.operation';
import * as erase from './erase.operation';
import { changeSourceField, memberSourceFields, phoneField, siretField, writeOptionsField } from './fields';
import * as get from './get.operation';
import * as importMembers from './import.operation';
import * as nafTransition from './nafTransition.operation';
import * as optIn from './optIn.operation';
import * as optOut from './optOut.operation';
import * as pause from './pause.operation';
import * as report from './report.operation';
import * as requestRenewal from './requestRenewal.operation';
import * as resume from './resume.operation';
import * as search from './search.operation';
import * as setCommune from './setCommune.operation';
import * as setStatus from './setStatus.operation';
import * as statistics from './statistics.operation';
import * as upsert from './upsert.operation';

/** The Adherent resource's Operation selector. */
export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['adherent'] } },
	options: [
		{ name: 'Add Phone', value: 'addPhone', action: 'Add or replace a member s phone', description: 'Add a mobile to a member, or put it in place of one of its numbers; journaled' },
		{ name: 'Erase (GDPR)', value: 'erase', action: 'Erase a member s personal data', description: 'Remove a member and their phone numbers; only anonymous counts remain' },
		{ name: 'Get', value: 'get', action: 'Get a member', description: 'Get one member by SIRET' },
		{ name: 'Import', value: 'import', action: 'Import members', description: 'Store many rows (e.g. the CCI CSV) in batches; invalid rows go to the second output' },
		{ name: 'List Changes', value: 'changes', action: 'List the changes of the last hours', description: 'The change journal over the last hours, one item per change (the CCI\'s daily digest)' },
		{ name: 'Member Report', value: 'report', action: 'Get what the register holds about a member', description: 'The member, its change journal and the alerts its phones received this year' },
		{
			name: 'NAF 2025 Transition Report',
			value: 'nafTransition',
			action: 'List members still on a NAF rev 2 code',
			description: 'Members still on a NAF rév. 2 code, their NAF 2025 code(s) from INSEE\'s correspondence and whether their profession tags would change; changes nothing',
		},
		{ name: 'Opt In', value: 'optIn', action: 'Resume alerts to a phone number' },
		{ name: 'Opt Out', value: 'optOut', action: 'Stop alerts to a phone number' },
		{ name: 'Pause Alerts', value: 'pause', action: 'Pause alerts to a member', description: 'Stop alerts to every phone of one member (other members sharing a number are untouched); journaled' },
		{ name: 'Request Renewal', value: 'requestRenewal', action: 'Record a renewal request', description: 'Journal a member\'s request to renew, for the CCI to handle' },
		{ name: 'Resume Alerts', value: 'resume', action: 'Resume alerts to a member', description: 'Resume alerts to every phone of one member; journaled' },
		{ name: 'Search', value: 'search', action: 'Search members', description: 'Find members by commune, EPCI, département, profession, zone or status' },
		{ name: 'Set Commune', value: 'setCommune', action: 'Move a member to another commune', description: 'Correct a member\'s commune (postal code and name, within its département); journaled' },
		{ name: 'Set Status', value: 'setStatus', action: 'Set a member s status', description: 'Activate, suspend or mark pending' },
		{ name: 'Statistics', value: 'statistics', action: 'Get register statistics', description: 'Members by commune, profession and status' },
		{ name: 'Upsert', value: 'upsert', action: 'Create or update a member', description: 'One member per input item, matched by SIRET; invalid items go to the second output' },
	],
	default: 'upsert',
};

/** What each Adherent operation runs. */
export const operations: Record<OperationOf<'adherent'>, { execute: OperationExecute }> = {
	addPhone,
	changes,
	erase,
	get,
	import: importMembers,
	nafTransition,
	optIn,
	optOut,
	pause,
	report,
	requestRenewal,
	resume,
	search,
	setCommune,
	setStatus,
	statistics,
	upsert,
};

/** The Adherent fields in the editor's order: the shared ones where the operations' own fields expect them. */
export const description: INodeProperties[] = [
	...memberSourceFields,
	...importMembers.description,
	writeOptionsField,
	siretField,
	...setStatus.description,
	phoneField,
	...addPhone.description,
	...setCommune.description,
	changeSourceField,
	...erase.description,
	...changes.description,
	...nafTransition.description,
	...search.description,
];
