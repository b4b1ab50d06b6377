export { Ledger, openLedger, ledgerOf } from './ledger';
export { LEDGER_MIGRATIONS } from './schema';
export { newRef, type HandingEntry, type SentEntry } from './claims';
export { LEGACY_RECEIPT_WINDOW_MS, type ReceiptUpdate, type ReceiptResult } from './receipts';
export type { AlertStatusReport, PeriodStatistics } from './reports';
export type { ReceivedMessage } from './members';
/** The journal is the alert's (alert/journal.ts); its entry type stays exported here too. */
export type { JournalEntry } from '../../alert/journal';
