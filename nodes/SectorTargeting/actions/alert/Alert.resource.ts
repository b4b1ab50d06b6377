import type { INodeProperties } from 'n8n-workflow';
import type { SectorTargetingType, TargetingOperation } from '../node.type';
import * as target from './target.operation';

/**
 * The node's one resource and operation: deciding an alert's recipients. With a single operation
 * there is no Resource or Operation selector, so the operation's fields are the node's properties.
 */
export const description: INodeProperties[] = [...target.description];

/** Each operation of the resource, by its name in the node type. */
export const operations: Record<SectorTargetingType['alert'], TargetingOperation> = { target };
