export * from './db';
export * from './sqlite';
export * from './postgres';
export * from './migrate';
export * from './open';
export * from './bulk';
export * from './per-connection';
