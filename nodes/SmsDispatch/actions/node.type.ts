import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

/** SMS Dispatch's resources and the operations of each, as the node's parameters name them. */
export interface SmsDispatchType {
	delivery: 'send' | 'recordReceipt' | 'recordIncoming' | 'alertStatus' | 'statistics';
	approval: 'request' | 'check' | 'decide';
}

/** A resource and one of its own operations. */
export type SmsDispatchOperation = { [R in keyof SmsDispatchType]: { resource: R; operation: SmsDispatchType[R] } }[keyof SmsDispatchType];

/** An operation: its fields, and its run over the input items with what its resource shares (the ledger, the approvals). */
export interface Operation<Shared> {
	description: INodeProperties[];
	execute(this: IExecuteFunctions, shared: Shared): Promise<INodeExecutionData[]>;
}
