import { updateDisplayOptions, type INodeProperties } from 'n8n-workflow';
import type { SectorTargetingType, TargetingOperation } from '../node.type';
import * as drawMap from './drawMap.operation';
import * as target from './target.operation';

/** The operation selector: targeting an alert, or drawing the map of a decision page's link. */
export const operationProperty: INodeProperties = {
	displayName: 'Operation',
	name: 'operation',
	type: 'options',
	noDataExpression: true,
	options: [
		{ name: 'Target', value: 'target', action: 'Target the recipients of an alert', description: 'The right professions in the right area: one item per phone with the reason, or a dry run' },
		{ name: 'Draw Decision Map', value: 'drawMap', action: 'Draw the decision map of a link', description: 'The SVG map of a decision page, from its link: for workflow 12\'s webhook' },
	],
	default: 'target',
};

/** The node's properties: the selector, then each operation's fields shown for it alone. */
export const description: INodeProperties[] = [
	operationProperty,
	...updateDisplayOptions({ show: { operation: ['target'] } }, target.description),
	...updateDisplayOptions({ show: { operation: ['drawMap'] } }, drawMap.description),
];

/** Each operation of the resource, by its name in the node type. */
export const operations: Record<SectorTargetingType['alert'], TargetingOperation> = { target, drawMap };
