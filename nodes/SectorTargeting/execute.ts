import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData } from 'n8n-workflow';
import { journalOf } from '../shared/alert';
import type { Incident } from '../shared/incident';
import { openRegistryStore } from '../common/database';
import type { RegistryStore } from '../shared/registry';
import { countByRule, planTargeting, professionsFromStore, selectFromMembers, selectFromStore, summarizeSelection, type Selection, type TargetingPlan } from '../shared/targeting';
import { compactItem } from './compact';
import { decisionFields, type CostOptions } from './decision';
import { readAlertItem, readMemberRecords, readRegisterRuleset, readRuleset, validateMembers, type AlertHeader } from './read';

interface Options extends CostOptions {
	includeAlert?: boolean;
	sampleSize?: number;
	alertDate?: string;
}

function recipientItems(header: AlertHeader, selection: Selection, index: number): INodeExecutionData[] {
	return selection.recipients.map((r) => ({
		json: { ...header, phone: r.phone, siret: r.siret, name: r.name, communeInsee: r.communeInsee, reasons: r.reasons } as unknown as IDataObject,
		pairedItem: { item: index },
	}));
}

/**
 * The recipient cap: above it, an alert goes out only when a person confirmed at least as many
 * phones (decision page, approval). A count that grew since (members joined) asks again.
 */
function guard(ctx: IExecuteFunctions, plan: TargetingPlan, selection: Selection, cap: { max: number; confirmed: number }, index: number): void {
	const count = selection.recipients.length;
	if (cap.max <= 0 || count <= cap.max || (cap.confirmed > 0 && count <= cap.confirmed)) return;
	const rules = Object.entries(countByRule(selection.recipients)).map(([rule, n]) => `${rule} (${n})`);
	const confirmed = cap.confirmed > 0 ? `, and more than the ${cap.confirmed} a person confirmed` : '';
	throw new NodeOperationError(ctx.getNode(), `This alert would reach ${count} phones, more than the maximum of ${cap.max}${confirmed}`, {
		itemIndex: index,
		description: `Nothing was sent. Rules that matched: ${rules.join(', ')}; police perimeter: ${plan.facts.requestedArea?.level ?? 'none'}. Above "Maximum Recipients" a person must see the count and confirm it: run a dry run first and pass the count confirmed on the decision page or by the approval (SMS Dispatch → Approval → Decide) as "Confirmed Recipients". Or check these rules' areas and professions.`,
	});
}

/**
 * Keeps the composed message and its incident in the alert journal, so an end of alert can be
 * written later from the original facts (items without a composed text are bare incidents: skipped).
 */
async function journal(store: RegistryStore, incident: Incident, header: AlertHeader, decision: IDataObject): Promise<void> {
	if (!header.alertId || !header.text) return;
	await (await journalOf(store.db)).record({
		alertId: header.alertId,
		messageId: header.messageId ?? header.alertId,
		msgType: header.msgType ?? 'Alert',
		status: header.status ?? 'Actual',
		text: header.text,
		sender: header.sender,
		incident: incident as unknown as Record<string, unknown>,
		// The breakdown the officer's report shows after sending (and Alert Status later); the
		// excluded members are counted in full but listed by the first 50 only.
		decision: { ...decision, excluded: { ...(decision.excluded as IDataObject), list: ((decision.excluded as IDataObject).list as IDataObject[]).slice(0, 50) } },
	});
}

/** Sector Targeting: for each alert item, plan once, select members, emit recipients (or a dry-run summary). */
export async function targetItems(ctx: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = ctx.getInputData();
	const out: INodeExecutionData[] = [];
	const source = ctx.getNodeParameter('membersSource', 0) as string;
	const store = source === 'registry' ? await openRegistryStore(ctx) : undefined;
	// Recipients stored in the ledger need the registry database: only offered with it.
	const compact = store !== undefined && ctx.getNodeParameter('output', 0, 'recipient') === 'alert';
	const rulesetSource = ctx.getNodeParameter('rulesetSource', 0) as string;
	const register = rulesetSource === 'register' ? await readRegisterRuleset(ctx, store?.db) : undefined;
	// Which version decided: the register's (0 when it falls back to the package default), 0 for
	// the package default; rules written in the node itself have no version.
	const rulesetVersion = register?.version ?? (rulesetSource === 'default' ? 0 : undefined);
	const versioned = rulesetVersion === undefined ? {} : { rulesetVersion };
	for (let index = 0; index < items.length; index++) {
		try {
			const { incident, header } = readAlertItem(ctx, items[index], index);
			const ruleset = readRuleset(ctx, index, register);
			const dryRun = ctx.getNodeParameter('dryRun', index, false) as boolean;
			const max = ctx.getNodeParameter('maxRecipients', index, 0) as number;
			const confirmed = dryRun ? 0 : Number(ctx.getNodeParameter('confirmedRecipients', index, 0)) || 0;
			const options = ctx.getNodeParameter('options', index, {}) as Options;
			const now = options.alertDate ? new Date(options.alertDate) : new Date();
			const plan = await planTargeting(incident, ruleset, now);
			let selection: Selection;
			let professionsOf: (siret: string) => readonly string[];
			let invalidMembers: IDataObject[] = [];
			if (store) {
				// Sending with a registry records the decision summary in the journal: exclusions and
				// professions are read then too (two indexed queries), for the officer's report.
				selection = await selectFromStore(plan, store, { now, withExclusions: true });
				const tags = await professionsFromStore(store, [...new Set(selection.recipients.map((r) => r.siret))]);
				professionsOf = (siret) => tags.get(siret) ?? [];
			} else {
				const external = validateMembers(readMemberRecords(ctx, items[index], index, source));
				selection = selectFromMembers(plan, external.members, { now, withExclusions: dryRun });
				const tags = new Map(external.members.map((a) => [a.siret, a.professions]));
				professionsOf = (siret) => tags.get(siret) ?? [];
				invalidMembers = external.invalid.map((i) => ({ record: i.index, errors: i.errors.map((e) => `${e.field}: ${e.message}`).join('; ') }));
			}
			if (dryRun) {
				const summary = summarizeSelection(plan, selection, professionsOf, { sampleSize: options.sampleSize ?? 10, maxRecipients: max });
				out.push({
					// The alert's fields first: the summary's own fields win where names meet.
					json: { ...(options.includeAlert ? items[index].json : {}), alertId: header.alertId, ...versioned, ...summary, invalidMembers: { total: invalidMembers.length, sample: invalidMembers.slice(0, options.sampleSize ?? 10) }, ...decisionFields(header, selection, professionsOf, options, { plan, coordinates: incident.coordinates }) } as unknown as IDataObject,
					pairedItem: { item: index },
				});
				continue;
			}
			guard(ctx, plan, selection, { max, confirmed }, index);
			if (store) await journal(store, incident, header, decisionFields(header, selection, professionsOf, options).decision as IDataObject);
			if (store && compact) {
				const item = await compactItem(ctx, store.db, header, selection, index);
				out.push({ ...item, json: { ...item.json, ...versioned } });
			}
			else out.push(...recipientItems(header, selection, index));
		} catch (error) {
			if (!ctx.continueOnFail()) {
				throw error instanceof NodeOperationError ? error : new NodeOperationError(ctx.getNode(), error as Error, { itemIndex: index });
			}
			out.push({ json: { error: (error as Error).message, description: (error as NodeOperationError).description ?? undefined }, pairedItem: { item: index } });
		}
	}
	return [out];
}
