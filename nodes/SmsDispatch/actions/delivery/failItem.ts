import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

/** An item that could not be handled: an error item with Continue On Fail, else the node stops. */
export function failItem(ctx: IExecuteFunctions, index: number, message: string, description: string): INodeExecutionData {
	if (!ctx.continueOnFail()) throw new NodeOperationError(ctx.getNode(), message, { itemIndex: index, description });
	return { json: { error: message, description }, pairedItem: { item: index } };
}
