/**
 * Drives n8n forms over HTTP the way the form pages' own script does: POST the trigger form
 * (multipart, fields `field-0`, `field-1`… in the form's order), follow `formWaitingUrl` to each
 * next page once the execution waits on it, POST that page, and read the completion page.
 */
import { waitFor } from './net';

export type FieldValue = string | string[] | { filename: string; type: string; content: string };

/** A multipart body written out (jest's sandboxed FormData does not reach n8n as a file). */
function multipart(values: readonly FieldValue[]): { body: Buffer; headers: Record<string, string> } {
	const boundary = `----alerte-form-${Math.random().toString(16).slice(2)}`;
	const parts = values.map((value, index) => {
		if (typeof value === 'object' && !Array.isArray(value)) {
			return `--${boundary}\r\nContent-Disposition: form-data; name="field-${index}"; filename="${value.filename}"\r\nContent-Type: ${value.type}\r\n\r\n${value.content}\r\n`;
		}
		// Checkboxes and multi-selects travel as a JSON array, as the page sends them.
		const text = Array.isArray(value) ? JSON.stringify(value) : value;
		return `--${boundary}\r\nContent-Disposition: form-data; name="field-${index}"\r\n\r\n${text}\r\n`;
	});
	return { body: Buffer.from(`${parts.join('')}--${boundary}--\r\n`), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

export interface FormPage {
	status: number;
	html: string;
	/** The URL of the next page, when the execution goes on to one. */
	waitingUrl?: string;
}

async function post(url: string, values: readonly FieldValue[], headers: Record<string, string>): Promise<FormPage> {
	const { body, headers: type } = multipart(values);
	const response = await fetch(url, { method: 'POST', body, headers: { ...type, ...headers } });
	const text = await response.text();
	let waitingUrl: string | undefined;
	try {
		waitingUrl = (JSON.parse(text) as { formWaitingUrl?: string }).formWaitingUrl;
	} catch {
		// an HTML page, not the JSON that points to the next one
	}
	return { status: response.status, html: text, waitingUrl };
}

/** Submits a Form Trigger. */
export function submitForm(url: string, values: readonly FieldValue[], headers: Record<string, string> = {}): Promise<FormPage> {
	return post(url, values, headers);
}

/** The execution behind a waiting URL has stopped on a form page or finished: its page, as a browser gets it. */
export async function nextPage(waitingUrl: string, timeoutMs = 60_000): Promise<string> {
	const url = new URL(waitingUrl);
	const statusUrl = new URL(url.toString());
	statusUrl.pathname = `${url.pathname.replace(/\/$/, '')}/n8n-execution-status`;
	let status = '';
	await waitFor(async () => {
		status = await (await fetch(statusUrl)).text();
		return status !== 'running' && status !== 'new' && status !== 'null';
	}, timeoutMs);
	const response = await fetch(url);
	const html = await response.text();
	if (!response.ok) throw new Error(`GET ${url.pathname}: ${response.status} (execution ${status}) ${html.slice(0, 300)}`);
	return html;
}

/** Submits the page the execution waits on; the answer points to the page after it. */
export async function submitPage(waitingUrl: string, values: readonly FieldValue[]): Promise<FormPage> {
	const page = await post(waitingUrl, values, {});
	return { ...page, waitingUrl: page.waitingUrl ?? waitingUrl };
}

/** The visible text of a form page (title, description, messages), for assertions. */
export function pageText(html: string): string {
	return html
		.replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
		.replace(/<[^>]+>/g, ' ')
		.replace(/&#x27;|&#39;/g, "'")
		.replace(/&quot;/g, '"')
		.replace(/&amp;/g, '&')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&nbsp;/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
}
