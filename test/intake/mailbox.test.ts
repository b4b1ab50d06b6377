/**
 * The police-mail intake against a real IMAP server (Dovecot on loopback): no email is lost when
 * the connection is cut or the server restarts, and each is marked only after it was handled.
 */
import { ImapFlow } from 'imapflow';
import { MailboxIntake, parseIntakeMessage, type IntakeMessage, type MailboxIntakeOptions } from '../../nodes/shared/intake';
import { dovecotInstalled, startDovecot, type Dovecot } from '../support/dovecot';
import { waitFor } from '../support/net';
import { CuttableLink } from '../support/tcp-relay';

const suite = dovecotInstalled() ? describe : describe.skip;

let serial = 0;
/** A police email with its own Message-ID. */
function policeEmail(label: string): string {
	serial++;
	return [
		'From: CORG 63 <corg63@gendarmerie.interieur.gouv.fr>',
		'To: alertes@cci63.fr',
		`Subject: Fiche alerte ${label}`,
		`Message-ID: <${label}-${serial}@gendarmerie.interieur.gouv.fr>`,
		'Authentication-Results: mx.cci63.fr;',
		'  dmarc=pass header.from=gendarmerie.interieur.gouv.fr',
		'Date: Wed, 02 Dec 2026 21:00:00 +0100',
		'Content-Type: text/plain; charset=utf-8',
		'',
		`Type de fait : vol à l'étalage (${label})`,
		'Commune : Issoire',
		'',
	].join('\r\n');
}

/** The unseen emails left in the INBOX, read by a client of its own. */
async function unseenCount(imap: Dovecot): Promise<number> {
	const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: { user: imap.user, pass: imap.password }, logger: false });
	await client.connect();
	try {
		const status = await client.status('INBOX', { unseen: true, messages: true });
		return status ? (status.unseen ?? -1) : -1;
	} finally {
		await client.logout();
	}
}

/** An intake whose handler records each email and finishes after `handleMs`. */
function recordingIntake(port: number, imap: Dovecot, extra: Partial<MailboxIntakeOptions> = {}, handleMs = 20) {
	const received: IntakeMessage[] = [];
	const intake = new MailboxIntake({
		connection: { host: '127.0.0.1', port, secure: false, user: imap.user, password: imap.password },
		sweepIntervalMs: 3_000,
		backoff: { initialMs: 100, maxMs: 1_000 },
		commandTimeoutMs: 10_000,
		onMessage: async (message) => {
			received.push(message);
			await new Promise((resolve) => setTimeout(resolve, handleMs));
		},
		...extra,
	});
	const subjects = () => new Set(received.map((m) => m.subject));
	return { intake, received, subjects };
}

