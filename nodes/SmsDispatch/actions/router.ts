import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';
import { approvalsOf } from '../../shared/dispatch';
import { openLedger } from '../../common/database';
import * as approval from './approval/Approval.resource';
import * as delivery from './delivery/Delivery.resource';
import type { SmsDispatchOperation } from './node.type';

const RESOURCES = [delivery, approval];

const NEWER = 'A workflow made with a newer version of this node may need that version.';

/** "A, B or C", from a selector's option names. */
function namesOf(options: readonly INodePropertyOptions[]): string {
	const names = options.map((option) => option.name);
	return names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}` : names.join('');
}

const operationsOf = (selector: INodeProperties): string => namesOf(selector.options as INodePropertyOptions[]);

const hasOperation = <T extends object>(operations: T, name: string): name is Extract<keyof T, string> => Object.prototype.hasOwnProperty.call(operations, name);

/** The resource and operation the node is set to, or a NodeOperationError naming the unknown one and the valid ones. */
function chosenOperation(ctx: IExecuteFunctions): SmsDispatchOperation {
	const resource = String(ctx.getNodeParameter('resource', 0, 'delivery'));
	const known = RESOURCES.find((r) => r.resourceOption.value === resource);
	if (!known) {
		throw new NodeOperationError(ctx.getNode(), `The resource "${resource}" is not supported`, {
			description: `Choose ${namesOf(RESOURCES.map((r) => ({ ...r.resourceOption, name: `${r.resourceOption.name} (${operationsOf(r.operationProperty)})` })))}. ${NEWER}`,
		});
	}
	const operation = String(ctx.getNodeParameter('operation', 0));
	if (resource === 'delivery' && hasOperation(delivery.operations, operation)) return { resource, operation };
	if (resource === 'approval' && hasOperation(approval.operations, operation)) return { resource, operation };
	throw new NodeOperationError(ctx.getNode(), `The operation "${operation}" is not supported`, {
		description: `${known.resourceOption.name} operations: ${operationsOf(known.operationProperty)}. ${NEWER}`,
	});
}

/** Checks the resource and operation, opens the dispatch ledger once, and runs the operation over the items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const chosen = chosenOperation(this);
	const ledger = await openLedger(this);
	if (chosen.resource === 'approval') return [await approval.operations[chosen.operation].execute.call(this, await approvalsOf(ledger.db))];
	return [await delivery.operations[chosen.operation].execute.call(this, ledger)];
}
