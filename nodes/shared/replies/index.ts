export * from './keywords';
export * from './incoming';
export * from './confirmations';
export * from './record';
