/**
 * Twilio error codes the stand-in can answer with, with the HTTP status and message Twilio uses
 * for them (https://www.twilio.com/docs/errors/{code}). Messages leave the phone number out, so
 * a caller that logs the error does not log a number.
 */
const KNOWN_ERRORS: Readonly<Record<number, { status: number; message: string }>> = {
  20003: { status: 401, message: 'Authenticate' },
  20404: { status: 404, message: 'The requested resource was not found' },
  20429: { status: 429, message: 'Too Many Requests' },
  20500: { status: 500, message: 'An internal server error has occurred' },
  21211: { status: 400, message: "Invalid 'To' Phone Number" },
  21602: { status: 400, message: 'Message body is required.' },
  21603: { status: 400, message: "A 'From' phone number is required." },
  21604: { status: 400, message: "A 'To' phone number is required." },
  21610: { status: 400, message: 'Attempt to send to unsubscribed recipient' },
  21614: { status: 400, message: "'To' number is not a valid mobile number" },
  21617: {
    status: 400,
    message: 'The concatenated message body exceeds the 1600 character limit.',
  },
  30003: { status: 400, message: 'Unreachable destination handset' },
  30004: { status: 400, message: 'Message blocked' },
  30005: { status: 400, message: 'Unknown destination handset' },
  30006: { status: 400, message: 'Landline or unreachable carrier' },
  30007: { status: 400, message: 'Message filtered' },
  30008: { status: 400, message: 'Unknown error' },
};

/** The JSON body of a Twilio REST error response. */
export interface TwilioErrorBody {
  readonly code: number;
  readonly message: string;
  readonly more_info: string;
  readonly status: number;
}

export function twilioError(code: number, message?: string): TwilioErrorBody {
  const known = KNOWN_ERRORS[code];
  return {
    code,
    message: message ?? known?.message ?? `Twilio error ${code}`,
    more_info: `https://www.twilio.com/docs/errors/${code}`,
    status: known?.status ?? 400,
  };
}

/** The message Twilio gives with an error code in a status callback or a Message's `error_message`. */
export function twilioErrorMessage(code: number): string {
  return twilioError(code).message;
}
