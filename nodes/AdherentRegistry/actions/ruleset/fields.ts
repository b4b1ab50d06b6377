import { NodeOperationError, updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
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

/** Publish and Request Approval: where the ruleset document is read. */
export const rulesetDocumentFields: INodeProperties[] = updateDisplayOptions(showFor('ruleset', 'publish', 'requestApproval'), [
	{
		displayName: 'Ruleset From',
		name: 'rulesetInput',
		type: 'options',
		options: [
			{ name: 'Parameter', value: 'parameter', description: 'The ruleset document written below' },
			{ name: 'Field of the Input Item', value: 'field', description: 'A field holding the document (object or JSON text), e.g. from a form or Sector Targeting → Visual Rules' },
		],
		default: 'parameter',
	},
	{
		displayName: 'Ruleset (JSON)',
		name: 'rulesetJson',
		type: 'json',
		required: true,
		default: '{\n  "version": 1,\n  "zones": {},\n  "rules": []\n}',
		description: 'A ruleset document (see rules/ruleset.schema.json and docs/ruleset.md)',
		displayOptions: { show: { rulesetInput: ['parameter'] } },
	},
	{
		displayName: 'Ruleset Field',
		name: 'rulesetField',
		type: 'string',
		required: true,
		default: 'ruleset',
		description: 'Name of the item field holding the ruleset document (dots for nested fields)',
		displayOptions: { show: { rulesetInput: ['field'] } },
	},
]);

const isObject = (value: unknown): value is IDataObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The ruleset document of an item (rulesetDocumentFields): the parameter, or a field of the item. */
export function readDocument(ctx: IExecuteFunctions, item: INodeExecutionData, index: number): unknown {
	if (ctx.getNodeParameter('rulesetInput', index, 'parameter') === 'parameter') return ctx.getNodeParameter('rulesetJson', index);
	const field = ctx.getNodeParameter('rulesetField', index) as string;
	const value = field.split('.').reduce<unknown>((v, key) => (isObject(v) ? v[key] : undefined), item.json);
	if (value === undefined) {
		throw new NodeOperationError(ctx.getNode(), `The item has no field "${field}"`, {
			itemIndex: index,
			description: 'Set "Ruleset Field" to the field that holds the ruleset document, or choose Ruleset From: Parameter.',
		});
	}
	return value;
}

/** Check Approval Link and Decide Approval: the token of the link. */
export const proposalTokenProperty: INodeProperties = {
	displayName: 'Token',
	name: 'rulesetApprovalToken',
	type: 'string',
	typeOptions: { password: true },
	default: '={{ $json.jeton }}',
	required: true,
	description: 'The token of the approval link (the approval form\'s hidden field "jeton")',
	displayOptions: showFor('ruleset', 'checkApproval', 'decideApproval'),
};

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
		description: 'Who publishes (or proposes), kept in the history. n8n gives no user identity to expressions: map the name field of your form, e.g. {{ $json.author }}.',
		displayOptions: showFor('ruleset', 'publish', 'rollback', 'requestApproval'),
	},
	{
		displayName: 'Reason',
		name: 'reason',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'Fewer SMS for shoplifting: commune only',
		description: 'Why the rules change, kept in the history',
		displayOptions: showFor('ruleset', 'publish', 'requestApproval'),
	},
];
