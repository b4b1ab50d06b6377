import type { IDataObject } from 'n8n-workflow';
import { PROVIDER_NAMES, type ProviderName } from '../shared/dispatch';
import type { Coordinates } from '../shared/incident';
import { decisionPlace, decisionSummary, decisionSummaryHtml, decisionSummaryText, type DecisionPrice, type Selection, type TargetingPlan } from '../shared/targeting';
import type { AlertHeader } from './read';

/** The dry run's options that price the send. */
export interface CostOptions {
	costProvider?: string;
	costPerSegment?: number;
}

/** The given price per segment, else the provider's indicative one (OVH when the provider is not known). */
function priceOf(options: CostOptions): DecisionPrice {
	const provider: ProviderName = PROVIDER_NAMES.find((name) => name === options.costProvider) ?? 'ovh';
	return options.costPerSegment !== undefined && options.costPerSegment >= 0 ? { provider, unitPrice: options.costPerSegment } : { provider };
}

/** Where the alert goes, for the map: the plan, and the incident's coordinates when known. */
export interface MapPlace {
	plan: TargetingPlan;
	coordinates?: Coordinates;
}

/**
 * The decision summary of a dry run, for the page or email where someone confirms the send: the
 * structured summary, and its French text and HTML renderings (forms and emails cannot run code),
 * the HTML with the map when `where` is given.
 */
export function decisionFields(header: AlertHeader, selection: Selection, professionsOf: (siret: string) => readonly string[], options: CostOptions, where?: MapPlace): IDataObject {
	const place = where ? { place: decisionPlace(where.plan, where.coordinates) } : {};
	const decision = decisionSummary({ alert: { text: header.text, sender: header.sender }, selection, professionsOf, ...priceOf(options), ...place });
	// decisionHtml goes to n8n form pages (workflows 1, 2 and 7), whose sanitizer strips <svg> and
	// data: images: without the picture its legend would describe a map nobody sees, so it is left
	// out here; decisionSummaryHtml() and decisionMap() still draw it for pages and emails that can.
	return { decision: decision as unknown as IDataObject, decisionText: decisionSummaryText(decision), decisionHtml: decisionSummaryHtml(decision, { map: false }) };
}
