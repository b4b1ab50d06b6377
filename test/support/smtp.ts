/** An SMTP server on loopback that keeps every message it receives (report and review emails). */
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { freePort } from './net';

export interface SmtpSink {
	port: number;
	messages: ParsedMail[];
	stop(): Promise<void>;
}

export async function startSmtp(): Promise<SmtpSink> {
	const messages: ParsedMail[] = [];
	const port = await freePort();
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onData(stream, _session, callback) {
			simpleParser(stream)
				.then((mail) => {
					messages.push(mail);
					callback();
				})
				.catch(callback);
		},
	});
	// A client that dies in the middle of a message (n8n killed while it sends a report) resets its
	// connection: smtp-server emits that as 'error' on the server, which must not end the test run.
	server.on('error', () => undefined);
	await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
	return { port, messages, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}
