import { ImapFlow } from 'imapflow';
import { parseIntakeMessage, unreadableIntakeMessage, type IntakeMessage } from './message';

/** Where the police mailbox is and how to log in: the fields of the IMAP credential. */
export interface MailboxConnection {
	host: string;
	port: number;
	/** Implicit TLS (port 993); false lets the client use STARTTLS when the server offers it. */
	secure: boolean;
	user: string;
	password: string;
	/** Accept a self-signed or otherwise unverifiable server certificate. */
	allowUnauthorizedCerts?: boolean;
}

/** Where the intake reports what it does: reconnections and failures must never be silent. */
export interface IntakeLogger {
	info(message: string, meta?: Record<string, unknown>): void;
	warn(message: string, meta?: Record<string, unknown>): void;
}

/** How the intake watches the mailbox. */
export interface MailboxIntakeOptions {
	connection: MailboxConnection;
	/** The mailbox the police write to (default INBOX). */
	mailbox?: string;
	/** Folder a handled email is moved to; empty flags it \Seen where it is. */
	handledFolder?: string;
	/** False leaves every email as it is (manual test runs must not take the real alerts). */
	markHandled?: boolean;
	/** The safety-net sweep, in ms, against an IDLE that died without closing the connection (default 60 s). */
	sweepIntervalMs?: number;
	/** Reconnection delays: doubled from initialMs after each failure, never above maxMs (defaults 1 s, 60 s). */
	backoff?: { initialMs: number; maxMs: number };
	/** A sweep (search, fetch, marks) that takes longer than this, in ms, counts as a dead connection (default 60 s). */
	commandTimeoutMs?: number;
	/** Hands one email on. Resolves once it is handled (the workflow ran): only then is the email marked; a rejection leaves it for the next sweep. */
	onMessage(message: IntakeMessage): Promise<void>;
	/** Called after each completed sweep: the mailbox was reachable and nothing is waiting unseen. */
	onAlive?(at: Date): void;
	/** How long without a completed sweep, in ms, before `onSilent` is called (0: never; default 5 min; at least two sweep intervals, as a quiet mailbox is swept only that often). */
	silenceAlarmMs?: number;
	/** Called once per outage when no sweep completed for `silenceAlarmMs`: the intake is not taking mail. */
	onSilent?(silentForMs: number): void;
	/** Called at the first completed sweep after `onSilent`. */
	onBack?(): void;
	logger?: IntakeLogger;
}

/** What the intake has done since it started, for logs, health checks and tests. */
export interface IntakeStatus {
	connected: boolean;
	connections: number;
	emitted: number;
	marked: number;
	handling: number;
	waitingToBeMarked: number;
	lastSweepAt: Date | null;
	/** The last error of the connection or of a sweep, as the server or the network gave it ('' if none yet). */
	lastError: string;
}

const quietLogger: IntakeLogger = { info: () => undefined, warn: () => undefined };

/** An imapflow client for the mailbox: no imapflow logging (it would print the login), 15 s to connect and greet. */
function imapClient(connection: MailboxConnection, extra: { autoIdleDelay?: number } = {}): ImapFlow {
	return new ImapFlow({
		host: connection.host,
		port: connection.port,
		secure: connection.secure,
		auth: { user: connection.user, pass: connection.password },
		tls: { rejectUnauthorized: !connection.allowUnauthorizedCerts },
		logger: false,
		connectionTimeout: 15_000,
		greetingTimeout: 15_000,
		...extra,
	});
}

/** Rejects when a promise takes longer than `ms`: a silent connection must end in a reconnection, not a hang. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`${what} took more than ${ms} ms`)), ms);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

const errorText = (error: unknown) => (error instanceof Error ? error.message : String(error));

/**
 * Watches the police mailbox so that no email is lost: every (re)connection, every new-mail
 * notification and a periodic timer sweep all unseen emails; each is handed on, and marked
 * (\Seen or moved) only after it has been handled, so a crash in between hands it on again
 * rather than losing it. Handing on twice is then possible and is absorbed downstream
 * (docs/intake-mailbox.md).
 */
