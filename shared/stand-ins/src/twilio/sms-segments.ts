// GSM 03.38 basic set (one septet each) and the extension table (escape + char: two septets).
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM7_EXTENSION = '^{}\\[~]|€\f';

/**
 * How many SMS segments a body takes, as Twilio reports in `num_segments`: GSM-7 when every
 * character is in the GSM set (160 septets alone, 153 per part when concatenated), otherwise
 * UCS-2 for the whole message (70 UTF-16 units alone, 67 per part). An approximation: real
 * splitters also keep escape pairs and surrogate pairs whole, which can add a segment.
 */
export function countSmsSegments(body: string): number {
  let septets = 0;
  let gsm = true;
  for (const char of body) {
    if (GSM7_BASIC.includes(char)) septets += 1;
    else if (GSM7_EXTENSION.includes(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm) return septets <= 160 ? 1 : Math.ceil(septets / 153);
  return body.length <= 70 ? 1 : Math.ceil(body.length / 67);
}
