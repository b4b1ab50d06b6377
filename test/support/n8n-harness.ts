/**
 * Runs a workflow in n8n's real engine (n8n-core WorkflowExecute), in-process, without a server,
 * database or DI: the nodes under test are given as node types, credentials as plain data.
 *
 *   const result = await runWorkflow({
 *     nodes: [itemsNode([{ siret: '…' }]), { name: 'Registry', type: 'adherentRegistry', typeVersion: 1, position: [200, 0],
 *              parameters: { operation: 'upsert' }, credentials: { alerteCommercesRegistry: { id: '1', name: 'Registry' } } }],
 *     connections: connect('Items', 'Registry'),
 *     nodeTypes: { adherentRegistry: new AdherentRegistry() },
 *     credentials: { alerteCommercesRegistry: { storage: 'embedded', path: '/tmp/x.sqlite' } },
 *   });
 *   result.output('Registry', 0)  // INodeExecutionData[] of output 0 (first run)
 *   result.error                   // the workflow error, if a node failed
 *
 * The first node is an `items` node emitting the given JSON items (a stand-in for a trigger).
 */
import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import {
	createRunExecutionData,
	ICredentialsHelper,
	NodeHelpers,
	Workflow,
	type ICredentialDataDecryptedObject,
	type ICredentials,
	type IConnections,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type INode,
	type INodeCredentialsDetails,
	type INodeExecutionData,
	type INodeProperties,
	type INodeType,
	type INodeTypeDescription,
	type INodeTypes,
	type IRun,
	type IVersionedNodeType,
	type IWorkflowExecuteAdditionalData,
	type ExecutionError,
} from 'n8n-workflow';

/** A trigger stand-in: emits the items given in its `items` parameter (JSON). */
class ItemsNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Items',
		name: 'items',
		group: ['input'],
		version: 1,
		description: 'Emits fixed items (tests only)',
		defaults: { name: 'Items' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const raw = this.getNodeParameter('items', 0) as string | IDataObject[];
		const items = (typeof raw === 'string' ? JSON.parse(raw) : raw) as IDataObject[];
		return [items.map((json, index) => ({ json, pairedItem: { item: index } }))];
	}
}

class PlainCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly data: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(_credentials: ICredentialDataDecryptedObject, _type: string, request: IHttpRequestOptions): Promise<IHttpRequestOptions> {
		return request;
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(_details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		throw new Error(`getCredentials(${type}) is not supported by the test harness`);
	}

	async getDecrypted(_additionalData: IWorkflowExecuteAdditionalData, _details: INodeCredentialsDetails, type: string): Promise<ICredentialDataDecryptedObject> {
		const data = this.data[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return data;
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): INodeProperties[] {
		return [];
	}
}

export interface HarnessWorkflow {
	nodes: Array<Omit<INode, 'id'> & { id?: string }>;
	connections: IConnections;
	nodeTypes: Record<string, INodeType | IVersionedNodeType>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Static data of the workflow (kept between runs when the same object is passed again). */
	staticData?: IDataObject;
}

export interface HarnessResult {
	run: IRun;
	error?: ExecutionError;
	/** Items of one output of a node's first run ([] when it produced nothing there). */
	output(node: string, index?: number): INodeExecutionData[];
	/** Every output of a node's first run. */
	outputs(node: string): INodeExecutionData[][];
}

/** The `items` node, first in a harness workflow. */
export function itemsNode(items: IDataObject[], name = 'Items'): HarnessWorkflow['nodes'][number] {
	return { name, type: 'items', typeVersion: 1, position: [0, 0], parameters: { items: JSON.stringify(items) } };
}

/** Connections for a chain: connect('A', 'B', 'C') links A→B→C on output/input 0. */
export function connect(...names: string[]): IConnections {
	const connections: IConnections = {};
	for (let i = 0; i < names.length - 1; i++) {
		connections[names[i]] = { main: [[{ node: names[i + 1], type: 'main', index: 0 }]] };
	}
	return connections;
}

/** Runs the workflow from its first node and resolves when n8n's engine has finished. */
export async function runWorkflow(spec: HarnessWorkflow): Promise<HarnessResult> {
	const registry: Record<string, INodeType | IVersionedNodeType> = { items: new ItemsNode(), ...spec.nodeTypes };
	const nodeTypes: INodeTypes = {
		getByName: (type) => registry[type],
		getByNameAndVersion: (type, version) => NodeHelpers.getVersionedNodeType(registry[type], version),
		getKnownTypes: () => ({}),
	};
	const nodes: INode[] = spec.nodes.map((node, index) => ({ id: node.id ?? `node-${index}`, ...node }));
	const workflow = new Workflow({
		id: 'harness',
		name: 'harness',
		nodes,
		connections: spec.connections,
		active: false,
		nodeTypes,
		staticData: spec.staticData,
	});
	const hooks = new ExecutionLifecycleHooks('manual', 'harness-execution', {
		id: 'harness',
		name: 'harness',
		nodes,
		connections: spec.connections,
		active: false,
		activeVersionId: null,
		isArchived: false,
		createdAt: new Date(),
		updatedAt: new Date(),
	});
	const done = new Promise<IRun>((resolve) => hooks.addHandler('workflowExecuteAfter', (run) => resolve(run)));
	const additionalData = {
		hooks,
		variables: {},
		credentialsHelper: new PlainCredentialsHelper(spec.credentials ?? {}),
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formBaseUrl: 'http://127.0.0.1:5678/form',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:5678/form-test',
		currentNodeExecutionIndex: 0,
	} as unknown as IWorkflowExecuteAdditionalData;
	const start = nodes[0];
	const runExecutionData = createRunExecutionData({
		executionData: { nodeExecutionStack: [{ node: start, data: { main: [[{ json: {} }]] }, source: null }] },
	});
	const execution = new WorkflowExecute(additionalData, 'manual', runExecutionData);
	await execution.processRunExecutionData(workflow);
	const run = await done;
	const outputs = (node: string): INodeExecutionData[][] => {
		const data = run.data.resultData.runData[node]?.[0]?.data?.main ?? [];
		return data.map((items) => items ?? []);
	};
	return {
		run,
		error: run.data.resultData.error,
		outputs,
		output: (node, index = 0) => outputs(node)[index] ?? [],
	};
}
