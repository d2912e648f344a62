/** JWT: find in text, decode, explain claims, sign client assertions, verify signatures. */
export * from './decode';
export * from './times';
export * from './claims';
export * from './wellKnown';
export * from './assertion';
export * from './verify';
