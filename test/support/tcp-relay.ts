/** A cuttable TCP link for fault tests: connections through it can be dropped and refused at will. */
import { createServer, connect, type Server, type Socket } from 'node:net';

/** A loopback TCP relay in front of a server whose connections can be cut, as a network failure would. */
export class CuttableLink {
	private readonly sockets = new Set<Socket>();
	private refusing = false;
	private constructor(private readonly server: Server, readonly port: number) {}

	static async open(target: number): Promise<CuttableLink> {
		const server = createServer();
		await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
		const link = new CuttableLink(server, (server.address() as { port: number }).port);
		server.on('connection', (client) => {
			if (link.refusing) {
				client.destroy();
				return;
			}
			const upstream = connect(target, '127.0.0.1');
			for (const socket of [client, upstream]) {
				link.sockets.add(socket);
				socket.on('close', () => link.sockets.delete(socket));
				socket.on('error', () => undefined);
			}
			client.pipe(upstream).pipe(client);
			client.on('close', () => upstream.destroy());
			upstream.on('close', () => client.destroy());
		});
		return link;
	}

	/** Drops every open connection and refuses new ones until heal(). */
	cut(): void {
		this.refusing = true;
		for (const socket of this.sockets) socket.destroy();
	}

	heal(): void {
		this.refusing = false;
	}

	async close(): Promise<void> {
		this.cut();
		await new Promise<void>((resolve) => this.server.close(() => resolve()));
	}
}
