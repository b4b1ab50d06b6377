// `npm run demo:email`: posts a sample gendarmerie email to the demo workflow of the main job
// (scripts/demo-workflow.js, imported and published by `npm start`), then prints the SMS that
// Alert Composer wrote, how many members Sector Targeting chose, and the new lines of the Sandbox
// outbox. `--file <email.eml>` injects another email. No dependencies: a small reader of .eml files.
'use strict';
const { existsSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');
const { DEMO_WEBHOOK_PATH, DEMO_WORKFLOW_NAME } = require('./demo-workflow');

const ROOT = join(__dirname, '..');
const SAMPLE = join(__dirname, 'demo', 'courriel-gendarmerie.eml');
const OUTBOX = join(ROOT, '.n8n-home', '.n8n', 'alerte-commerces-outbox.jsonl');
const SHOWN = 10;

/** Header fields of a header block (folded lines joined), by lower-case name; the first one wins. */
function parseHeaders(block) {
	const headers = {};
	for (const line of block.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
		const colon = line.indexOf(':');
		if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] ??= line.slice(colon + 1).trim();
	}
	return headers;
}

/** Header block and body of a message or a MIME part. */
function split(raw) {
	const blank = /\r?\n\r?\n/.exec(raw);
	return blank ? [raw.slice(0, blank.index), raw.slice(blank.index + blank[0].length)] : [raw, ''];
}

// Raw text is kept as latin1 ("binary") strings: one character per byte until a charset decodes it.
const quotedPrintable = (text) => text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
const decode = (bytes, charset) => new TextDecoder(charset || 'utf-8').decode(Buffer.from(bytes, 'latin1'));

/** A header's value: 8-bit text read as UTF-8, RFC 2047 encoded words (`=?utf-8?Q?…?=`, `=?utf-8?B?…?=`) decoded. */
function decodeHeader(value) {
	return decode(value, 'utf-8')
		.replace(/(\?=)\s+(?==\?)/g, '$1')
		.replace(/=\?([^?]+)\?([bq])\?([^?]*)\?=/gi, (_, charset, kind, text) =>
			decode(kind.toLowerCase() === 'b' ? Buffer.from(text, 'base64').toString('latin1') : quotedPrintable(text.replace(/_/g, ' ')), charset),
		);
}

/** The first text/plain and text/html bodies of a message, multipart or not (attachments skipped). */
function bodies(headers, body, found = {}) {
	const contentType = headers['content-type'] ?? 'text/plain';
	const type = contentType.toLowerCase();
	const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
	if (type.startsWith('multipart/') && boundary) {
		for (const part of body.split(`--${boundary}`).slice(1)) {
			if (part.startsWith('--')) break;
			const [head, content] = split(part.replace(/^\r?\n/, ''));
			bodies(parseHeaders(head), content, found);
		}
		return found;
	}
	if (/^\s*attachment/i.test(headers['content-disposition'] ?? '') || !type.startsWith('text/')) return found;
	const encoding = (headers['content-transfer-encoding'] ?? '7bit').toLowerCase();
	const bytes = encoding === 'base64' ? Buffer.from(body, 'base64').toString('latin1') : encoding === 'quoted-printable' ? quotedPrintable(body) : body;
	const text = decode(bytes, /charset="?([^";\s]+)/i.exec(contentType)?.[1]);
	if (type.startsWith('text/html')) found.textHtml ??= text;
	else found.textPlain ??= text;
	return found;
}

/**
 * An .eml file as the Email Trigger (IMAP, "simple" format) gives it: from, to, cc, subject, date,
 * textPlain, textHtml. An email without a Date header arrives `now` (the sample has none, so its
 * "hier 17h45" is always yesterday).
 */
function readEmail(raw, now = new Date()) {
	const [head, body] = split(Buffer.isBuffer(raw) ? raw.toString('latin1') : Buffer.from(raw, 'utf8').toString('latin1'));
	const headers = parseHeaders(head);
	const email = { date: headers.date ?? now.toUTCString() };
	for (const key of ['from', 'to', 'cc', 'subject']) if (headers[key] !== undefined) email[key] = decodeHeader(headers[key]);
	return { ...email, ...bodies(headers, body) };
}

