export * from './model';
export * from './keyCredential';
export * from './lint';
