import type { SqlDb } from './db';

/**
 * `open` run once per open connection (its migrations checked once per execution, not per call):
 * the function returned gives every caller on the same connection the same promise.
 */
export function perConnection<T>(open: (db: SqlDb) => Promise<T>): (db: SqlDb) => Promise<T> {
	const opened = new WeakMap<SqlDb, Promise<T>>();
	return (db) => {
		let value = opened.get(db);
		if (!value) {
			value = open(db);
			opened.set(db, value);
		}
		return value;
	};
}
