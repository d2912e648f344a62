/**
 * The one error type the core throws. `code` is stable (adapters and the CLI switch on it);
 * `message` is one sentence naming the thing that is wrong and the fix, fit to show a user as is.
 */
export class CoreError extends Error {
	override readonly name = 'CoreError';

	constructor(
		readonly code: CoreErrorCode,
		message: string,
		options?: { cause?: unknown },
	) {
		super(message, options);
	}
}

/** Every code the core can throw. Add new ones here so adapters can map them. */
export type CoreErrorCode =
	| 'ERR_INPUT_EMPTY'
	| 'ERR_INPUT_TOO_LARGE'
	| 'ERR_INPUT_NOT_FILE'
	| 'ERR_INPUT_TOO_DEEP'
	| 'ERR_FILE'
	| 'ERR_FILE_EXISTS'
	| 'ERR_FILE_READONLY'
	| 'ERR_FILE_PERMISSION'
	| 'ERR_PEM_NO_BLOCK'
	| 'ERR_PEM_MALFORMED'
	| 'ERR_DER_MALFORMED'
	| 'ERR_CERT_UNREADABLE'
	| 'ERR_PFX_PASSWORD'
	| 'ERR_PFX_UNSUPPORTED'
	| 'ERR_PFX_MALFORMED'
	| 'ERR_PFX_NO_CERTIFICATE'
	| 'ERR_KEY_UNREADABLE'
	| 'ERR_KEY_ENCRYPTED'
	| 'ERR_KEY_PASSPHRASE'
	| 'ERR_KEY_UNSUPPORTED'
	| 'ERR_KEY_MISMATCH'
	| 'ERR_INVALID_OPTION'
	| 'ERR_JWT_MALFORMED'
	| 'ERR_JWT_ENCRYPTED'
	| 'ERR_JWT_NOT_FOUND'
	| 'ERR_JWT_VERIFY'
	| 'ERR_MANIFEST_INVALID_JSON'
	| 'ERR_MANIFEST_SHAPE'
	| 'ERR_MANIFEST_DUPLICATE'
	| 'ERR_MANIFEST_UNSAFE_EDIT'
	| 'ERR_HTTP'
	| 'ERR_NETWORK'
	| 'ERR_TIMEOUT'
	| 'ERR_SANDBOX';

/** True for errors the core threw on purpose (bad input), as opposed to bugs. */
export function isCoreError(e: unknown): e is CoreError {
	return e instanceof CoreError;
}
