import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';

/**
 * Runs `fn` for every input item, one output item per object it returns, honouring Continue On
 * Fail: a failed item becomes `{ error }`. `describe` gives the error description a CCI staffer
 * reads when the error is not already a NodeOperationError.
 */
export async function perItem(
	ctx: IExecuteFunctions,
	fn: (index: number, item: INodeExecutionData) => Promise<IDataObject | IDataObject[]>,
	describe: (error: unknown) => string | undefined = () => undefined,
): Promise<INodeExecutionData[]> {
	const out: INodeExecutionData[] = [];
	const items = ctx.getInputData();
	for (let index = 0; index < items.length; index++) {
		try {
			const result = await fn(index, items[index]);
			for (const json of Array.isArray(result) ? result : [result]) out.push({ json, pairedItem: { item: index } });
		} catch (error) {
			const wrapped =
				error instanceof NodeOperationError ? error : new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: index, description: describe(error) });
			if (!ctx.continueOnFail()) throw wrapped;
			out.push({ json: { error: wrapped.message }, pairedItem: { item: index } });
		}
	}
	return out;
}
