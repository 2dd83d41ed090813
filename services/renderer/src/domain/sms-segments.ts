/**
 * How an SMS body travels: its encoding, its length in that encoding's units and the segments it
 * is cut into (3GPP TS 23.038). GSM-7 when every character is in the GSM basic set or its
 * extension table, else UCS-2 for the whole message. Pure: the renderer, the `kindly
 * sms-segments` command and template authors all count the same way.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SmsSegmentation {
  readonly encoding: SmsEncoding;
  /** Septets for GSM-7 (an extension character is two), UTF-16 code units for UCS-2. */
  readonly units: number;
  readonly segments: number;
  /** The text of each segment, as a handset reassembles it. */
  readonly parts: readonly string[];
}

// The GSM 03.38 basic character set (one septet each). ESC (0x1B) is not a character of its own.
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
// The extension table: ESC plus the character, two septets each.
const GSM_EXTENSION = '\f^{}\\[~]|€';

const basic = new Set(GSM_BASIC);
const extension = new Set(GSM_EXTENSION);

/** Single-segment and per-part capacities, in units (a 6-byte UDH takes the difference). */
export const SMS_LIMITS = {
  'GSM-7': { single: 160, part: 153 },
  'UCS-2': { single: 70, part: 67 },
} as const;

/** True when every character can be sent in GSM-7. */
export function isGsm7(text: string): boolean {
  for (const char of text) if (!basic.has(char) && !extension.has(char)) return false;
  return true;
}

/** The cost of each character (code point) in units of the encoding. */
function costs(text: string, encoding: SmsEncoding): { char: string; units: number }[] {
  return Array.from(text, (char) => ({
    char,
    // A code point outside the BMP is a surrogate pair: two UTF-16 units, never split.
    units: encoding === 'GSM-7' ? (extension.has(char) ? 2 : 1) : char.length,
  }));
}

/**
 * Counts and cuts an SMS body. A part never ends between the two septets of an extension
 * character or the two halves of a surrogate pair: such a part ends one unit early.
 */
export function segmentSms(text: string): SmsSegmentation {
  const encoding: SmsEncoding = isGsm7(text) ? 'GSM-7' : 'UCS-2';
  const chars = costs(text, encoding);
  const units = chars.reduce((sum, c) => sum + c.units, 0);
  const limits = SMS_LIMITS[encoding];
  if (units <= limits.single) return { encoding, units, segments: 1, parts: [text] };
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const { char, units: cost } of chars) {
    if (used + cost > limits.part) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += char;
    used += cost;
  }
  if (current !== '') parts.push(current);
  return { encoding, units, segments: parts.length, parts };
}
