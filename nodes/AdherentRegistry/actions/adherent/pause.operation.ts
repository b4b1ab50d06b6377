import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { switchAlerts } from './alerts';

/** Pause Alerts: a member's own stop, from its page (fields: siretField, changeSourceField). */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	return switchAlerts(this, store, true);
}
