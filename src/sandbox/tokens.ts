/**
 * Tokens the sandbox issues: RS256 with its own RSA key (published in its JWKS with kid and x5t), v2.0 claims.
 * Signing uses Node's crypto directly (one RSA signature per token is the hot path's main cost); the key and its
 * JWK are made once per sandbox.
 *
 * Microsoft Graph tokens are imitated too: their header carries a `nonce`, and the signature is computed over the
 * header with a transformed nonce, so they do not verify against the JWKS (entra-rules §4, azure-docs#80018).
 * The sandbox's transform is base64url(SHA-256(nonce)); Graph's exact transform is not documented.
 */
import { createHash, createPrivateKey, createPublicKey, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { generateSelfSignedCertificate } from '../core/certificate'; // x509 is its own chunk, loaded when the sandbox starts
import { thumbprints } from '../core/certificate/thumbprint';
import { base64Encode } from '../core/encoding';
import type { DecodedJwt } from '../core/jwt/decode';
import type { SandboxUser } from './types';

/** Microsoft Graph's application ID: the aud of Graph tokens. */
export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
/** Lifetime of access and ID tokens (Entra's default is about an hour). */
export const TOKEN_LIFETIME_SECONDS = 3600;

export interface SigningKey {
	privateKey: KeyObject;
	publicKey: KeyObject;
	/** = x5t, as Entra's keys have it. */
	kid: string;
	x5t: string;
	certificateDer: Uint8Array;
	jwk: Record<string, unknown>;
}

/** A new RSA signing key with a self-signed certificate (for x5c/x5t in the JWKS); the caller adds `issuer` to the JWK. */
export async function createSigningKey(now: Date): Promise<SigningKey> {
	const g = await generateSelfSignedCertificate({ subject: 'CN=Entra Cert Kit sandbox token signing (not Microsoft)', days: 365, now });
	const privateKey = createPrivateKey({ key: Buffer.from(g.privateKey.pkcs8Der), format: 'der', type: 'pkcs8' });
	const publicKey = createPublicKey(privateKey);
	const { x5t } = thumbprints(g.certificateDer);
	const { n, e } = publicKey.export({ format: 'jwk' });
	return {
		privateKey,
		publicKey,
		kid: x5t,
		x5t,
		certificateDer: g.certificateDer,
		jwk: { kty: 'RSA', use: 'sig', alg: 'RS256', kid: x5t, x5t, n, e, x5c: [base64Encode(g.certificateDer)] },
	};
}

const b64json = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');

/** A compact RS256 JWS. */
export function signJwt(key: SigningKey, payload: Record<string, unknown>): string {
	const input = `${b64json({ typ: 'JWT', alg: 'RS256', x5t: key.x5t, kid: key.kid })}.${b64json(payload)}`;
	return `${input}.${sign('sha256', Buffer.from(input), key.privateKey).toString('base64url')}`;
}

/** The sandbox's stand-in for Graph's nonce transform. */
export function graphNonceTransform(nonce: string): string {
	return createHash('sha256').update(nonce).digest('base64url');
}

/**
 * A Graph-style token: signed over a header whose nonce is transformed, then emitted with the raw nonce, so
 * the signature does not verify as is (only after {@link graphNonceTransform}).
 */
export function signGraphStyleJwt(key: SigningKey, payload: Record<string, unknown>): string {
	const nonce = randomBytes(32).toString('base64url');
	const header = (n: string) => ({ typ: 'JWT', nonce: n, alg: 'RS256', x5t: key.x5t, kid: key.kid });
	const body = b64json(payload);
	const signature = sign('sha256', Buffer.from(`${b64json(header(graphNonceTransform(nonce)))}.${body}`), key.privateKey).toString('base64url');
	return `${b64json(header(nonce))}.${body}.${signature}`;
}

/** True when the token's RS256 signature verifies with the sandbox's key as it stands (Graph-style tokens do not). */
export function verifiesWithKey(key: SigningKey, token: DecodedJwt): boolean {
	// Node's verify answers false (it does not throw) for an RSA key and a signature of any length.
	return token.header.alg === 'RS256' && verify('sha256', Buffer.from(`${token.segments[0]}.${token.segments[1]}`), key.publicKey, Buffer.from(token.signature, 'base64url'));
}

/** A GUID derived from a name: stable object IDs for service principals and pairwise subjects. */
export function derivedGuid(...parts: string[]): string {
	const h = createHash('sha256').update(parts.join('|')).digest('hex');
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Entra's v2 `sub` is pairwise: unique to a user and an application. */
function pairwiseSub(oid: string, appId: string): string {
	// 43 characters: base64url of the 32 hash bytes, unpadded.
	return createHash('sha256').update(`${oid.toLowerCase()}|${appId.toLowerCase()}`).digest('base64url');
}

export interface TokenContext {
	issuer: string;
	tenantId: string;
	now: Date;
}

/** How the client authenticated: azpacr 2 = certificate, 1 = secret. */
export type ClientCredentialKind = 'certificate' | 'secret';

export interface AccessTokenInput {
	/** aud: the resource's appId (or Graph's). */
	audience: string;
	/** The client's appId: azp. */
	clientId: string;
	credential: ClientCredentialKind;
	/** Absent for app-only tokens. */
	user?: SandboxUser;
	/** App-only: granted app roles. */
	roles?: string[];
	/** Delegated: granted scopes (values, without the resource). */
	scopes?: string[];
	/** Graph-style: header nonce, signature over the transformed nonce. */
	graph?: boolean;
}

function times(now: Date, lifetime = TOKEN_LIFETIME_SECONDS): { iat: number; nbf: number; exp: number } {
	const iat = Math.floor(now.getTime() / 1000);
	return { iat, nbf: iat, exp: iat + lifetime };
}

/** Random bytes for `uti`, taken from a 4 KiB pool: one call into OpenSSL's generator per 256 tokens, not per token. */
let utiPool = Buffer.alloc(0);
let utiAt = 0;
const uti = (): string => {
	if (utiAt + 16 > utiPool.length) {
		utiPool = randomBytes(4096);
		utiAt = 0;
	}
	utiAt += 16;
	return utiPool.subarray(utiAt - 16, utiAt).toString('base64url');
};

/** An access token with v2.0 claims. */
export function issueAccessToken(key: SigningKey, ctx: TokenContext, input: AccessTokenInput): string {
	const t = times(ctx.now);
	const payload: Record<string, unknown> = { aud: input.audience, iss: ctx.issuer, iat: t.iat, nbf: t.nbf, exp: t.exp, azp: input.clientId, azpacr: input.credential === 'certificate' ? '2' : '1' };
	if (input.user) {
		Object.assign(payload, {
			idtyp: 'user',
			name: input.user.name,
			oid: input.user.oid,
			preferred_username: input.user.preferredUsername,
			scp: (input.scopes ?? []).join(' '),
			sub: pairwiseSub(input.user.oid, input.audience),
		});
	} else {
		// App-only: oid and sub are the client's service principal in this tenant.
		const spId = derivedGuid('service-principal', ctx.tenantId, input.clientId);
		Object.assign(payload, { idtyp: 'app', oid: spId, ...(input.roles && input.roles.length > 0 ? { roles: input.roles } : {}), sub: spId });
	}
	Object.assign(payload, { tid: ctx.tenantId, uti: uti(), ver: '2.0' });
	return input.graph ? signGraphStyleJwt(key, payload) : signJwt(key, payload);
}

/** An ID token for the client (aud = client ID), with the authorize request's nonce when there was one. */
export function issueIdToken(key: SigningKey, ctx: TokenContext, input: { clientId: string; user: SandboxUser; nonce?: string }): string {
	const t = times(ctx.now);
	return signJwt(key, {
		aud: input.clientId,
		iss: ctx.issuer,
		iat: t.iat,
		nbf: t.nbf,
		exp: t.exp,
		name: input.user.name,
		nonce: input.nonce, // left out of the JSON when the request had none
		oid: input.user.oid,
		preferred_username: input.user.preferredUsername,
		sub: pairwiseSub(input.user.oid, input.clientId),
		tid: ctx.tenantId,
		uti: uti(),
		ver: '2.0',
	});
}

/** `client_info` as Entra returns it when asked (client_info=1): base64url of {uid, utid}. */
export function clientInfo(oid: string, tenantId: string): string {
	return Buffer.from(JSON.stringify({ uid: oid, utid: tenantId })).toString('base64url');
}
