export { MailboxIntake, testMailboxConnection } from './mailbox';
export type { MailboxConnection, MailboxIntakeOptions, IntakeLogger, IntakeStatus } from './mailbox';
export { parseIntakeMessage, intakeKeyOf } from './message';
export type { IntakeMessage, IntakeHeaders } from './message';
export { mailboxHealthEvent } from './health';
export type { MailboxHealthEvent } from './health';
