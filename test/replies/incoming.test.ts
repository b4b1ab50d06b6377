import { createHmac } from 'node:crypto';
import { receiptSignature, twilioSignature, type ProviderSetup, type ReceiptRequest } from '../../nodes/shared/dispatch';
import { parseIncomingSms, replyUrlSignature } from '../../nodes/shared/replies';

const SECRET = 'reply-secret-0123456789abcdef0123456789';
const URL_BASE = 'https://n8n.example.org/webhook/alerte-commerces/reponses';
const kannel: ProviderSetup = { name: 'kannel', config: { baseUrl: 'http://127.0.0.1:13013', username: 'u', password: 'p', receiptSecret: SECRET } };
const brevo: ProviderSetup = { name: 'brevo', config: { apiKey: 'k', receiptSecret: SECRET } };
const twilio: ProviderSetup = { name: 'twilio', config: { accountSid: 'AC123', authToken: 'twilio-token' } };

const get = (query: Record<string, string>, headers: Record<string, string> = {}): ReceiptRequest => ({ method: 'GET', url: URL_BASE, headers, query, body: {} });
const post = (query: Record<string, string>, body: unknown, headers: Record<string, string> = {}): ReceiptRequest => ({
	method: 'POST',
	url: Object.keys(query).length ? `${URL_BASE}?${new URLSearchParams(query).toString()}` : URL_BASE,
	headers,
	query,
	body,
});

describe('replyUrlSignature', () => {
	test('is the first 128 bits of HMAC-SHA256("replies:" + provider), base64url, one per provider', () => {
		const expected = createHmac('sha256', SECRET).update('replies:kannel').digest().subarray(0, 16).toString('base64url');
		expect(replyUrlSignature(SECRET, 'kannel')).toBe(expected);
		expect(replyUrlSignature(SECRET, 'brevo')).not.toBe(expected);
	});
});

describe('parseIncomingSms', () => {
	describe('Kannel sms-service', () => {
		const sig = replyUrlSignature(SECRET, 'kannel');

		test('reads the get-url placeholders from=%p, to=%P, text=%a', () => {
			expect(parseIncomingSms(kannel, get({ provider: 'kannel', sig, from: '+33612345678', to: '+33644630000', text: 'Stop' }))).toEqual({
				ok: true,
				sms: { from: '+33612345678', to: '+33644630000', text: 'Stop' },
			});
		});

		test('reads a post-url call: text as the body, numbers in X-Kannel-From / X-Kannel-To', () => {
			const parsed = parseIncomingSms(kannel, post({ sig }, 'ARRET', { 'x-kannel-from': '0612345678', 'x-kannel-to': '36111' }));
			expect(parsed).toEqual({ ok: true, sms: { from: '0612345678', to: '36111', text: 'ARRET' } });
		});

		test.each([
			['no signature', { from: '+33612345678', text: 'STOP' }, /not signed/],
			['a wrong signature', { sig: 'A'.repeat(22), from: '+33612345678', text: 'STOP' }, /does not match/],
			['the signature of Brevo’s URL', { sig: replyUrlSignature(SECRET, 'brevo'), from: '+33612345678', text: 'STOP' }, /does not match/],
			['a receipt signature', { sig: receiptSignature(SECRET, 'a'.repeat(32)), from: '+33612345678', text: 'STOP' }, /does not match/],
			['the secret itself', { sig: SECRET, s: SECRET, from: '+33612345678', text: 'STOP' }, /does not match/],
		])('refuses a call with %s', (_case, query, reason) => {
			expect(parseIncomingSms(kannel, get(query))).toEqual({ ok: false, reason: expect.stringMatching(reason) });
		});

		test('refuses everything while the credential has no Receipt Secret', () => {
			const open: ProviderSetup = { name: 'kannel', config: { ...kannel.config, receiptSecret: undefined } } as ProviderSetup;
			expect(parseIncomingSms(open, get({ sig, from: '+33612345678', text: 'STOP' }))).toEqual({ ok: false, reason: expect.stringMatching(/no Receipt Secret/) });
		});
	});

	describe('Brevo SMS webhook', () => {
		const sig = replyUrlSignature(SECRET, 'brevo');
		// The documented fields of a transactional SMS event; `to` is the member who replied.
		const event = (status: string, extra: Record<string, unknown> = {}) => ({
			id: 26570,
			to: '33612345678',
			sms_count: 1,
			messageId: 123,
			msg_status: status,
			date: '2026-12-02 21:00:00',
			type: 'transactional',
			reference: 'ref-1',
			...extra,
		});

		test('a reply: the member’s number and text', () => {
			expect(parseIncomingSms(brevo, post({ sig }, event('replied', { reply: 'Stop' })))).toEqual({ ok: true, sms: { from: '33612345678', text: 'Stop' } });
		});

		test('Brevo’s own unsubscribe and subscribe events stand for STOP and START', () => {
			expect(parseIncomingSms(brevo, post({ sig }, event('unsubscribe')))).toMatchObject({ ok: true, sms: { from: '33612345678', providerIntent: 'optOut' } });
			expect(parseIncomingSms(brevo, post({ sig }, event('subscribe')))).toMatchObject({ ok: true, sms: { providerIntent: 'optIn' } });
		});

		test('a delivery event is not a reply', () => {
			expect(parseIncomingSms(brevo, post({ sig }, event('delivered')))).toEqual({ ok: false, reason: expect.stringMatching(/not a reply/) });
		});

		test('an unsigned call is refused before its body is read', () => {
			expect(parseIncomingSms(brevo, post({}, event('replied', { reply: 'STOP' })))).toEqual({ ok: false, reason: expect.stringMatching(/not signed/) });
		});
	});

	describe('Twilio incoming message webhook', () => {
		const form = { AccountSid: 'AC123', MessageSid: 'SM1', From: '+33612345678', To: '+33644630000', Body: 'STOP' };
		const signed = (body: Record<string, string>, token = 'twilio-token') => post({}, body, { 'x-twilio-signature': twilioSignature(token, URL_BASE, body) });

		test('reads From, To and Body of a call signed with the auth token', () => {
			expect(parseIncomingSms(twilio, signed(form))).toEqual({ ok: true, sms: { from: '+33612345678', to: '+33644630000', text: 'STOP' } });
		});

		test('reads a raw form body as well', () => {
			const request = { ...signed(form), body: new URLSearchParams(form).toString() };
			expect(parseIncomingSms(twilio, request)).toMatchObject({ ok: true, sms: { text: 'STOP' } });
		});

		test.each([
			['signed with another token', { ...signed(form, 'other-token') }, /X-Twilio-Signature does not match/],
			['with a changed Body', { ...signed(form), body: { ...form, Body: 'START' } }, /X-Twilio-Signature does not match/],
			['without signature', post({}, form), /X-Twilio-Signature does not match/],
			['for another account', signed({ ...form, AccountSid: 'AC999' }), /another Twilio account/],
		])('refuses a call %s', (_case, request, reason) => {
			expect(parseIncomingSms(twilio, request)).toEqual({ ok: false, reason: expect.stringMatching(reason) });
		});
	});

	test('OVH and the Sandbox cannot pass replies on here', () => {
		expect(parseIncomingSms({ name: 'sandbox', config: {} }, get({}))).toEqual({ ok: false, reason: expect.stringMatching(/Kannel, Brevo or Twilio/) });
	});
});
