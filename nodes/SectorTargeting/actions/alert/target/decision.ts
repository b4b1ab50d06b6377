import type { IDataObject } from 'n8n-workflow';
import { PROVIDER_NAMES, type ProviderName } from '../../../../shared/dispatch';
import { decisionPlace, decisionSummary, decisionSummaryHtml, decisionSummaryText, type DecisionPrice } from '../../../../shared/targeting';
import type { TargetOptions } from './output.properties';
import type { TargetedAlert } from './targetAlert';

/** The dry run's options that price the send. */
type CostOptions = Pick<TargetOptions, 'costProvider' | 'costPerSegment'>;

/** The given price per segment, else the provider's indicative one (OVH when the provider is not known). */
function priceOf(options: CostOptions): DecisionPrice {
	const provider: ProviderName = PROVIDER_NAMES.find((name) => name === options.costProvider) ?? 'ovh';
	return options.costPerSegment !== undefined && options.costPerSegment >= 0 ? { provider, unitPrice: options.costPerSegment } : { provider };
}

/**
 * The decision summary of an alert, for the page or email where someone confirms the send: the
 * structured summary, and its French text and HTML renderings (forms and emails cannot run code),
 * with where the alert goes (the plan and the incident's coordinates, for the map) when `withPlace`.
 */
export function decisionFields(alert: TargetedAlert, options: CostOptions, withPlace: boolean): IDataObject {
	const { header, selection, professionsOf } = alert;
	const place = withPlace ? { place: decisionPlace(alert.plan, alert.incident.coordinates) } : {};
	const decision = decisionSummary({ alert: { text: header.text, sender: header.sender }, selection, professionsOf, ...priceOf(options), ...place });
	// decisionHtml goes to n8n form pages (workflows 1, 2 and 7), whose sanitizer strips <svg> and
	// data: images: without the picture its legend would describe a map nobody sees, so it is left
	// out here; decisionSummaryHtml() and decisionMap() still draw it for pages and emails that can.
	return { decision: decision as unknown as IDataObject, decisionText: decisionSummaryText(decision), decisionHtml: decisionSummaryHtml(decision, { map: false }) };
}
