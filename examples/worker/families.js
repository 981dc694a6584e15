// Single-use refresh tokens and logout, through the family's Durable Object
// (refresh-family.js, binding REFRESH_FAMILIES): rotation that lets exactly
// one concurrent refresh through, reuse detection that revokes the whole
// family (RFC 9700 section 4.14.2), and POST /api/token/blacklist/ (simplejwt's
// TokenBlacklistView, which here revokes the token's family). Answers as
// simplejwt gives them with its token families enabled.
import { JwtError, decode } from 'ferrojwt';
import { json, readJsonObject, requireStrings } from './http.js';
import { bodyTokenError, describe } from './token-answers.js';
import { tokenKit } from './tokens.js';

/** @typedef {import('./refresh-family.js').FamilyToken} FamilyToken */
/** @typedef {import('./refresh-family.js').TokenState} TokenState */

/**
 * The family's Durable Object. Without the binding nothing could make a
 * refresh token single-use, so the worker refuses to run (a 500), not to
 * rotate loosely.
 * @param {Record<string, any>} env
 * @param {string} family
 */
function familyOf(env, family) {
  const families = env.REFRESH_FAMILIES;
  if (!families) throw new Error('the REFRESH_FAMILIES binding (a Durable Object namespace) is missing: see examples/worker/README.md');
  return families.get(families.idFromName(family));
}

/**
 * A verified refresh token's claims as its family sees them, or null for
 * one without a family (issued before families, or not by this worker).
 * @param {Record<string, unknown>} claims
 * @returns {FamilyToken | null}
 */
function familyToken(claims) {
  const { jti, family_id: family, exp } = claims;
  if (typeof family !== 'string' || family === '' || family.length > 128 || typeof jti !== 'string' || typeof exp !== 'number') return null;
  return { jti, family, exp };
}

/**
 * simplejwt's 401 for a refresh token its family refuses, or null for a current one.
 * @param {TokenState} state
 */
function refusal(state) {
  if (state === 'blacklisted') return bodyTokenError('Token is blacklisted');
  if (state === 'family_blacklisted') return bodyTokenError('Token family is blacklisted');
  return null;
}

/**
 * Spends a verified refresh token for `childRefresh` (a refresh token of the
 * same family, just signed) in one step of the family's Durable Object.
 * @param {Record<string, any>} env
 * @param {Record<string, unknown>} claims the presented token's verified claims
 * @param {string} childRefresh
 * @returns {Promise<Response | null>} the refusal, or null when `childRefresh` may be handed out
 */
export async function rotateRefresh(env, claims, childRefresh) {
  const token = familyToken(claims);
  if (!token) return bodyTokenError('Token is invalid');
  const child = familyToken(decode(childRefresh).payload);
  if (!child || child.family !== token.family) throw new Error('a rotated refresh token must keep its family');
  return refusal(await familyOf(env, token.family).rotate(token, child));
}

/**
 * The verify view's answer for a verified refresh token its family refuses,
 * or null. simplejwt's TokenVerifySerializer raises a ValidationError (400)
 * for a blacklisted token and a TokenError (401) for a blacklisted family.
 * @param {Record<string, any>} env
 * @param {Record<string, unknown>} claims
 * @returns {Promise<Response | null>}
 */
export async function verifyRefreshState(env, claims) {
  const token = familyToken(claims);
  if (!token) return bodyTokenError('Token is invalid');
  const state = await familyOf(env, token.family).state(token);
  if (state === 'blacklisted') return json({ non_field_errors: ['Token is blacklisted'] }, 400);
  return refusal(state);
}

/**
 * POST /api/token/blacklist/ {refresh}: 200 {} once the token's family is
 * revoked; 401 token_not_valid for a token that is invalid, expired or
 * already blacklisted (a used one revokes the family all the same).
 * @param {Request} request
 * @param {Record<string, any>} env
 */
export async function blacklistRefresh(request, env) {
  const { body, error } = await readJsonObject(request);
  if (error) return error;
  const invalid = requireStrings(body, ['refresh']);
  if (invalid) return invalid;
  let claims;
  try {
    claims = tokenKit(env).verifyRefresh.verify(body.refresh).payload;
  } catch (e) {
    if (!(e instanceof JwtError)) throw e;
    return bodyTokenError(describe(e));
  }
  const token = familyToken(claims);
  if (!token) return bodyTokenError('Token is invalid');
  return refusal(await familyOf(env, token.family).revoke(token)) ?? json({});
}
