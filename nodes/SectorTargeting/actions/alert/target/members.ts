import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { adherentFromRow, validateAdherent, type Adherent, type FieldError } from '../../../../shared/registry';
import { isObject } from './json';

/** Members given as records (from a field or another node), validated like registry imports. */
export interface ExternalMembers {
	members: Adherent[];
	invalid: Array<{ index: number; errors: FieldError[] }>;
}

const validated = new WeakMap<object, ExternalMembers>();

/** Validates member records once per array (the same node output serves every alert item). */
export function validateMembers(records: unknown[]): ExternalMembers {
	const cached = validated.get(records);
	if (cached) return cached;
	const result: ExternalMembers = { members: [], invalid: [] };
	records.forEach((record, index) => {
		const check = validateAdherent(adherentFromRow(isObject(record) ? record : {}));
		if (check.ok) result.members.push(check.adherent);
		else result.invalid.push({ index, errors: check.errors });
	});
	validated.set(records, result);
	return result;
}

function fieldOf(json: IDataObject, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (isObject(value) ? value[key] : undefined), json);
}

/** Member records from the item's field or from another node's output. */
export function readMemberRecords(ctx: IExecuteFunctions, item: INodeExecutionData, index: number, source: string): unknown[] {
	if (source === 'field') {
		const field = ctx.getNodeParameter('membersField', index) as string;
		const records = fieldOf(item.json, field);
		if (!Array.isArray(records)) {
			throw new NodeOperationError(ctx.getNode(), `Field "${field}" does not hold a list of members`, {
				itemIndex: index,
				description: 'Set "Members Field" to the field holding an array of member records, or choose another members source.',
			});
		}
		return records;
	}
	const node = (ctx.getNodeParameter('membersNode', index) as string).trim();
	let items: INodeExecutionData[];
	try {
		items = ctx.getWorkflowDataProxy(index).$items(node);
	} catch (error) {
		throw new NodeOperationError(ctx.getNode(), `Cannot read the members of node "${node}": ${(error as Error).message}`, {
			itemIndex: index,
			description: 'Give the exact name of a node that runs before this one and outputs one item per member.',
		});
	}
	return items.map((i) => i.json);
}
