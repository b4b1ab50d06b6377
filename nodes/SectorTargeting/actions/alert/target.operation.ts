import { NodeOperationError, type IExecuteFunctions, type INodeExecutionData, type INodeProperties } from 'n8n-workflow';
import type { RegistryStore } from '../../../shared/registry';
import { readAlertItem } from './target/alertItem';
import { decisionOf } from './target/decision';
import { dryRunItem } from './target/dryRun';
import { guardRecipientCap } from './target/guard';
import { journal } from './target/journal';
import { membersProperties } from './target/members.properties';
import { oneItemPerAlert } from './target/oneItemPerAlert';
import { oneItemPerRecipient } from './target/oneItemPerRecipient';
import { outputProperties, type TargetOptions } from './target/output.properties';
import { readRegisterRuleset, readRuleset } from './target/ruleset';
import { rulesetProperties } from './target/ruleset.properties';
import { targetAlert } from './target/targetAlert';

/** Where the members come from, which rules decide, and what the node outputs. */
export const description: INodeProperties[] = [...membersProperties, ...rulesetProperties, ...outputProperties];

/** Target: for each alert item, plan once, select members, emit recipients (or a dry-run summary). */
export async function execute(this: IExecuteFunctions, store: RegistryStore | undefined): Promise<INodeExecutionData[]> {
	const items = this.getInputData();
	const out: INodeExecutionData[] = [];
	const membersSource = this.getNodeParameter('membersSource', 0) as string;
	// Recipients stored in the ledger need the registry database: only offered with it.
	const perAlert = store !== undefined && this.getNodeParameter('output', 0, 'recipient') === 'alert';
	const rulesetSource = this.getNodeParameter('rulesetSource', 0) as string;
	const register = rulesetSource === 'register' ? await readRegisterRuleset(this, store?.db) : undefined;
	// Which version decided: the register's (0 when it falls back to the package default), 0 for
	// the package default; rules written in the node itself have no version.
	const rulesetVersion = register?.version ?? (rulesetSource === 'default' ? 0 : undefined);
	const versioned = rulesetVersion === undefined ? {} : { rulesetVersion };
	for (let index = 0; index < items.length; index++) {
		try {
			const { incident, header } = readAlertItem(this, items[index], index);
			const ruleset = readRuleset(this, index, register);
			const dryRun = this.getNodeParameter('dryRun', index, false) as boolean;
			const max = this.getNodeParameter('maxRecipients', index, 0) as number;
			const confirmed = dryRun ? 0 : Number(this.getNodeParameter('confirmedRecipients', index, 0)) || 0;
			const options = this.getNodeParameter('options', index, {}) as TargetOptions;
			const now = options.alertDate ? new Date(options.alertDate) : new Date();
			const alert = await targetAlert(this, { index, item: items[index], incident, header, ruleset, store, membersSource, dryRun, now });
			if (dryRun) {
				out.push(dryRunItem(alert, { item: items[index], options, maxRecipients: max, versioned }));
				continue;
			}
			guardRecipientCap(this, alert, { max, confirmed });
			if (!store) {
				out.push(...oneItemPerRecipient(alert));
				continue;
			}
			await journal(store, alert, decisionOf(alert, options));
			if (perAlert) {
				const item = await oneItemPerAlert(this, store.db, alert);
				out.push({ ...item, json: { ...item.json, ...versioned } });
			} else out.push(...oneItemPerRecipient(alert));
		} catch (error) {
			if (!this.continueOnFail()) {
				throw error instanceof NodeOperationError ? error : new NodeOperationError(this.getNode(), error as Error, { itemIndex: index });
			}
			out.push({ json: { error: (error as Error).message, description: (error as NodeOperationError).description ?? undefined }, pairedItem: { item: index } });
		}
	}
	return out;
}
