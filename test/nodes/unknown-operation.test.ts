import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INodeType } from 'n8n-workflow';
import { AdherentRegistry } from '../../nodes/AdherentRegistry/AdherentRegistry.node';
import { SmsDispatch } from '../../nodes/SmsDispatch/SmsDispatch.node';
import { closeSharedDbs } from '../../nodes/shared/registry';
import { connect, itemsNode, runWorkflow } from '../support/n8n-harness';

const registry = { storage: 'embedded', path: join(mkdtempSync(join(process.env.ALERTE_TEST_ROOT ?? tmpdir(), 'unknown-op-')), 'r.sqlite') };

/** Items → the node, with an operation this version does not have (a workflow from a newer one). */
async function runWith(type: string, node: INodeType, resource: string, operation = 'doesNotExist') {
	return runWorkflow({
		nodes: [
			itemsNode([{}]),
			{ name: 'Node', type, typeVersion: 1, position: [200, 0], parameters: { resource, operation }, credentials: { alerteCommercesRegistry: { id: '1', name: 'Registry' } } },
		],
		connections: connect('Items', 'Node'),
		nodeTypes: { [type]: node },
		credentials: { alerteCommercesRegistry: registry },
	});
}

afterAll(closeSharedDbs);

describe('an unknown operation', () => {
	it.each([
		['adherentRegistry', new AdherentRegistry(), 'adherent'],
		['smsDispatch', new SmsDispatch(), 'delivery'],
	])('stops %s with an error naming the operation, and runs nothing', async (type, node, resource) => {
		const result = await runWith(type, node, resource);
		expect(result.error?.message).toBe('The operation "doesNotExist" is not supported');
	});
});

describe('an unknown resource', () => {
	it('stops adherentRegistry with an error naming the resource and listing the known ones', async () => {
		const result = await runWith('adherentRegistry', new AdherentRegistry(), 'doesNotExist', 'get');
		expect(result.error?.message).toBe('The resource "doesNotExist" is not supported');
		expect(result.error?.description).toContain('Adherent (adherent), Ruleset (ruleset)');
	});
});