export class MailboxIntake {
	private readonly options: Required<Omit<MailboxIntakeOptions, 'onAlive' | 'logger' | 'onSilent' | 'onBack'>> & Pick<MailboxIntakeOptions, 'onAlive' | 'onSilent' | 'onBack'>;
	private readonly logger: IntakeLogger;
	private client: ImapFlow | null = null;
	private stopped = false;
	private loop: Promise<void> | null = null;
	private wake: (() => void) | null = null;
	private sweeping: Promise<void> | null = null;
	private sweepingFor: ImapFlow | null = null;
	private sweepAgain = false;
	private uidValidity: bigint | null = null;
	/** UIDs handed on whose handling has not finished: never handed on a second time meanwhile. */
	private readonly handling = new Set<number>();
	/** UIDs handled but not yet marked (the connection was down): marked first on the next connection. */
	private readonly toMark = new Set<number>();
	private readonly counts = { connections: 0, emitted: 0, marked: 0 };
	private lastSweepAt: Date | null = null;
	private lastError = '';
	private startedAt = 0;
	private watchdog: NodeJS.Timeout | undefined;
	private silent = false;

	constructor(options: MailboxIntakeOptions) {
		this.options = {
			mailbox: 'INBOX',
			handledFolder: '',
			markHandled: true,
			sweepIntervalMs: 60_000,
			backoff: { initialMs: 1_000, maxMs: 60_000 },
			commandTimeoutMs: 60_000,
			silenceAlarmMs: 5 * 60_000,
			...options,
		};
		this.logger = options.logger ?? quietLogger;
	}

	/** Starts watching; returns at once, the connection is made (and remade) in the background. */
	start(): void {
		if (this.loop) return;
		this.stopped = false;
		this.startedAt = Date.now();
		const alarm = this.silenceAlarmMs();
		if (alarm > 0) this.watchdog = setInterval(() => this.checkSilence(), Math.max(50, Math.min(alarm / 4, 30_000)));
		this.loop = this.connectLoop();
	}

	/** Logs out and stops reconnecting; emails still being handled are marked by the next start's sweep, not lost. */
	async stop(): Promise<void> {
		this.stopped = true;
		clearInterval(this.watchdog);
		this.wake?.();
		const client = this.client;
		if (client) {
			await within(client.logout(), 5_000, 'IMAP logout').catch(() => client.close());
		}
		await this.loop;
		this.loop = null;
	}

	/** What the intake has done so far. */
	status(): IntakeStatus {
		return {
			connected: this.client !== null,
			...this.counts,
			handling: this.handling.size,
			waitingToBeMarked: this.toMark.size,
			lastSweepAt: this.lastSweepAt,
			lastError: this.lastError,
		};
	}

	private silenceAlarmMs(): number {
		const { silenceAlarmMs, sweepIntervalMs } = this.options;
		return silenceAlarmMs > 0 ? Math.max(silenceAlarmMs, 2 * sweepIntervalMs) : 0;
	}

	/** Raises the alarm once when no sweep completed for `silenceAlarmMs` (an unreachable mailbox, a session that hangs). */
	private checkSilence(): void {
		const silentFor = Date.now() - Math.max(this.startedAt, this.lastSweepAt?.getTime() ?? 0);
		if (this.silent || this.stopped || silentFor < this.silenceAlarmMs()) return;
		this.silent = true;
		this.logger.warn(`Police mailbox not swept for ${Math.round(silentFor / 1000)} s: emails are not being taken`);
		this.options.onSilent?.(silentFor);
	}

	private failed(what: string, error: unknown): void {
		this.lastError = errorText(error);
		this.logger.warn(`Police mailbox ${what}: ${this.lastError}`);
	}

