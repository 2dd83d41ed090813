import twilio from 'twilio';
import type RequestClient from 'twilio/lib/base/RequestClient.js';
import type TwilioResponse from 'twilio/lib/http/response.js';

/**
 * The Twilio client builds every URL on `https://api.twilio.com`; its `httpClient` option is the
 * supported way to send it elsewhere (a local stand-in, a recording proxy). This is Twilio's own
 * RequestClient with the scheme and host of each request replaced; the path, the form body and
 * Basic auth go out exactly as they would to Twilio.
 */
export function baseUrlHttpClient(baseUrl: string, timeoutMs: number): twilio.RequestClient {
  return new BaseUrlRequestClient(new URL(baseUrl), timeoutMs);
}

class BaseUrlRequestClient extends twilio.RequestClient {
  constructor(
    private readonly base: URL,
    timeoutMs: number,
  ) {
    super({ keepAlive: true, timeout: timeoutMs });
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
