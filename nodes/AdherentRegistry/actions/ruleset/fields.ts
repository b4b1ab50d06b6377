import type { INodeProperties } from 'n8n-workflow';
import { showFor } from '../../helpers/showFor';

/** Fields several Ruleset operations share; Ruleset.resource.ts places them among the operations' own. */

/** Download Matrix and Compare Matrix: what the matrix is, and the binary field of its CSV. */
export const matrixFields: INodeProperties[] = [
	{
		displayName:
			'The matrix has one row per incident type and one column per profession; each cell holds the area (commune, agglomération, arrondissement, département, « 2 km », « zone centre »), or nothing. Workflow 11 downloads it and compares an uploaded one before publishing.',
		name: 'matrixNotice',
		type: 'notice',
		default: '',
		displayOptions: showFor('ruleset', 'downloadMatrix', 'compareMatrix'),
	},
	{
		displayName: 'Binary Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		description: 'Download: the binary field the CSV file is written to. Compare: the binary field holding the uploaded CSV (a form\'s file field is named after its label, e.g. Matrice_CSV).',
		displayOptions: showFor('ruleset', 'downloadMatrix', 'compareMatrix'),
	},
];

/** Publish and Roll Back: how versions are kept. */
export const versionsNotice: INodeProperties = {
	displayName:
		'The ruleset is stored in the register, beside the members: Sector Targeting nodes with Rules "From the Register" use the version published last. Versions are never overwritten; a rollback publishes a copy.',
	name: 'rulesetNotice',
	type: 'notice',
	default: '',
	displayOptions: showFor('ruleset', 'publish', 'rollback'),
};

/** What the history keeps of a new version: who (Publish and Roll Back) and why (Publish; Roll Back has it among its options). */
export const historyFields: INodeProperties[] = [
	{
		displayName: 'Author',
		name: 'author',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Claire Martin, CCI Puy-de-Dôme',
		description: 'Who publishes, kept in the history. n8n gives no user identity to expressions: map the name field of your form, e.g. {{ $json.author }}.',
		displayOptions: showFor('ruleset', 'publish', 'rollback'),
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Fewer SMS for shoplifting: commune only',
		description: 'Why the rules change, kept in the history',
		displayOptions: showFor('ruleset', 'publish'),
	},
];
