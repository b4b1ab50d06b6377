import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';
import { openRegistryStore } from '../../common/database';
import { adherentOperation, adherentOperations } from './adherent/Adherent.resource';
import type { AdherentRegistryResource, OperationExecute } from './node.type';
import { resourceProperty } from './resources';
import { rulesetOperation, rulesetOperations } from './ruleset/Ruleset.resource';

/** Each resource: its Operation selector (for the names the editor shows) and what its operations run. */
const RESOURCES: Record<AdherentRegistryResource, { selector: INodeProperties; operations: Record<string, { execute: OperationExecute }> }> = {
	adherent: { selector: adherentOperation, operations: adherentOperations },
	ruleset: { selector: rulesetOperation, operations: rulesetOperations },
};

const has = <T extends object>(table: T, key: string): key is Extract<keyof T, string> => Object.prototype.hasOwnProperty.call(table, key);

const optionsOf = (selector: INodeProperties) => selector.options as INodePropertyOptions[];

/** The names of a selector's options as the editor lists them, each with the value workflows store. */
const shownNames = (selector: INodeProperties) => optionsOf(selector).map((o) => `${o.name} (${String(o.value)})`).join(', ');

/** Why a workflow names what this version lacks, and what to do: CCI staff read this. */
const NEWER_VERSION = 'Open the node and choose one of them; a workflow made with a newer version of this package may need that version.';

/** Runs the workflow's resource and operation on every input item, on the register opened once. */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const resource = this.getNodeParameter('resource', 0, 'adherent') as string;
	// Checked first: for an unknown resource no Operation parameter is shown, so n8n gives none.
	if (!has(RESOURCES, resource)) {
		throw new NodeOperationError(this.getNode(), `The resource "${String(resource)}" is not supported`, {
			description: `Adherent Registry knows these resources: ${shownNames(resourceProperty)}. ${NEWER_VERSION}`,
		});
	}
	const { selector, operations } = RESOURCES[resource];
	const operation = this.getNodeParameter('operation', 0) as string;
	if (!has(operations, operation)) {
		throw new NodeOperationError(this.getNode(), `The operation "${String(operation)}" is not supported`, {
			description: `The ${optionsOf(resourceProperty).find((o) => o.value === resource)?.name} resource knows these operations: ${shownNames(selector)}. ${NEWER_VERSION}`,
		});
	}
	const store = await openRegistryStore(this);
	return operations[operation].execute.call(this, store);
}
