/**
 * The tokens feature's implementation: its own chunk (dist/chunks/tokens.js) with jose, the claim catalog and
 * diagnose. register.ts loads it on the first hover that finds something, or the first token command.
 */
export { jwtHover, thumbprintHover } from './hover';
export { decodeToken, renderDecoded } from './decode';
export { verifyToken } from './verify';
export { diagnoseText } from './diagnose';
export { signAssertion, type SignArgs } from './sign';
