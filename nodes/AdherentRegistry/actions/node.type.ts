import type { AllEntities, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { RegistryStore } from '../../shared/registry';

/** Each resource of Adherent Registry and the values of its Operation parameter, as stored in workflows. */
type AdherentRegistryMap = {
	adherent:
		| 'addPhone'
		| 'changes'
		| 'erase'
		| 'get'
		| 'import'
		| 'nafTransition'
		| 'optIn'
		| 'optOut'
		| 'pause'
		| 'report'
		| 'requestRenewal'
		| 'resume'
		| 'search'
		| 'setCommune'
		| 'setStatus'
		| 'statistics'
		| 'upsert';
	ruleset: 'checkApproval' | 'compareMatrix' | 'decideApproval' | 'downloadMatrix' | 'get' | 'history' | 'publish' | 'requestApproval' | 'rollback';
};

/** Every valid resource/operation pair of the node. */
export type AdherentRegistryType = AllEntities<AdherentRegistryMap>;

export type AdherentRegistryResource = AdherentRegistryType['resource'];

/** The operations of one resource. */
export type OperationOf<R extends AdherentRegistryResource> = Extract<AdherentRegistryType, { resource: R }>['operation'];

/** What an operation runs: every input item at once, on the register the router opened. */
export type OperationExecute = (this: IExecuteFunctions, store: RegistryStore) => Promise<INodeExecutionData[][]>;