	private async connectLoop(): Promise<void> {
		let failures = 0;
		while (!this.stopped) {
			const ended = await this.session();
			if (this.stopped) break;
			failures = ended === 'clean' ? 0 : failures + 1;
			const { initialMs, maxMs } = this.options.backoff;
			const delay = Math.min(maxMs, initialMs * 2 ** Math.min(failures, 20));
			this.logger.warn(`Police mailbox connection lost; reconnecting in ${delay} ms`, { failures });
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, delay);
				this.wake = () => {
					clearTimeout(timer);
					resolve();
				};
			});
			this.wake = null;
		}
	}

	/** One connection, from login to close: 'clean' when it had worked, 'failed' when it never got to a sweep. */
	private async session(): Promise<'clean' | 'failed'> {
		const { connection } = this.options;
		// IDLE right after each command, not imapflow's default 15 s later: mail arriving close together is not held back.
		const client = imapClient(connection, { autoIdleDelay: 200 });
		const closed = new Promise<void>((resolve) => client.once('close', () => resolve()));
		client.on('error', (error: unknown) => this.failed('connection error', error));
		let timer: NodeJS.Timeout | undefined;
		let swept = false;
		try {
			await client.connect();
			const box = await client.mailboxOpen(this.options.mailbox);
			if (this.uidValidity !== null && box.uidValidity !== this.uidValidity) {
				// The server renumbered the mailbox: remembered UIDs now name other emails.
				this.toMark.clear();
				this.handling.clear();
			}
			this.uidValidity = box.uidValidity;
			if (this.options.markHandled && this.options.handledFolder) {
				await client.mailboxCreate(this.options.handledFolder).catch(() => undefined);
			}
			if (this.stopped) {
				await client.logout();
				return 'clean';
			}
			this.client = client;
			this.counts.connections++;
			this.logger.info('Police mailbox connected; sweeping unseen emails', { mailbox: this.options.mailbox });
			client.on('exists', () => this.requestSweep(client));
			timer = setInterval(() => this.requestSweep(client), this.options.sweepIntervalMs);
			swept = true;
			await this.requestSweep(client);
			await closed;
		} catch (error) {
			this.failed('session failed', error);
			client.close();
		} finally {
			clearInterval(timer);
			if (this.client === client) this.client = null;
		}
		return swept ? 'clean' : 'failed';
	}

	/** Sweeps now, or once more right after the sweep under way: a notification during a sweep is never dropped. */
	private requestSweep(client: ImapFlow): Promise<void> {
		if (this.sweeping) {
			// A sweep of a previous connection may still be winding down: this connection sweeps right after it.
			if (this.sweepingFor !== client) return this.sweeping.then(() => (this.client === client ? this.requestSweep(client) : undefined));
			this.sweepAgain = true;
			return this.sweeping;
		}
		this.sweepingFor = client;
		this.sweeping = (async () => {
			try {
				do {
					this.sweepAgain = false;
					await within(this.sweep(client), this.options.commandTimeoutMs, 'Mailbox sweep');
					this.lastSweepAt = new Date();
					this.options.onAlive?.(this.lastSweepAt);
					if (this.silent) {
						this.silent = false;
						this.logger.info('Police mailbox reachable again');
						this.options.onBack?.();
					}
				} while (this.sweepAgain && !this.stopped && this.client === client);
			} catch (error) {
				this.failed('sweep failed, reconnecting', error);
				client.close();
			} finally {
				this.sweeping = null;
				this.sweepingFor = null;
			}
		})();
		return this.sweeping;
	}

	/** Marks what was handled, then hands on every unseen email not already being handled, oldest first. */
	private async sweep(client: ImapFlow): Promise<void> {
		await this.markHandled(client);
		const found = (await client.search({ seen: false }, { uid: true })) || [];
		for (const uid of [...found].sort((a, b) => a - b)) {
			if (this.stopped || this.handling.has(uid) || this.toMark.has(uid)) continue;
			const fetched = await client.fetchOne(String(uid), { uid: true, source: true }, { uid: true });
			if (!fetched || !fetched.source) continue; // expunged since the search
			const source = fetched.source;
			const message = await parseIntakeMessage(uid, source).catch(() => unreadableIntakeMessage(uid, source));
			this.handling.add(uid);
			this.counts.emitted++;
			void Promise.resolve()
				.then(() => this.options.onMessage(message))
				.then(
				() => {
					this.handling.delete(uid);
					if (!this.options.markHandled) return;
					this.toMark.add(uid);
					if (this.client === client) void this.markHandled(client).catch(() => undefined);
				},
				(error: unknown) => {
					// Not handled (the run could not start): left unseen, the next sweep hands it on again.
					this.handling.delete(uid);
					this.logger.warn(`Email ${message.messageId || uid} could not be handed on; retried at the next sweep: ${errorText(error)}`);
				},
			);
		}
	}

	/** Flags \Seen (or moves) every handled email; those the connection could not reach stay for the next connection. */
	private async markHandled(client: ImapFlow): Promise<void> {
		if (this.toMark.size === 0) return;
		const uids = [...this.toMark];
		const range = uids.join(',');
		if (this.options.handledFolder) {
			await client.messageMove(range, this.options.handledFolder, { uid: true });
		} else {
			await client.messageFlagsAdd(range, ['\\Seen'], { uid: true });
		}
		for (const uid of uids) if (this.toMark.delete(uid)) this.counts.marked++;
	}
}

/** Logs in and opens the mailbox once, for a credential test: `{ ok, message }` with the server's refusal in words. */
export async function testMailboxConnection(connection: MailboxConnection, mailbox = 'INBOX'): Promise<{ ok: boolean; message: string }> {
	const client = imapClient(connection);
	client.on('error', () => undefined);
	try {
		await client.connect();
		const box = await client.mailboxOpen(mailbox, { readOnly: true });
		await client.logout();
		return { ok: true, message: `Connected: ${mailbox} holds ${box.exists} emails` };
	} catch (error) {
		client.close();
		return { ok: false, message: `Cannot open ${mailbox} on ${connection.host}:${connection.port}: ${errorText(error)}` };
	}
}
