/** The template workflows as the e2e tests take them: a fresh copy of a file, and the switches tests turn. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitForPublication, type N8nServer, type WorkflowFile } from './n8n-server';

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

/**
 * Changes a workflow in the running n8n as a CCI would in the editor (edit, save, publish): the
 * published version then runs with the change, its triggers registered again.
 */
export async function republish(n8n: N8nServer, workflowId: string, edit: (workflow: WorkflowFile) => void): Promise<void> {
	const current = await n8n.rest<WorkflowFile & { versionId: string }>(`/workflows/${workflowId}`);
	edit(current);
	const saved = await n8n.rest<{ versionId: string }>(`/workflows/${workflowId}`, {
		method: 'PATCH',
		body: JSON.stringify({ nodes: current.nodes, connections: current.connections, versionId: current.versionId }),
	});
	await n8n.rest(`/workflows/${workflowId}/activate`, { method: 'POST', body: JSON.stringify({ versionId: saved.versionId }) });
	// n8n 2.x publishes through an outbox drained in the background: until its triggers run the
	// new version, a request still reaches the old one.
	await waitForPublication(n8n.rest, [workflowId], { [workflowId]: saved.versionId });
}
