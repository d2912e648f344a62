/**
 * Token requests: clouds and authorities, request builders per flow, PKCE and authorize URLs, sending,
 * exports (curl, REST Client, MSAL code) and redaction. Pure: network only through the injected fetch.
 */
export * from './clouds';
export * from './redact';
export * from './constants';
export type * from './flows';
export { authorityOf, tokenEndpointOf, authorizeEndpointOf, buildTokenRequest, requestAsHttpText, redactParamValue, secretParam, scopeParam, formEncode, formEncodeComponent, SECRET_PARAMS, GRANT_TYPES, FLOW_NAMES, TOKEN_REQUEST_HEADERS, type SecretParam } from './request';
export { createPkce, pkceChallenge, buildAuthorizeUrl } from './pkce';
export { sendTokenRequest, tokensInJson, DEFAULT_TIMEOUT_MS } from './send';
export { exportRequest, EXPORT_FORMATS } from './export';
