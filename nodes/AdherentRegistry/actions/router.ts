import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { registryFromCredential } from '../../common/database';
import { choiceName, chosen } from '../../common/router';
import * as adherent from './adherent/Adherent.resource';
import type { OperationExecute } from './node.type';
import { resourceProperty } from './resources';
import * as ruleset from './ruleset/Ruleset.resource';

const RESOURCES = { adherent, ruleset };

/** Checks the resource and operation, opens the register once, and runs the operation over the items. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	// The resource first: for an unknown one no Operation parameter is shown, so n8n gives none.
	const resource = chosen(this, resourceProperty, RESOURCES, String(this.getNodeParameter('resource', 0, 'adherent')), 'Adherent Registry resources');
	const { operationProperty, operations } = RESOURCES[resource];
	const table: Record<string, { execute: OperationExecute }> = operations;
	const operation = chosen(this, operationProperty, table, String(this.getNodeParameter('operation', 0)), `${choiceName(resourceProperty, resource)} operations`);
	return table[operation].execute.call(this, await registryFromCredential(this));
}
