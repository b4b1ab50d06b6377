import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync, openSync, closeSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './net';

/**
 * A real Kannel for tests: bearerbox + fakesmsc (the operator) + smsbox (sendsms HTTP) from
 * Debian's kannel / kannel-extras, on free 127.0.0.1 ports, with a generated config in a temp
 * folder. What fakesmsc prints (`Got message N: <from to …>`) is captured and parsed, across
 * restarts, so tests assert what the SMSC actually received.
 */

const BEARERBOX = '/usr/sbin/bearerbox';
const SMSBOX = '/usr/sbin/smsbox';
const FAKESMSC = '/usr/lib/kannel/test/fakesmsc';

/**
 * True when the Kannel binaries are installed (apt-get install kannel kannel-extras). Under CI it
 * is always true: there a missing gateway must fail the run, not skip the gateway tests.
 */
export function kannelInstalled(): boolean {
	if (process.env.CI) return true;
	return existsSync(BEARERBOX) && existsSync(SMSBOX) && existsSync(FAKESMSC);
}

/** One PDU as fakesmsc printed it. */
export interface SmscPdu {
	from: string;
	to: string;
	kind: 'text' | 'ucs-2' | 'data';
	/** Payload bytes (UTF-8 for `text`, UTF-16BE for `ucs-2`, raw user data for `data`). */
	data: Buffer;
	/** Concatenation header: reference, total parts, this part (1-based). */
	udh?: { ref: number; total: number; seq: number };
}

/** A message as the handset would show it, parts joined. */
export interface SmscMessage {
	from: string;
	to: string;
	text: string;
	coding: 'gsm' | 'ucs2';
	parts: number;
}

/** Decodes fakesmsc's URL-style escaping (`+` is a space, `%XX` a byte). */
function unescape(value: string): Buffer {
	const bytes: number[] = [];
	for (let i = 0; i < value.length; i++) {
		const ch = value[i];
		if (ch === '+') bytes.push(0x20);
		else if (ch === '%' && /^[0-9A-Fa-f]{2}$/.test(value.slice(i + 1, i + 3))) {
			bytes.push(parseInt(value.slice(i + 1, i + 3), 16));
			i += 2;
		} else bytes.push(...Buffer.from(ch, 'utf8'));
	}
	return Buffer.from(bytes);
}

/** Parses one fakesmsc log line, or undefined when it is not a received message. */
export function parseFakesmscLine(line: string): SmscPdu | undefined {
	const match = /Got message \d+: <(\S+) (\S+) (text|ucs-2|udh|data) (.*)>\s*$/.exec(line);
	if (!match) return undefined;
	const [, from, to, kind, rest] = match;
	if (kind === 'text') return { from, to, kind: 'text', data: Buffer.from(rest, 'utf8') };
	if (kind === 'ucs-2') return { from, to, kind: 'ucs-2', data: unescape(rest) };
	if (kind === 'data') return { from, to, kind: 'data', data: unescape(rest) };
	const udhMatch = /^(\S+) data (.*)$/.exec(rest);
	if (!udhMatch) return undefined;
	const udh = unescape(udhMatch[1]);
	// IEI 0x00: 8-bit concatenation reference (05 00 03 ref total seq).
	const parsed = udh.length >= 6 && udh[1] === 0 ? { ref: udh[3], total: udh[4], seq: udh[5] } : undefined;
	return { from, to, kind: 'data', data: unescape(udhMatch[2]), udh: parsed };
}

/** UCS-2 user data has a NUL high byte for Latin characters; GSM text never contains NUL here. */
function looksUcs2(data: Buffer): boolean {
	return data.length % 2 === 0 && data.some((b, i) => i % 2 === 0 && b === 0);
}

function decodeUcs2(data: Buffer): string {
	const swapped = Buffer.from(data);
	swapped.swap16();
	return swapped.toString('utf16le');
}

