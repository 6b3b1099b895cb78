/**
 * `n` written in base 26 with the letters a-z ("a", "b", ..., "ba", ...): tokens made of letters only, so a search
 * analyzer neither splits nor stems them the way it would a token with digits.
 */
export function toLetters(n: number): string {
  let s = '';
  let v = n;
  do {
    s = String.fromCharCode(97 + (v % 26)) + s;
    v = Math.floor(v / 26);
  } while (v > 0);
  return s;
}
