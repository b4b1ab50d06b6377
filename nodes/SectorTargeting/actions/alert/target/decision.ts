import type { IDataObject } from 'n8n-workflow';
import { PROVIDER_NAMES, type ProviderName } from '../../../../shared/dispatch';
import { decisionPlace, decisionSummary, decisionSummaryHtml, decisionSummaryText, type DecisionPrice, type DecisionSummary } from '../../../../shared/targeting';
import type { TargetOptions } from './output.properties';
import type { TargetedAlert } from './targetAlert';

/** The dry run's options that price the send and place its map. */
type DecisionOptions = Pick<TargetOptions, 'costProvider' | 'costPerSegment' | 'mapImageUrl'>;

/** The given price per segment, else the provider's indicative one (OVH when the provider is not known). */
function priceOf(options: DecisionOptions): DecisionPrice {
	const provider: ProviderName = PROVIDER_NAMES.find((name) => name === options.costProvider) ?? 'ovh';
	return options.costPerSegment !== undefined && options.costPerSegment >= 0 ? { provider, unitPrice: options.costPerSegment } : { provider };
}

/** The decision summary of an alert: what is sent, to whom, why, for how much, and where (for the map). */
export function decisionOf(alert: TargetedAlert, options: DecisionOptions): DecisionSummary {
	const { header, selection, professionsOf } = alert;
	const place = decisionPlace(alert.plan, alert.incident.coordinates);
	return decisionSummary({ alert: { text: header.text, sender: header.sender }, selection, professionsOf, ...priceOf(options), place });
}

/**
 * The decision summary for the page or email where someone confirms the send: the structured
 * summary, and its French text and HTML renderings (forms and emails cannot run code).
 */
export function decisionFields(alert: TargetedAlert, options: DecisionOptions): IDataObject {
	const decision = decisionOf(alert, options);
	// decisionHtml goes to n8n form pages and emails, which drop inline <svg> and data: images: the
	// map comes as an image from workflow 12's webhook when its address is given, else not at all
	// (its legend would describe a map nobody sees).
	const mapUrl = options.mapImageUrl?.trim();
	return { decision: decision as unknown as IDataObject, decisionText: decisionSummaryText(decision), decisionHtml: decisionSummaryHtml(decision, mapUrl ? { mapUrl } : { map: false }) };
}
