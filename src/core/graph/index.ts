/** Microsoft Graph application and keyCredential operations: requests, proofs, answers, and the workspace comparison. */
export * from './types';
export * from './requests';
export * from './proof';
export * from './errors';
export * from './match';
export * from './plan';
