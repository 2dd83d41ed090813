import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import {
  Locale,
  PhoneNumber,
  Purpose,
  ReasonCode,
  Sha256Hex,
  Slug,
  UtcDateTime,
} from '../primitives.js';
import { messageKey } from './outreach-common.js';
import { policyProvenance, StrategyHash, TemplateHash } from './outreach-provenance.js';
import { carriedStep } from './outreach-step.js';

/** Twilio refuses longer bodies (error 21617). */
const MAX_SMS_CHARS = 1_600;
// Kafka's default message limit is 1 MB; a bigger PDF goes to storage and travels by reference.
const MAX_INLINE_PDF_BASE64 = 700_000;

export const SmsContent = z.strictObject({
  body: z.string().min(1).max(MAX_SMS_CHARS),
  encoding: z.enum(['GSM-7', 'UCS-2']),
  segments: z.number().int().min(1).max(10),
  units: z
    .number()
    .int()
    .min(1)
    .describe('Length in the encoding’s units: septets for GSM-7, UTF-16 code units for UCS-2'),
});
export type SmsContent = z.infer<typeof SmsContent>;

// Header names per RFC 5322; values on one line, so that no header can inject another.
const HeaderName = z.string().regex(/^[A-Za-z0-9-]{1,76}$/, 'expected a header name');
const HeaderValue = z
  .string()
  .max(2_000)
  .regex(/^[^\r\n]*$/, 'a header value must be one line');

export const EmailContent = z.strictObject({
  subject: z.string().min(1).max(500),
  html: z.string().min(1).max(500_000),
  text: z.string().min(1).max(200_000),
  headers: z
    .record(HeaderName, HeaderValue)
    .refine((headers) => Object.keys(headers).length <= 50, 'at most 50 headers'),
});
export type EmailContent = z.infer<typeof EmailContent>;

/** A print-ready PDF, inline when small, else by reference to where it is stored. */
export const LetterContent = z
  .strictObject({
    pages: z.number().int().min(1).max(50),
    pdfBase64: z.base64().max(MAX_INLINE_PDF_BASE64).optional(),
    storageRef: z
      .string()
      .min(1)
      .max(500)
      .regex(/^[!-~]+$/, 'expected a reference without spaces')
      .optional(),
  })
  .refine((letter) => (letter.pdfBase64 === undefined) !== (letter.storageRef === undefined), {
    path: ['pdfBase64'],
    message: 'give either pdfBase64 or storageRef',
  });
export type LetterContent = z.infer<typeof LetterContent>;

const common = {
  ...messageKey,
  templateId: Slug,
  templateVersion: Slug,
  locale: Locale,
  purpose: Purpose.describe('The dispatcher’s last look checks consent for this purpose'),
  latestSendAt: UtcDateTime.describe('Not to be sent after this instant: the window closes'),
  campaignId: Slug.optional(),
  // 1.2: the campaign arm whose wording was rendered, for the audit and the campaign report.
  variant: Slug.optional(),
  reasons: z.array(ReasonCode).max(20).describe('The plan’s reasons, carried on for the audit'),
  contentHash: Sha256Hex.describe('SHA-256 of the rendered content, so the audit can prove it'),
  // The strategy step, as the release named it (optional here: added after v1 was published).
  strategyId: Slug.optional(),
  strategyVersion: z.number().int().min(1).optional(),
  // 1.1: what the message was made from: the template file, and the plan's as released.
  templateHash: TemplateHash.optional(),
  strategyHash: StrategyHash.optional(),
  ...policyProvenance,
  ...carriedStep,
};

/** From the renderer: a released message, rendered and ready to send. */
export const OutreachRenderedV1Payload = z.discriminatedUnion('channel', [
  z.strictObject({
    ...common,
    channel: z.literal('sms'),
    content: SmsContent,
    // 1.3: the tenant's own sending number, so that a reply reaches the number its tenant is
    // known by (the tracker gives a reply to the tenant whose number received it).
    from: PhoneNumber.optional().describe(
      'One of the tenant’s smsNumbers in senders.yaml (E.164), the text’s From; absent: the dispatcher’s configured sender',
    ),
  }),
  z.strictObject({ ...common, channel: z.literal('email'), content: EmailContent }),
  z.strictObject({ ...common, channel: z.literal('letter'), content: LetterContent }),
]);
export type OutreachRenderedV1Payload = z.infer<typeof OutreachRenderedV1Payload>;

export const OutreachRenderedV1 = eventSchema('outreach.rendered', 1, OutreachRenderedV1Payload);
export type OutreachRenderedV1 = z.infer<typeof OutreachRenderedV1>;
