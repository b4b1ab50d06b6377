import type { INodeProperties, INodePropertyOptions } from 'n8n-workflow';
import type { Ledger } from '../../../shared/dispatch';
import type { Operation, SmsDispatchType } from '../node.type';
import * as alertStatus from './alertStatus.operation';
import { providerProperty } from './provider.properties';
import * as recordIncoming from './recordIncoming.operation';
import * as recordReceipt from './recordReceipt.operation';
import * as send from './send.operation';
import * as statistics from './statistics.operation';

/** The resource as the Resource selector offers it. */
export const resourceOption: INodePropertyOptions = { name: 'Delivery', value: 'delivery' };

/** Delivery's Operation selector. */
export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	displayOptions: { show: { resource: ['delivery'] } },
	options: [
		{ name: 'Send', value: 'send', action: 'Send the alert SMS', description: 'Send each recipient its SMS once, with throttling, retries and failover' },
		{ name: 'Record Delivery Receipt', value: 'recordReceipt', action: 'Record a delivery receipt', description: 'Apply a provider receipt received by a Webhook node to the ledger' },
		{ name: 'Record Incoming SMS', value: 'recordIncoming', action: 'Record an incoming SMS', description: 'Apply a member\'s STOP or START reply received by a Webhook node to the registry, and confirm it once' },
		{ name: 'Alert Status', value: 'alertStatus', action: 'Get the delivery status of an alert', description: 'Counts by status, failures with reasons, time to last delivery' },
		{ name: 'Statistics', value: 'statistics', action: 'Get sending statistics for a period', description: 'Alerts sent, SMS by status and delivery rate over a period (yearly review)' },
	],
	default: 'send',
};

/**
 * Delivery's fields. They show by operation alone, without the resource (as since the node's first
 * version): the operation names are Delivery's own.
 */
export const description: INodeProperties[] = [providerProperty, ...send.description, ...recordReceipt.description, ...recordIncoming.description, ...statistics.description, ...alertStatus.description];

/** Each operation, by its name in the node type; they share the dispatch ledger. */
export const operations: { [O in SmsDispatchType['delivery']]: Operation<Ledger> } = { send, recordReceipt, recordIncoming, alertStatus, statistics };