/** The parsed lines of the Sandbox outbox (none when it does not exist yet). */
function outboxLines(path) {
	if (!existsSync(path)) return [];
	return readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/** `+33 6 •• •• •• 12`: enough to tell numbers apart, not to call them. */
function maskPhone(phone) {
	const french = /^\+33(\d)\d{6}(\d{2})$/.exec(String(phone));
	return french ? `+33 ${french[1]} •• •• •• ${french[2]}` : `${String(phone).slice(0, 4)} •• •• ${String(phone).slice(-2)}`;
}

/**
 * Posts `email` (see readEmail) to the demo workflow's webhook at `baseUrl`; answers with the
 * workflow's report (the last node's item) and the lines it added to the outbox at `outboxPath`.
 * Throws an error a newcomer can act on when n8n is not running or the demo is not published.
 */
async function injectEmail({ baseUrl, outboxPath, email }) {
	const before = outboxLines(outboxPath).length;
	const url = `${baseUrl}/webhook/${DEMO_WEBHOOK_PATH}`;
	let response;
	try {
		response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(email) });
	} catch {
		throw new Error(`n8n does not answer on ${baseUrl}. Run \`npm start\` first (in another terminal), wait for its banner "Alerte Commerces on n8n is running", then run this again.`);
	}
	const body = await response.text();
	let answer;
	try {
		answer = JSON.parse(body);
	} catch {
		answer = { message: body };
	}
	if (response.status === 404) {
		throw new Error(
			`n8n runs on ${baseUrl}, but the demo workflow is not published (no webhook POST /webhook/${DEMO_WEBHOOK_PATH}). ` +
				`In the editor, open "${DEMO_WORKFLOW_NAME}" and publish it, then run this again.`,
		);
	}
	if (!response.ok) {
		throw new Error(`The demo workflow failed (HTTP ${response.status}): ${answer.message ?? body}\nSee its last execution in the editor: "${DEMO_WORKFLOW_NAME}" → Executions.`);
	}
	return { report: answer, sms: outboxLines(outboxPath).slice(before) };
}

/** What a newcomer reads after an injection. */
function describe({ report, sms }, outboxLabel) {
	if (report.refused) {
		return [
			'Alert Composer refused this email: nothing was sent by SMS. Its reasons:',
			...String(report.reasons ?? '').split('\n').map((r) => `  - ${r}`),
			`Review email for the CCI (kept in the execution, not sent): to ${report.email?.to} — "${report.email?.subject}"`,
		];
	}
	if (report.alertId === undefined) return ['The demo workflow answered without a report:', `  ${JSON.stringify(report)}`];
	const lines = [
		`SMS composed by Alert Composer (alert ${report.alertId}):`,
		`  ${report.text}`,
		`Recipients chosen by Sector Targeting: ${report.recipients}`,
		`New SMS in the Sandbox outbox (${outboxLabel}): ${sms.length || 'none'}`,
		...sms.slice(0, SHOWN).map((line) => `  ${maskPhone(line.to)}  from ${line.from}, ${line.segments} SMS segment${line.segments > 1 ? 's' : ''}`),
		...(sms.length > SHOWN ? [`  … and ${sms.length - SHOWN} more`] : []),
	];
	if (report.failed) lines.push(`Failures: ${report.failed}`, ...report.failures.map((f) => `  ${f}`));
	lines.push(`Report email to the sender (kept in the execution, not sent): to ${report.email?.to} — "${report.email?.subject}"`, '');
	if (sms.length === 0 && report.skipped === report.recipients) {
		lines.push(
			`Nothing new was sent: the ${report.recipients} recipients already had alert ${report.alertId}.`,
			'The dispatch ledger keeps each phone once per alert, so a re-delivered email sends nothing.',
			'(The sample\'s "hier 17h45" is read from today\'s date: tomorrow it is a new alert.)',
		);
	} else {
		lines.push('Run it again: nothing new is sent, the dispatch ledger keeps each phone once per alert.');
	}
	return lines;
}

async function main(argv) {
	const at = argv.indexOf('--file');
	if (argv.includes('--help') || (at >= 0 && !argv[at + 1])) {
		console.log('Usage: npm run demo:email [-- --file <email.eml>]   (N8N_PORT when n8n is not on 5678)');
		return;
	}
	const file = at >= 0 ? argv[at + 1] : SAMPLE;
	const email = readEmail(readFileSync(file));
	const baseUrl = `http://127.0.0.1:${Number(process.env.N8N_PORT || 5678)}`;
	console.log(`Email: ${relative(process.cwd(), file)}\n  From:    ${email.from}\n  Subject: ${email.subject}\nPosted to ${baseUrl}/webhook/${DEMO_WEBHOOK_PATH} (workflow "${DEMO_WORKFLOW_NAME}")\n`);
	const result = await injectEmail({ baseUrl, outboxPath: OUTBOX, email });
	console.log(describe(result, relative(process.cwd(), OUTBOX)).join('\n'));
}

if (require.main === module) {
	main(process.argv.slice(2)).catch((error) => {
		console.error(error.message);
		process.exit(1);
	});
}

module.exports = { injectEmail, readEmail, maskPhone, describe, SAMPLE };
