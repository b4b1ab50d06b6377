import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { openRegistryStore } from '../../common/database';
import * as alert from './alert/Alert.resource';

/** Runs the chosen operation; Target opens the registry once for the run when the members come from it. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = String(this.getNodeParameter('operation', 0, 'target'));
	if (operation === 'drawMap') return [await alert.operations.drawMap.execute.call(this, undefined)];
	if (operation !== 'target') {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" is not supported`, {
			description: 'Choose Target or Draw Decision Map. A workflow made with a newer version of this node may need that version.',
		});
	}
	const store = this.getNodeParameter('membersSource', 0) === 'registry' ? await openRegistryStore(this) : undefined;
	return [await alert.operations.target.execute.call(this, store)];
}
