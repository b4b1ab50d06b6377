import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { switchAlerts } from './alerts';

/** Resume Alerts: undoes Pause Alerts (fields: siretField, changeSourceField). */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	return switchAlerts(this, store, false);
}
