import {
	ExecutionCancelledError,
	NodeConnectionTypes,
	NodeOperationError,
	SystemShutdownExecutionCancelledError,
	type ICredentialsDecrypted,
	type ICredentialTestFunctions,
	type INodeCredentialTestResult,
	type INodeType,
	type INodeTypeDescription,
	type IRun,
	type ITriggerFunctions,
	type ITriggerResponse,
} from 'n8n-workflow';
import { MailboxIntake, mailboxHealthEvent, testMailboxConnection, type IntakeMessage, type MailboxConnection, type MailboxHealthEvent } from '../shared/intake';

interface ImapCredentialData {
	host?: string;
	port?: number;
	user?: string;
	password?: string;
	secure?: boolean;
	allowUnauthorizedCerts?: boolean;
}

function connectionOf(data: ImapCredentialData): MailboxConnection {
	return {
		host: String(data.host ?? ''),
		port: Number(data.port ?? 993),
		secure: data.secure !== false,
		user: String(data.user ?? ''),
		password: String(data.password ?? ''),
		allowUnauthorizedCerts: data.allowUnauthorizedCerts === true,
	};
}

interface TriggerOptions {
	sweepIntervalSeconds?: number;
	maxReconnectDelaySeconds?: number;
	silenceAlarmMinutes?: number;
}

