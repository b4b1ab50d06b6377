import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { perItem } from '../../helpers/perItem';
import { changeSource, requireSiret, unknownMember } from './parameters';

/** Pause or resume alerts to every phone of one member (others sharing a number are untouched); journaled. */
export async function switchAlerts(ctx: IExecuteFunctions, store: RegistryStore, paused: boolean): Promise<INodeExecutionData[][]> {
	return [
		await perItem(ctx, async (index) => {
			const siret = requireSiret(ctx, index);
			const source = changeSource(ctx, index);
			const result = paused ? await store.pauseAlerts(siret, source) : await store.resumeAlerts(siret, source);
			if (!result) throw unknownMember(ctx, index, siret);
			return { siret, paused, changed: result.changed };
		}),
	];
}