suite('MailboxIntake (real Dovecot)', () => {
	let imap: Dovecot;
	let link: CuttableLink;
	let intake: MailboxIntake | undefined;

	beforeEach(async () => {
		imap = await startDovecot();
		link = await CuttableLink.open(imap.port);
	}, 30_000);

	afterEach(async () => {
		await intake?.stop();
		intake = undefined;
		await link.close();
		await imap.stop();
	}, 30_000);

	it('hands on the emails waiting at connection, with their headers, and marks them \\Seen after', async () => {
		for (const label of ['a', 'b', 'c']) await imap.deliver(policeEmail(label));
		const run = recordingIntake(imap.port, imap);
		intake = run.intake;
		intake.start();
		await waitFor(() => intake!.status().marked === 3, 15_000, 50);
		expect(run.received.map((m) => m.subject)).toEqual(['Fiche alerte a', 'Fiche alerte b', 'Fiche alerte c']);
		const [first] = run.received;
		expect(first.from).toBe('CORG 63 <corg63@gendarmerie.interieur.gouv.fr>'); // the header as written
		expect(first.text).toContain('Commune : Issoire');
		expect(first.headers['authentication-results']).toBe('mx.cci63.fr; dmarc=pass header.from=gendarmerie.interieur.gouv.fr');
		expect(first.date).toBe('2026-12-02T20:00:00.000Z');
		expect(await unseenCount(imap)).toBe(0);
	}, 30_000);

	it('hands on a new email within a second while in IDLE, also right after another one', async () => {
		const run = recordingIntake(imap.port, imap, { sweepIntervalMs: 60_000 });
		intake = run.intake;
		intake.start();
		await waitFor(() => intake!.status().lastSweepAt !== null, 15_000, 50);
		const latencies: number[] = [];
		for (const label of ['idle-1', 'idle-2', 'idle-3']) {
			const before = Date.now();
			await imap.deliver(policeEmail(label));
			await waitFor(() => run.subjects().has(`Fiche alerte ${label}`), 10_000, 10);
			latencies.push(Date.now() - before);
		}
		// The periodic sweep is a minute away: only IDLE can have brought them.
		expect(Math.max(...latencies)).toBeLessThan(3_000);
		process.stderr.write(`intake: delivery → hand-off in IDLE: ${latencies.join(', ')} ms\n`);
	}, 40_000);

	it('loses none of 20 emails delivered while the connection is cut, and hands each on once', async () => {
		const run = recordingIntake(link.port, imap);
		intake = run.intake;
		intake.start();
		await waitFor(() => intake!.status().connected, 15_000, 50);
		link.cut();
		await waitFor(() => !intake!.status().connected, 10_000, 20);
		for (let i = 0; i < 20; i++) await imap.deliver(policeEmail(`cut-${i}`));
		link.heal();
		await waitFor(() => intake!.status().marked === 20, 30_000, 50);
		expect(run.subjects().size).toBe(20);
		expect(run.received).toHaveLength(20);
		expect(intake.status().connections).toBeGreaterThanOrEqual(2);
		expect(await unseenCount(imap)).toBe(0);
	}, 60_000);

	it('loses none of 20 emails delivered while the connection is cut again and again', async () => {
		const run = recordingIntake(link.port, imap);
		intake = run.intake;
		intake.start();
		await waitFor(() => intake!.status().connected, 15_000, 50);
		for (let i = 0; i < 20; i++) {
			await imap.deliver(policeEmail(`flap-${i}`));
			if (i % 4 === 1) link.cut();
			if (i % 4 === 3) link.heal();
		}
		link.heal();
		await waitFor(() => intake!.status().marked >= 20 && intake!.status().waitingToBeMarked === 0 && intake!.status().handling === 0, 30_000, 50);
		await waitFor(async () => (await unseenCount(imap)) === 0, 15_000, 200);
		expect(run.subjects().size).toBe(20);
	}, 60_000);

	it('loses none of 20 emails delivered while Dovecot restarts', async () => {
		const run = recordingIntake(imap.port, imap);
		intake = run.intake;
		intake.start();
		await waitFor(() => intake!.status().connected, 15_000, 50);
		const restarted = imap.restart();
		// A mail server retries a delivery that failed while the mailbox service was down.
		for (let i = 0; i < 20; i++) {
			await waitFor(
				() => imap.deliver(policeEmail(`restart-${i}`)).then(() => true, () => false),
				20_000,
				100,
			);
		}
		await restarted;
		await waitFor(() => run.subjects().size === 20 && intake!.status().handling === 0 && intake!.status().waitingToBeMarked === 0, 40_000, 50);
		await waitFor(async () => (await unseenCount(imap)) === 0, 15_000, 200);
		expect(run.subjects().size).toBe(20);
		expect(intake.status().connections).toBeGreaterThanOrEqual(2); // the restart did cut the session
	}, 90_000);

	it('hands an email on again, with the same key, when it was handed on but never marked (a crash between)', async () => {
		await imap.deliver(policeEmail('crash'));
		const first: IntakeMessage[] = [];
		// The handling never finishes, as when n8n dies during the execution.
		const crashed = new MailboxIntake({
			connection: { host: imap.host, port: imap.port, secure: false, user: imap.user, password: imap.password },
			onMessage: (message) => {
				first.push(message);
				return new Promise<void>(() => undefined);
			},
		});
		crashed.start();
		await waitFor(() => first.length === 1, 15_000, 50);
		await crashed.stop();
		expect(await unseenCount(imap)).toBe(1);
		const run = recordingIntake(imap.port, imap);
		intake = run.intake;
		intake.start();
		await waitFor(() => intake!.status().marked === 1, 15_000, 50);
		expect(run.received[0].intakeKey).toBe(first[0].intakeKey);
		expect(await unseenCount(imap)).toBe(0);
	}, 40_000);

	it('leaves every email unread when told not to mark (a manual test run)', async () => {
		await imap.deliver(policeEmail('manual'));
		const run = recordingIntake(imap.port, imap, { markHandled: false });
		intake = run.intake;
		intake.start();
		await waitFor(() => run.received.length === 1 && intake!.status().handling === 0, 15_000, 50);
		expect(intake.status().marked).toBe(0);
		expect(await unseenCount(imap)).toBe(1);
	}, 30_000);

	it('keeps an email unread and hands it on again at the next sweep when its hand-off fails', async () => {
		await imap.deliver(policeEmail('refused-once'));
		let calls = 0;
		const retried = new MailboxIntake({
			connection: { host: imap.host, port: imap.port, secure: false, user: imap.user, password: imap.password },
			sweepIntervalMs: 1_000,
			onMessage: async () => {
				calls++;
				if (calls === 1) throw new Error('execution could not start');
			},
		});
		intake = retried;
		retried.start();
		await waitFor(() => retried.status().marked === 1, 15_000, 50);
		expect(calls).toBe(2);
		expect(await unseenCount(imap)).toBe(0);
	}, 30_000);

	it('raises the silence alarm once when no sweep completes for the set time, and says when it is back', async () => {
		const events: string[] = [];
		const run = recordingIntake(link.port, imap, { sweepIntervalMs: 500, silenceAlarmMs: 1_500, onSilent: () => events.push('silent'), onBack: () => events.push('back') });
		intake = run.intake;
		intake.start();
		await waitFor(() => intake!.status().lastSweepAt !== null, 15_000, 50);
		link.cut();
		await waitFor(() => events.length === 1, 10_000, 50);
		await new Promise((resolve) => setTimeout(resolve, 2_000)); // still down: no second alarm
		expect(events).toEqual(['silent']);
		await imap.deliver(policeEmail('after-silence'));
		link.heal();
		await waitFor(() => events.length === 2 && intake!.status().marked === 1, 15_000, 50);
		expect(events).toEqual(['silent', 'back']);
	}, 40_000);

	it('moves handled emails to the configured folder instead of flagging them', async () => {
		await imap.deliver(policeEmail('move'));
		const run = recordingIntake(imap.port, imap, { handledFolder: 'Traitées' });
		intake = run.intake;
		intake.start();
		await waitFor(() => intake!.status().marked === 1, 15_000, 50);
		const client = new ImapFlow({ host: imap.host, port: imap.port, secure: false, auth: { user: imap.user, pass: imap.password }, logger: false });
		await client.connect();
		const [inbox, handled] = [await client.status('INBOX', { messages: true }), await client.status('Traitées', { messages: true })];
		await client.logout();
		expect([inbox && inbox.messages, handled && handled.messages]).toEqual([0, 1]);
	}, 30_000);
});

describe('parseIntakeMessage', () => {
	it('keys an email by its Message-ID, or by its content when it has none', async () => {
		const withId = await parseIntakeMessage(1, Buffer.from(policeEmail('key')));
		const again = await parseIntakeMessage(2, Buffer.from(policeEmail('key').replace(/Message-ID: <key-\d+@/, `Message-ID: <key-${serial - 1}@`)));
		expect(again.intakeKey).toBe(withId.intakeKey);
		const raw = 'From: a@b.fr\r\nSubject: sans id\r\n\r\ncorps\r\n';
		const [one, two] = [await parseIntakeMessage(3, Buffer.from(raw)), await parseIntakeMessage(4, Buffer.from(raw))];
		expect(one.messageId).toBe('');
		expect(one.intakeKey).toBe(two.intakeKey);
		expect(one.intakeKey).not.toBe(withId.intakeKey);
	});

	it('keeps repeated headers as a list', async () => {
		const raw = 'From: a@b.fr\r\nFrom: c@d.fr\r\nSubject: x\r\n\r\ny\r\n';
		const message = await parseIntakeMessage(1, Buffer.from(raw));
		expect(message.headers.from).toEqual(['a@b.fr', 'c@d.fr']);
	});
});
