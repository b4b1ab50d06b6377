/**
 * A real IMAP server for the email trigger: Debian's dovecot-imapd with its own configuration on a
 * free loopback port, one passwd-file user, Maildir; mail delivered with dovecot-lda.
 */
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, waitFor } from './net';
import { connect } from 'node:net';

const DOVECOT = '/usr/sbin/dovecot';
const LDA = '/usr/lib/dovecot/dovecot-lda';

export function dovecotInstalled(): boolean {
	return existsSync(DOVECOT) && existsSync(LDA);
}

export interface Dovecot {
	host: string;
	port: number;
	user: string;
	password: string;
	/** Delivers a raw RFC 5322 message into the user's INBOX. */
	deliver(raw: string, sender?: string): Promise<void>;
	/** Closes every session, stops the server and starts it again on the same port, keeping the mail (a server restart). */
	restart(): Promise<void>;
	stop(): Promise<void>;
}

export async function startDovecot(user = 'alertes', password = 'imap-test-pass'): Promise<Dovecot> {
	const dir = mkdtempSync(join(tmpdir(), 'dovecot-'));
	chmodSync(dir, 0o755);
	const mail = join(dir, 'mail');
	mkdirSync(mail, { recursive: true });
	chmodSync(mail, 0o777);
	const port = await freePort();
	writeFileSync(join(dir, 'passwd'), `${user}:{PLAIN}${password}::::::\n`);
	const config = join(dir, 'dovecot.conf');
	writeFileSync(
		config,
		`protocols = imap
listen = 127.0.0.1
base_dir = ${dir}/run
state_dir = ${dir}/state
log_path = ${dir}/dovecot.log
info_log_path = ${dir}/dovecot.log
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:${mail}/%u
mail_uid = nobody
mail_gid = nogroup
first_valid_uid = 1
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u ${dir}/passwd
}
userdb {
  driver = static
  args = uid=nobody gid=nogroup home=${mail}/%u
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = ${port}
  }
  inet_listener imaps {
    port = 0
  }
}
service anvil {
  chroot =
}
service imap-login {
  chroot =
}
`,
	);
	const launch = async () => {
		// dovecot daemonises: its daemon would hold pipes open, so the launcher gets no stdio.
		await new Promise<void>((resolve, reject) => {
			const launcher = spawn(DOVECOT, ['-c', config], { stdio: 'ignore' });
			launcher.on('error', reject);
			launcher.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`dovecot exited ${code}`))));
		});
		await waitFor(
			() =>
				new Promise<boolean>((resolve) => {
					const socket = connect(port, '127.0.0.1', () => {
						socket.end();
						resolve(true);
					});
					socket.on('error', () => resolve(false));
				}),
			10_000,
			50,
		);
	};
	const doveadm = (...args: string[]) => new Promise<void>((resolve) => spawn('doveadm', ['-c', config, ...args], { stdio: 'ignore' }).on('exit', () => resolve()).on('error', () => resolve()));
	const halt = () => doveadm('stop');
	await launch();
	return {
		host: '127.0.0.1',
		port,
		user,
		password,
		deliver: (raw, sender = 'corg63@gendarmerie.interieur.gouv.fr') =>
			new Promise((resolve, reject) => {
				const child = spawn(LDA, ['-c', config, '-d', user, '-f', sender], { stdio: ['pipe', 'ignore', 'pipe'] });
				let err = '';
				child.stderr.on('data', (d: Buffer) => (err += d.toString()));
				child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`dovecot-lda exited ${code}: ${err}`))));
				child.stdin.end(raw);
			}),
		restart: async () => {
			// Stopping the master leaves logged-in imap processes serving: kick them, as a reboot would.
			await doveadm('kick', user);
			await halt();
			await launch();
		},
		stop: async () => {
			await halt();
			rmSync(dir, { recursive: true, force: true });
		},
	};
}
