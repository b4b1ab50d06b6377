import type { IDataObject, INodeProperties } from 'n8n-workflow';
import type { ReceiptRequest } from '../../../shared/dispatch';

/** The provider's call (a receipt or an incoming SMS) a Webhook node's item describes, with the public URL it called. */
export function webhookCallOf(json: IDataObject, url: string): ReceiptRequest {
	return {
		method: String(json.method ?? (json.body && Object.keys(json.body as object).length ? 'POST' : 'GET')),
		url,
		headers: (json.headers ?? {}) as Record<string, string>,
		query: (json.query ?? {}) as Record<string, unknown>,
		body: json.body ?? {},
	};
}

/** The "Public URL Called" field under the given parameter name: providers sign the URL they call. */
export function publicUrlProperty(name: string): INodeProperties {
	return {
		displayName: 'Public URL Called',
		name,
		type: 'string',
		default:
			'={{ $json.webhookUrl + (Object.keys($json.query || {}).length ? "?" + Object.entries($json.query).map(([k, v]) => encodeURIComponent(k) + "=" + encodeURIComponent(v)).join("&") : "") }}',
		description: 'The exact URL the provider called, query included (Twilio signs it). Behind a proxy, rebuild it with the public host.',
	};
}
