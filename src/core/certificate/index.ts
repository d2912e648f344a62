export * from './thumbprint';
export * from './pem';
export * from './keys';
export * from './read';
export * from './x509';
export { readPfx, writePfx, looksLikePfx } from './pfx';
import { writePfx } from './pfx';
import type { PrivateKeyInfo } from './keys';

/**
 * A PFX that `openssl pkcs12` (without -legacy), Windows and Key Vault open with the password.
 * @example
 * const pfx = await exportPfx({ certificates: [der], privateKey, password: 'correct horse' });
 */
export async function exportPfx(options: { certificates: Uint8Array[]; privateKey: PrivateKeyInfo; password: string; friendlyName?: string }): Promise<Uint8Array> {
	return writePfx({ certificates: options.certificates, pkcs8Der: options.privateKey.pkcs8Der, password: options.password, friendlyName: options.friendlyName });
}
