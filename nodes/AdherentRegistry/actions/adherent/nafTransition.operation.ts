import { updateDisplayOptions, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import { nafTransitionOf, type NafTransitionRow, type RegistryStore } from '../../../shared/registry';
import { showFor } from '../../helpers/showFor';

const properties: INodeProperties[] = [
	{
		displayName:
			'From 1 January 2027 SIRENE gives NAF 2025 codes. This report lists the members still on a NAF rév. 2 code and what INSEE\'s correspondence would make of them; nothing changes until you send the chosen members to Upsert (the "apply" field holds the member with its NAF 2025 code when there is only one).',
		name: 'nafTransitionNotice',
		type: 'notice',
		default: '',
	},
	{
		displayName: 'Only Members Whose Tags Would Change',
		name: 'onlyTagChanges',
		type: 'boolean',
		default: false,
		description: 'Whether to list only the members whose profession tags (and so the alerts they receive) would change with a NAF 2025 code',
	},
];

export const description = updateDisplayOptions(showFor('adherent', 'nafTransition'), properties);

/** NAF 2025 Transition Report: one item per member still on a NAF rév. 2 code; changes nothing. */
export async function execute(this: IExecuteFunctions, store: RegistryStore): Promise<INodeExecutionData[][]> {
	const onlyTagChanges = this.getNodeParameter('onlyTagChanges', 0, false) as boolean;
	const rows: NafTransitionRow[] = [];
	// Read page by page: a register has thousands of members, the report a row per rév. 2 member.
	for (let offset = 0; ; offset += 1000) {
		const page = await store.search({ limit: 1000, offset });
		for (const adherent of page.adherents) {
			const row = nafTransitionOf(adherent);
			if (row && (!onlyTagChanges || row.tagsWouldChange)) rows.push(row);
		}
		if (page.adherents.length < 1000) break;
	}
	return [rows.map((row) => ({ json: row as unknown as IDataObject, pairedItem: { item: 0 } }))];
}
