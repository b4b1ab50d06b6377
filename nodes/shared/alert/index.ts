export { composeAlert, tryComposeAlert, AlertRefusedError } from './compose';
export { alertIdOf } from './alert-id';
export type { Alert, AlertMsgType, ComposeOptions, ComposeResult } from './types';
export { TEMPLATES, type Templates } from './templates';
export { messageIdOf, alertIdOfMessage, updatePrefixOf } from './message-id';
export { AlertJournal, journalOf, ALERT_JOURNAL_MIGRATIONS, type JournalEntry } from './journal';