/** The messages a handset would show: concatenated parts joined, only complete messages, in the order they completed. */
export function assembleMessages(pdus: readonly SmscPdu[]): SmscMessage[] {
	const out: SmscMessage[] = [];
	const open = new Map<string, { message: SmscMessage; parts: Map<number, Buffer>; total: number; ucs2: boolean }>();
	for (const pdu of pdus) {
		if (!pdu.udh) {
			const ucs2 = pdu.kind === 'ucs-2';
			out.push({ from: pdu.from, to: pdu.to, text: ucs2 ? decodeUcs2(pdu.data) : pdu.data.toString('utf8'), coding: ucs2 ? 'ucs2' : 'gsm', parts: 1 });
			continue;
		}
		const key = `${pdu.from} ${pdu.to} ${pdu.udh.ref}`;
		let entry = open.get(key);
		if (!entry) {
			entry = { message: { from: pdu.from, to: pdu.to, text: '', coding: 'gsm', parts: pdu.udh.total }, parts: new Map(), total: pdu.udh.total, ucs2: false };
			open.set(key, entry);
		}
		entry.parts.set(pdu.udh.seq, pdu.data);
		entry.ucs2 ||= looksUcs2(pdu.data);
		if (entry.parts.size === entry.total) {
			// Only a message whose every part arrived counts: the handset shows nothing before.
			const joined = Buffer.concat([...entry.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, data]) => data));
			entry.message.coding = entry.ucs2 ? 'ucs2' : 'gsm';
			entry.message.text = entry.ucs2 ? decodeUcs2(joined) : joined.toString('utf8');
			out.push(entry.message);
			open.delete(key);
		}
	}
	return out;
}

