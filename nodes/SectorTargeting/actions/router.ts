import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { openRegistryStore } from '../../common/database';
import * as alert from './alert/Alert.resource';

/** Opens the registry once for the run when the members come from it, and runs the operation. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const store = this.getNodeParameter('membersSource', 0) === 'registry' ? await openRegistryStore(this) : undefined;
	return [await alert.operations.target.execute.call(this, store)];
}
