/** The template workflows as the e2e tests take them: a fresh copy of a file, and the switches tests turn. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WorkflowFile } from './n8n-server';

/** workflows/<file> as shipped, a copy of its own each call. */
export function templateWorkflow(file: string): WorkflowFile {
	return JSON.parse(readFileSync(join(__dirname, '../../workflows', file), 'utf8')) as WorkflowFile;
}

/** Turns a template's "Validation requise ?" (a second person approves each send) on or off. */
export function approvalSwitch(workflow: WorkflowFile, on: boolean): void {
	const node = (workflow.nodes as Array<{ name: string; parameters: Record<string, unknown> }>).find((n) => n.name === 'Validation requise ?');
	if (!node) throw new Error(`${String(workflow.name)} has no "Validation requise ?" switch`);
	(node.parameters.conditions as { conditions: Array<{ leftValue: string }> }).conditions[0].leftValue = `={{ ${on} }}`;
}
