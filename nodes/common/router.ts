/**
 * What the four routers share: a selector parameter (resource, operation, mode) read against
 * what this version of the node has, and the error CCI staff get for a value it lacks — a
 * workflow made with a newer version of the package, or a value typed by hand.
 */
import { NodeOperationError, type IExecuteFunctions, type INodeProperties, type INodePropertyOptions } from 'n8n-workflow';

const NEWER_VERSION = 'Open the node and choose one of them; a workflow made with a newer version of this package may need that version.';

/** A selector's choices as the editor lists them, each with the value workflows store: "Send (send), Statistics (statistics)". */
export function choicesOf(selector: INodeProperties): string {
	return (selector.options as INodePropertyOptions[]).map((option) => `${option.name} (${String(option.value)})`).join(', ');
}

/** The name the editor shows for one of a selector's values ("Approval" for approval). */
export function choiceName(selector: INodeProperties, value: string): string {
	return (selector.options as INodePropertyOptions[]).find((option) => option.value === value)?.name ?? value;
}

/**
 * `value` when `table` has it (the operations of a resource, the modes…); else a
 * NodeOperationError naming the parameter and the value, and listing the choices under `what`
 * ("Approval operations", "Adherent Registry resources").
 */
export function chosen<T extends object>(ctx: IExecuteFunctions, selector: INodeProperties, table: T, value: string, what: string): Extract<keyof T, string> {
	if (Object.prototype.hasOwnProperty.call(table, value)) return value as Extract<keyof T, string>;
	throw new NodeOperationError(ctx.getNode(), `The ${selector.name} "${value}" is not supported`, { description: `${what}: ${choicesOf(selector)}. ${NEWER_VERSION}` });
}
