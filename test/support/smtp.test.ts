/** The SMTP sink outlives a client that dies in the middle of a message, as n8n killed by a fault test does. */
import { connect } from 'node:net';
import { startSmtp } from './smtp';

it('keeps running when a client resets its connection during a transaction', async () => {
	const smtp = await startSmtp();
	const socket = connect(smtp.port, '127.0.0.1');
	socket.on('error', () => undefined);
	let received = '';
	socket.on('data', (chunk: Buffer) => (received += chunk.toString()));
	const replied = (pattern: RegExp) =>
		new Promise<void>((resolve) => {
			const check = () => (pattern.test(received) ? resolve() : setTimeout(check, 10));
			check();
		});
	await replied(/^220 /m);
	socket.write('EHLO fault.test\r\n');
	await replied(/^250 /m);
	socket.write('MAIL FROM:<n8n@cci63.example>\r\n');
	await replied(/^250 Accepted/m);
	// Reset (RST), not a clean close: smtp-server reports it as an error of the server itself.
	socket.resetAndDestroy();
	await new Promise((resolve) => setTimeout(resolve, 200));
	await smtp.stop();
});
