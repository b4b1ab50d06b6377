import { updateDisplayOptions, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { showFor } from '../../helpers/showFor';
import { shownChange } from './journal';

const properties: INodeProperties[] = [
	{
		displayName: 'Since (Hours)',
		name: 'sinceHours',
		type: 'number',
		typeOptions: { minValue: 1, maxValue: 8784 },
		default: 24,
		description: 'How far back to read the change journal, from now',
	},
];

export const description = updateDisplayOptions(showFor('adherent', 'changes'), properties);

/** List Changes: the change journal of the last hours, one item per change, with the member's name (the CCI's digest). */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	const hours = this.getNodeParameter('sinceHours', 0, 24) as number;
	const to = Date.now();
	const changes = await store.changes({ from: new Date(to - hours * 3_600_000).toISOString(), to: new Date(to).toISOString(), limit: 10_000 });
	const names = new Map<string, string>();
	for (const siret of new Set(changes.map((c) => c.siret))) {
		const member = await store.get(siret);
		if (member) names.set(siret, member.tradeName ?? member.name);
	}
	return [changes.map((change) => ({ json: { ...shownChange(change), name: names.get(change.siret) ?? null }, pairedItem: { item: 0 } }))];
}
