import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INodeType } from 'n8n-workflow';
import { AdherentRegistry } from '../../nodes/AdherentRegistry/AdherentRegistry.node';
import { SectorTargeting } from '../../nodes/SectorTargeting/SectorTargeting.node';
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
		['sectorTargeting', new SectorTargeting(), 'alert'],
	])('stops %s with an error naming the operation, and runs nothing', async (type, node, resource) => {
		const result = await runWith(type, node, resource);
		expect(result.error?.message).toBe('The operation "doesNotExist" is not supported');
	});
});

describe('SMS Dispatch: a resource or operation it does not have', () => {
	it('lists the operations of the resource', async () => {
		const result = await runWith('smsDispatch', new SmsDispatch(), 'approval');
		expect(result.error?.message).toBe('The operation "doesNotExist" is not supported');
		expect(result.error?.description).toMatch(/^Approval operations: Request \(request\), Check Link \(check\), Decide \(decide\)\. Open the node/);
	});

	it('refuses an operation of another resource rather than running it', async () => {
		const result = await runWith('smsDispatch', new SmsDispatch(), 'approval', 'statistics');
		expect(result.error?.message).toBe('The operation "statistics" is not supported');
	});

	it('names an unknown resource and lists the resources with their operations', async () => {
		const result = await runWith('smsDispatch', new SmsDispatch(), 'doesNotExist', 'send');
		expect(result.error?.message).toBe('The resource "doesNotExist" is not supported');
		expect(result.error?.description).toMatch(/^SMS Dispatch resources: Delivery \(delivery\), Approval \(approval\)\. Open the node/);
	});
});

describe('an unknown resource', () => {
	it('stops adherentRegistry with an error naming the resource and listing the known ones', async () => {
		const result = await runWith('adherentRegistry', new AdherentRegistry(), 'doesNotExist', 'get');
		expect(result.error?.message).toBe('The resource "doesNotExist" is not supported');
		expect(result.error?.description).toContain('Adherent (adherent), Ruleset (ruleset)');
	});
});