function canConnect(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = net.connect({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` every 50 ms until true, at most `timeoutMs`. */
export async function waitUntil(check: () => boolean | Promise<boolean>, timeoutMs: number, what: string, intervalMs = 50): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (Date.now() < deadline) {
		if (await check()) return;
		await delay(intervalMs);
	}
	throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
}

export interface KannelOptions {
	/** Extra lines for the sendsms-user group. */
	maxMessages?: number;
	/** The sms-service's get-url for mobile-originated messages (Kannel's escapes %p, %P, %a…); by default it answers "ok". */
	smsServiceGetUrl?: string;
}

/** A running Kannel with a fake SMSC. */
export class KannelGateway {
	readonly dir: string;
	readonly username = 'alerte';
	readonly password = 'pw-' + Math.random().toString(36).slice(2, 10);
	private readonly pdus: SmscPdu[] = [];
	private children: ChildProcess[] = [];
	private ports = { admin: 0, smsbox: 0, smsc: 0, sendsms: 0 };

	private constructor(private readonly options: KannelOptions = {}) {
		this.dir = mkdtempSync(join(process.env.ALERTE_TEST_ROOT ?? tmpdir(), 'kannel-'));
	}

	/** Starts bearerbox, fakesmsc and smsbox on free ports. */
	static async start(options: KannelOptions = {}): Promise<KannelGateway> {
		const gateway = new KannelGateway(options);
		gateway.ports = { admin: await freePort(), smsbox: await freePort(), smsc: await freePort(), sendsms: await freePort() };
		gateway.writeConfig();
		await gateway.startProcesses();
		return gateway;
	}

	/** `http://127.0.0.1:PORT`: the smsbox sendsms base URL. */
	get baseUrl(): string {
		return `http://127.0.0.1:${this.ports.sendsms}`;
	}

	/** Every PDU the fake SMSC received so far (all restarts). */
	received(): readonly SmscPdu[] {
		return this.pdus;
	}

	/** The received PDUs joined into messages. */
	messages(): SmscMessage[] {
		return assembleMessages(this.pdus);
	}

	/** Kills one of the three processes (fault tests); `stop`/`restart` handle the rest. */
	kill(which: 'bearerbox' | 'smsbox' | 'fakesmsc', signal: NodeJS.Signals = 'SIGKILL'): void {
		const child = this.children.find((c) => c.spawnfile.endsWith(which));
		if (child?.pid) process.kill(-child.pid, signal);
	}

	/**
	 * Stops every process (SIGTERM, then SIGKILL after a bounded wait): bearerbox first, as an
	 * operator restarts a gateway whose operator SMSC stays up. Stopping the fake SMSC at the same
	 * moment let bearerbox write a message into a socket nobody would read, which the fake SMSC
	 * protocol (no acknowledgement) then reported delivered.
	 */
	async stop(): Promise<void> {
		const children = this.children;
		this.children = [];
		const bearerbox = children.filter((c) => c.spawnfile.endsWith('bearerbox'));
		await this.terminate(bearerbox);
		await this.terminate(children.filter((c) => !bearerbox.includes(c)));
	}

	private async terminate(children: ChildProcess[]): Promise<void> {
		const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;
		const signal = (name: NodeJS.Signals) => {
			for (const child of children) if (child.pid && !exited(child)) {
				try {
					process.kill(-child.pid, name);
				} catch {
					// already gone
				}
			}
		};
		signal('SIGTERM');
		await waitUntil(() => children.every(exited), 6000, 'Kannel to stop').catch(() => signal('SIGKILL'));
		await waitUntil(() => children.every(exited), 3000, 'Kannel to be killed').catch(() => undefined);
	}

	/** Starts the processes again on the same ports (after `stop`). */
	async restart(): Promise<void> {
		await this.startProcesses();
	}

	/** Stops everything and removes the folder. */
	async close(): Promise<void> {
		await this.stop();
		rmSync(this.dir, { recursive: true, force: true });
	}

	private writeConfig(): void {
		const p = this.ports;
		writeFileSync(
			join(this.dir, 'kannel.conf'),
			`group = core
admin-port = ${p.admin}
admin-password = ${this.password}
admin-interface = 127.0.0.1
smsbox-port = ${p.smsbox}
box-allow-ip = 127.0.0.1
log-file = "${join(this.dir, 'bearerbox.log')}"
log-level = 1
dlr-storage = internal
store-type = file
store-location = "${join(this.dir, 'store')}"

group = smsc
smsc = fake
smsc-id = fake
port = ${p.smsc}
connect-allow-ip = 127.0.0.1

group = smsbox
bearerbox-host = 127.0.0.1
sendsms-port = ${p.sendsms}
sendsms-interface = 127.0.0.1
log-file = "${join(this.dir, 'smsbox.log')}"
log-level = 1

group = sendsms-user
username = ${this.username}
password = ${this.password}
max-messages = 10
concatenation = true

group = sms-service
keyword = default
${this.options.smsServiceGetUrl ? `get-url = "${this.options.smsServiceGetUrl}"\nmax-messages = 0` : 'text = "ok"'}
`,
		);
	}

	private spawnLogged(file: string, args: string[], name: string): ChildProcess {
		const out = openSync(join(this.dir, `${name}.out`), 'a');
		const child = spawn(file, args, { detached: true, stdio: ['ignore', out, out] });
		closeSync(out);
		child.on('error', () => undefined);
		this.children.push(child);
		return child;
	}

	private async startProcesses(): Promise<void> {
		const conf = join(this.dir, 'kannel.conf');
		this.spawnLogged(BEARERBOX, [conf], 'bearerbox');
		await waitUntil(() => canConnect(this.ports.smsbox), 10_000, 'bearerbox');
		this.spawnFakeSmsc(0, '1 2 text x');
		this.spawnLogged(SMSBOX, [conf], 'smsbox');
		await waitUntil(() => canConnect(this.ports.sendsms), 10_000, 'smsbox');
	}

	/**
	 * A member's phone sends `text` from `from` to `to` (a mobile-originated SMS): the fake SMSC is
	 * replaced by one that sends this message once, then keeps receiving as before.
	 */
	async deliverMo(from: string, to: string, text: string): Promise<void> {
		const previous = this.children.filter((c) => c.spawnfile.endsWith('fakesmsc'));
		this.children = this.children.filter((c) => !previous.includes(c));
		await this.terminate(previous);
		this.spawnFakeSmsc(1, `${from} ${to} text ${text}`);
	}

	/** Starts a fake SMSC that sends `max` of `message` (fakesmsc's format) and captures what it receives. */
	private spawnFakeSmsc(max: number, message: string): void {
		const fake = spawn(FAKESMSC, ['-H', '127.0.0.1', '-r', String(this.ports.smsc), '-i', max ? '0.5' : '1000', '-m', String(max), message], {
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		fake.on('error', () => undefined);
		this.children.push(fake);
		let pending = '';
		const onData = (chunk: Buffer) => {
			pending += chunk.toString('utf8');
			const lines = pending.split('\n');
			pending = lines.pop() ?? '';
			for (const line of lines) {
				const pdu = parseFakesmscLine(line);
				if (pdu) this.pdus.push(pdu);
			}
		};
		fake.stdout?.on('data', onData);
		fake.stderr?.on('data', onData);
	}
}