export class PoliceMailTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Police Mail Trigger',
		name: 'policeMailTrigger',
		icon: { light: 'file:policeMailTrigger.svg', dark: 'file:policeMailTrigger.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{ $parameter["mailbox"] }}',
		description: 'Starts the workflow for each police email in the mailbox, none lost across disconnections and restarts',
		defaults: { name: 'Police Mail Trigger' },
		inputs: [],
		outputs: [
			{ type: NodeConnectionTypes.Main, displayName: 'Email' },
			{ type: NodeConnectionTypes.Main, displayName: 'Mailbox Health' },
		],
		credentials: [{ name: 'alerteCommercesImap', required: true, testedBy: 'imapConnectionTest' }],
		properties: [
			{
				displayName: 'Mailbox',
				name: 'mailbox',
				type: 'string',
				default: 'INBOX',
				description: 'The folder the police emails arrive in',
			},
			{
				displayName: 'Handled Emails',
				name: 'handled',
				type: 'options',
				options: [
					{ name: 'Mark as Read', value: 'seen', description: 'Flag each handled email \\Seen where it is' },
					{ name: 'Move to a Folder', value: 'move', description: 'Move each handled email to a folder (created if missing)' },
				],
				default: 'seen',
				description: 'What is done to an email once its workflow has run. Every unread email of the mailbox is taken as new: do not read the mailbox by hand in a mail client without marking emails unread again.',
			},
			{
				displayName: 'Folder',
				name: 'handledFolder',
				type: 'string',
				default: 'Traitées',
				displayOptions: { show: { handled: ['move'] } },
			},
			{
				displayName: 'Mark Emails',
				name: 'markAfter',
				type: 'options',
				options: [
					{ name: 'After the Workflow Has Run', value: 'run', description: 'An email is marked only once its execution ended (or is waiting for an approval): a restart in between runs it again, and the dispatch ledger sends no SMS twice' },
					{ name: 'Once Handed to n8n', value: 'handoff', description: 'For engines that cannot report the end of an execution to a trigger' },
				],
				default: 'run',
			},
			{
				displayName: 'Options',
				name: 'options',
				type: 'collection',
				placeholder: 'Add option',
				default: {},
				options: [
					{
						displayName: 'Health Alarm After (Minutes)',
						name: 'silenceAlarmMinutes',
						type: 'number',
						typeOptions: { minValue: 0, numberPrecision: 1 },
						default: 5,
						description:
							'When the mailbox could not be read for this long, one item leaves by the Mailbox Health output (and another when it can be read again): wire it to an email to the CCI. 0 turns the alarm off. Never less than two sweep intervals.',
					},
					{
						displayName: 'Sweep Interval (Seconds)',
						name: 'sweepIntervalSeconds',
						type: 'number',
						typeOptions: { minValue: 5 },
						default: 60,
						description: 'How often the mailbox is searched for unread emails besides the push (IDLE) notifications: the safety net against a push that died silently',
					},
					{
						displayName: 'Max Reconnect Delay (Seconds)',
						name: 'maxReconnectDelaySeconds',
						type: 'number',
						typeOptions: { minValue: 1 },
						default: 60,
						description: 'After a failure the trigger reconnects after 1 s, then doubles the wait up to this',
					},
				],
			},
		],
	};

	methods = {
		credentialTest: {
			async imapConnectionTest(this: ICredentialTestFunctions, credential: ICredentialsDecrypted): Promise<INodeCredentialTestResult> {
				const result = await testMailboxConnection(connectionOf((credential.data ?? {}) as ImapCredentialData));
				return { status: result.ok ? 'OK' : 'Error', message: result.message };
			},
		},
	};

	async trigger(this: ITriggerFunctions): Promise<ITriggerResponse> {
		const connection = connectionOf((await this.getCredentials('alerteCommercesImap')) as ImapCredentialData);
		const mailbox = this.getNodeParameter('mailbox', 'INBOX') as string;
		const handled = this.getNodeParameter('handled', 'seen') as string;
		const handledFolder = handled === 'move' ? (this.getNodeParameter('handledFolder', 'Traitées') as string) : '';
		const markAfter = this.getNodeParameter('markAfter', 'run') as string;
		const options = this.getNodeParameter('options', {}) as TriggerOptions;
		const manual = this.getMode() === 'manual';

		const emitOne = async (message: IntakeMessage) => {
			const items = [[{ json: { ...message } }]];
			if (manual) {
				// A test run shows an email without taking it: the active workflow must still get it.
				this.emit(items);
				return;
			}
			// No execution deduplication key: n8n would then refuse to re-run an execution that crashed
			// half-way, and its remaining phones would never get the alert. A second run is harmless:
			// the same fiche gives the same alertId, and the dispatch ledger sends no phone twice.
			if (markAfter === 'handoff') {
				this.emit(items);
				return;
			}
			const done = this.helpers.createDeferredPromise<IRun>();
			this.emit(items, undefined, done);
			try {
				await done.promise;
			} catch (error) {
				// Cancelled by a person or a timeout: handled. Cancelled by a shutdown, or never started: left unread for the next sweep.
				if (error instanceof ExecutionCancelledError && !(error instanceof SystemShutdownExecutionCancelledError)) return;
				throw new NodeOperationError(this.getNode(), error as Error, {
					description: 'The execution of this email could not run: the email stays unread and is handed on again at the next sweep',
				});
			}
		};

		const startedAt = new Date();
		let outageSince = startedAt;
		const health = (event: MailboxHealthEvent['event']) => {
			const { lastSweepAt, lastError } = intake.status();
			if (event === 'unreachable') outageSince = lastSweepAt ?? startedAt;
			const item = mailboxHealthEvent(event, { mailbox, host: connection.host, lastReadAt: lastSweepAt, since: outageSince, now: new Date(), lastError });
			this.emit([[], [{ json: { ...item } }]]);
		};
		const alarmMinutes = options.silenceAlarmMinutes ?? 5;

		const intake = new MailboxIntake({
			connection,
			mailbox,
			handledFolder,
			markHandled: !manual,
			sweepIntervalMs: Math.max(5, options.sweepIntervalSeconds ?? 60) * 1000,
			backoff: { initialMs: 1_000, maxMs: Math.max(1, options.maxReconnectDelaySeconds ?? 60) * 1000 },
			onMessage: emitOne,
			silenceAlarmMs: manual ? 0 : Math.max(0, alarmMinutes) * 60_000,
			onSilent: () => health('unreachable'),
			onBack: () => health('back'),
			logger: {
				info: (message, meta) => this.logger.info(`Police Mail Trigger: ${message}`, meta),
				warn: (message, meta) => this.logger.warn(`Police Mail Trigger: ${message}`, meta),
			},
		});
		intake.start();
		return { closeFunction: async () => intake.stop() };
	}
}
