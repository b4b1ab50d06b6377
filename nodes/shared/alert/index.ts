export {
	composeAlert,
	tryComposeAlert,
	alertIdOf,
	AlertRefusedError,
	type Alert,
	type AlertMsgType,
	type ComposeOptions,
	type ComposeResult,
} from './compose';
export { TEMPLATES, type Templates } from './templates';
export { messageIdOf, alertIdOfMessage, updatePrefixOf } from './message-id';
export { AlertJournal, journalOf, ALERT_JOURNAL_MIGRATIONS, type JournalEntry } from './journal';
