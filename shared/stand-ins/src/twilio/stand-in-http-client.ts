import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type TwilioResponse from 'twilio/lib/http/response.js';

/**
 * The Twilio client builds every URL on Twilio's own hosts (`https://api.twilio.com/…`; `edge`
 * and `region` only change the host name within twilio.com), so the supported way to send it
 * elsewhere is its `httpClient` option. This one is Twilio's own RequestClient with the scheme
 * and host of each request replaced by the stand-in's; path, query, form body, Basic auth and
 * headers go out exactly as they would to Twilio.
 *
 *     const client = twilio(accountSid, authToken, { httpClient: standInHttpClient(standIn.url) });
 */
export function standInHttpClient(baseUrl: string): twilio.RequestClient {
  return new StandInRequestClient(new URL(baseUrl));
}

class StandInRequestClient extends twilio.RequestClient {
  constructor(private readonly base: URL) {
    super({ keepAlive: true });
  }

  override request<TData>(
    opts: RequestClient.RequestOptions<TData>,
  ): Promise<TwilioResponse.default<TData>> {
    const uri = new URL(opts.uri);
    uri.protocol = this.base.protocol;
    uri.host = this.base.host;
    return super.request({ ...opts, uri: uri.href });
  }
}
