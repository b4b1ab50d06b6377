export * from './gsm7';
export * from './segments';
export * from './sender';
export * from './sender-words';
