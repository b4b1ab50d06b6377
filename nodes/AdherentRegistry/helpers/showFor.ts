import type { IDisplayOptions } from 'n8n-workflow';
import type { AdherentRegistryResource, OperationOf } from '../actions/node.type';

/** Display options that show a property for some operations of one resource. */
export function showFor<R extends AdherentRegistryResource>(resource: R, ...operation: Array<OperationOf<R>>): IDisplayOptions {
	return { show: { resource: [resource], operation } };
}
