import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { registryFromCredential } from '../../common/database';
import { chosen } from '../../common/router';
import * as alert from './alert/Alert.resource';

/** Runs the chosen operation; Target opens the registry once for the run when the members come from it. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const operation = chosen(this, alert.operationProperty, alert.operations, String(this.getNodeParameter('operation', 0, 'target')), 'Sector Targeting operations');
	if (operation === 'drawMap') return [await alert.operations.drawMap.execute.call(this, undefined)];
	const store = this.getNodeParameter('membersSource', 0) === 'registry' ? await registryFromCredential(this) : undefined;
	return [await alert.operations.target.execute.call(this, store)];
}
