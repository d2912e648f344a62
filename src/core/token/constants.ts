/** OAuth parameter values of Entra's token requests (entra-rules §4), shared by the request builders and diagnose. */

/** `client_assertion_type` for a signed client assertion. */
export const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** `grant_type` of On-Behalf-Of. */
export const OBO_GRANT = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
