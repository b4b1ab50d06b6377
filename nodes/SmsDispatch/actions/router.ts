import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { choiceName, chosen } from '../../common/router';
import { approvalsOf } from '../../shared/dispatch';
import { ledgerFromCredential } from '../../common/database';
import * as approval from './approval/Approval.resource';
import * as delivery from './delivery/Delivery.resource';
import { resourceProperty } from './resources';
import type { SmsDispatchOperation } from './node.type';

const RESOURCES = { delivery, approval };

/** The resource and operation the node is set to, or a NodeOperationError naming the unknown one and listing the choices. */
function chosenOperation(ctx: IExecuteFunctions): SmsDispatchOperation {
	const resource = chosen(ctx, resourceProperty, RESOURCES, String(ctx.getNodeParameter('resource', 0, 'delivery')), 'SMS Dispatch resources');
	const { operationProperty, operations } = RESOURCES[resource];
	const operation = chosen(ctx, operationProperty, operations, String(ctx.getNodeParameter('operation', 0)), `${choiceName(resourceProperty, resource)} operations`);
	return { resource, operation } as SmsDispatchOperation;
}

/** Checks the resource and operation, opens the dispatch ledger once, and runs the operation over the items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const chosen = chosenOperation(this);
	const ledger = await ledgerFromCredential(this);
	if (chosen.resource === 'approval') return [await approval.operations[chosen.operation].execute.call(this, await approvalsOf(ledger.db))];
	return [await delivery.operations[chosen.operation].execute.call(this, ledger)];
}
