import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { waitUntil } from '../wait-until.js';
import { parseFormParams, singleParam } from './form-params.js';
import { MessageLifecycle, lifecycleSteps, type LifecycleStep } from './message-lifecycle.js';
import { toJson, type StoredMessage } from './message-resource.js';
import { postSignedWebhook, type RecordedWebhook } from './signed-webhook.js';
import { countSmsSegments } from './sms-segments.js';
import { twilioError } from './twilio-errors.js';
import { newSid } from './twilio-ids.js';
import { TwilioOpenApi } from './twilio-openapi.js';
import { ScenarioBook, type TwilioScenario } from './twilio-scenarios.js';

/** The body a created message's lost answer stands for: nothing is sent back. */
const ANSWER_LOST = Symbol('answer lost');
import type { FormParams } from './twilio-signature.js';

export interface TwilioStandInOptions {
  /** The account the stand-in serves; a random `AC…` SID when not given. */
  readonly accountSid?: string;
  /** Checks Basic auth and signs webhooks, as Twilio's auth token does; random when not given. */
  readonly authToken?: string;
  /** API keys (`SK…` SID → secret) also accepted for Basic auth. */
  readonly apiKeys?: Readonly<Record<string, string>>;
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
  /**
   * Time between a message's status changes (each one a status callback); default 20 ms.
   * `'manual'` holds them until `fireCallbacks()`.
   */
  readonly callbackDelayMs?: number | 'manual';
  /** Where `simulateInboundSms` posts, as a Twilio number's "a message comes in" webhook. */
  readonly inboundWebhookUrl?: string;
}

/** A request the stand-in received, with what it answered and what the OpenAPI check found. */
export interface RecordedTwilioRequest {
  readonly at: Date;
  readonly method: string;
  readonly path: string;
  readonly query: FormParams;
  readonly form: FormParams | undefined;
  /** The Basic auth user: the account SID or an API key SID. */
  readonly username: string | undefined;
  /** The operation in Twilio's OpenAPI description, when one matches. */
  readonly operation: string | undefined;
  /** Where the request disagrees with Twilio's OpenAPI description; empty when it conforms. */
  readonly specProblems: readonly string[];
  readonly responseStatus: number;
  /** The Twilio error code answered, if the request was refused. */
  readonly errorCode: number | undefined;
}

export type TwilioStandInMessage = Readonly<StoredMessage>;

const OPT_OUT_KEYWORDS = new Set([
  'STOP',
  'STOPALL',
  'UNSUBSCRIBE',
  'CANCEL',
  'END',
  'QUIT',
  'REVOKE',
  'OPTOUT',
]);
const OPT_IN_KEYWORDS = new Set(['START', 'YES', 'UNSTOP']);
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages(?:\/([^/]+))?\.json$/;

let sharedSpec: TwilioOpenApi | undefined;

/**
 * A local Twilio Messages API (2010-04-01): create, fetch and list Messages with Twilio's request
 * and response shapes and errors, signed status callbacks, and simulated inbound SMS. It records
 * every request and checks it against Twilio's published OpenAPI description.
 */
export class TwilioStandIn {
  readonly accountSid: string;
  readonly authToken: string;
  private readonly apiKeys: Readonly<Record<string, string>>;
  private readonly callbackDelayMs: number | 'manual';
  private inboundWebhookUrl: string | undefined;
  private readonly spec = (sharedSpec ??= TwilioOpenApi.load());
  private readonly scenarios = new ScenarioBook();
  private readonly recorded: RecordedTwilioRequest[] = [];
  private readonly sentWebhooks: RecordedWebhook[] = [];
  private readonly stored = new Map<string, StoredMessage>();
  private readonly lifecycles = new Map<string, MessageLifecycle>();
  /** Numbers that texted an opt-out keyword: Twilio refuses to send to them (21610) until START. */
  private readonly optedOut = new Set<string>();
  private readonly server: Server;

  private constructor(options: TwilioStandInOptions) {
    this.accountSid = options.accountSid ?? newSid('AC');
    this.authToken = options.authToken ?? randomBytes(16).toString('hex');
    this.apiKeys = options.apiKeys ?? {};
    this.callbackDelayMs = options.callbackDelayMs ?? 20;
    this.inboundWebhookUrl = options.inboundWebhookUrl;
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        if (!response.headersSent) sendJson(response, 500, twilioError(20500, String(error)));
      });
    });
  }

  static async start(options: TwilioStandInOptions = {}): Promise<TwilioStandIn> {
    const standIn = new TwilioStandIn(options);
    await new Promise<void>((resolve, reject) => {
      standIn.server.once('error', reject);
      standIn.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return standIn;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /** The base URL to point the Twilio client at, e.g. `http://127.0.0.1:41234`. */
  get url(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
  }

  /** Makes create requests to `to` meet `scenario`, the next `times` times (default: always). */
  scenarioFor(to: string, scenario: TwilioScenario, times?: number): void {
    this.scenarios.forDestination(to, scenario, times);
  }

  /** Makes the next `count` create requests meet `scenario`, whatever their destination. */
  scenarioForNext(count: number, scenario: TwilioScenario): void {
    this.scenarios.forNext(count, scenario);
  }

  clearScenarios(): void {
    this.scenarios.clear();
  }

  setInboundWebhookUrl(url: string): void {
    this.inboundWebhookUrl = url;
  }

  requests(): readonly RecordedTwilioRequest[] {
    return this.recorded;
  }

  /** The Messages create requests (POST …/Messages.json), accepted or not. */
  createRequests(): readonly RecordedTwilioRequest[] {
    return this.recorded.filter(
      (r) => r.method === 'POST' && r.operation?.endsWith('/Messages.json'),
    );
  }

  /** Requests that did not agree with Twilio's OpenAPI description. */
  specViolations(): readonly RecordedTwilioRequest[] {
    return this.recorded.filter((r) => r.specProblems.length > 0);
  }

  /** Messages the stand-in holds: accepted outbound ones and simulated inbound ones. */
  messages(): readonly TwilioStandInMessage[] {
    return [...this.stored.values()];
  }

  message(sid: string): TwilioStandInMessage | undefined {
    return this.stored.get(sid);
  }

  /** Create requests to a number and how many of them were accepted (to count sends). */
  countsTo(to: string): { readonly requests: number; readonly accepted: number } {
    const requests = this.createRequests().filter(
      (r) => r.form && singleParam(r.form, 'To') === to,
    );
    return {
      requests: requests.length,
      accepted: requests.filter((r) => r.responseStatus === 201).length,
    };
  }

  webhooks(): readonly RecordedWebhook[] {
    return this.sentWebhooks;
  }

  /** Status callbacks sent, optionally for one message only. */
  statusCallbacks(messageSid?: string): readonly RecordedWebhook[] {
    return this.sentWebhooks.filter(
      (w) =>
        w.kind === 'status-callback' &&
        (messageSid === undefined || singleParam(w.params, 'MessageSid') === messageSid),
    );
  }

  /** Runs the pending status changes of one message (or all) now; resolves once their callbacks are answered. */
  async fireCallbacks(messageSid?: string): Promise<void> {
    const targets = [...this.lifecycles.entries()]
      .filter(([sid]) => messageSid === undefined || sid === messageSid)
      .map(([, lifecycle]) => lifecycle.fireNow());
    await Promise.all(targets);
  }

  /** With automatic callbacks, resolves when every message has reached its final status and been reported. */
  async callbacksSettled(timeoutMs = 10_000): Promise<void> {
    await waitUntil(
      async () => {
        await Promise.all([...this.lifecycles.values()].map((l) => l.settled()));
        return (
          this.callbackDelayMs === 'manual' ||
          [...this.lifecycles.values()].every((l) => l.pending === 0)
        );
      },
      { timeoutMs, what: 'status callbacks to finish' },
    );
  }

  /**
   * An SMS from `from` to one of our numbers (`to`), posted to the inbound webhook signed like
   * Twilio's. Opt-out keywords (STOP…) make later sends to `from` fail with 21610 until START,
   * as Twilio's default opt-out handling does.
   */
  async simulateInboundSms(sms: {
    readonly from: string;
    readonly to: string;
    readonly body: string;
    readonly messagingServiceSid?: string;
    readonly url?: string;
  }): Promise<RecordedWebhook> {
    const url = sms.url ?? this.inboundWebhookUrl;
    if (!url) throw new Error('simulateInboundSms: no inbound webhook URL configured');
    const keyword = sms.body.trim().toUpperCase();
    if (OPT_OUT_KEYWORDS.has(keyword)) this.optedOut.add(sms.from);
    if (OPT_IN_KEYWORDS.has(keyword)) this.optedOut.delete(sms.from);
    const now = new Date();
    const message: StoredMessage = {
      sid: newSid('SM'),
      accountSid: this.accountSid,
      direction: 'inbound',
      to: sms.to,
      from: sms.from,
      messagingServiceSid: sms.messagingServiceSid ?? null,
      body: sms.body,
      numSegments: countSmsSegments(sms.body),
      numMedia: 0,
      statusCallback: null,
      dateCreated: now,
      status: 'received',
      dateUpdated: now,
      dateSent: now,
      errorCode: null,
    };
    this.stored.set(message.sid, message);
    const params: Record<string, string> = {
      AccountSid: this.accountSid,
      ApiVersion: '2010-04-01',
      Body: sms.body,
      From: sms.from,
      MessageSid: message.sid,
      NumMedia: '0',
      NumSegments: String(message.numSegments),
      SmsMessageSid: message.sid,
      SmsSid: message.sid,
      SmsStatus: 'received',
      To: sms.to,
    };
    if (sms.messagingServiceSid) params['MessagingServiceSid'] = sms.messagingServiceSid;
    const webhook = await postSignedWebhook('inbound-message', url, params, this.authToken);
    this.sentWebhooks.push(webhook);
    return webhook;
  }

  /** Forgets requests, messages, webhooks, scenarios and opt-outs (between tests). */
  reset(): void {
    for (const lifecycle of this.lifecycles.values()) lifecycle.stop();
    this.lifecycles.clear();
    this.stored.clear();
    this.recorded.length = 0;
    this.sentWebhooks.length = 0;
    this.optedOut.clear();
    this.scenarios.clear();
  }

  async stop(): Promise<void> {
    for (const lifecycle of this.lifecycles.values()) lifecycle.stop();
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const target = new URL(request.url ?? '/', 'http://stand-in');
    const method = request.method ?? 'GET';
    const query = parseFormParams(target.search);
    const rawBody = await readBody(request);
    const form = method === 'POST' ? parseFormParams(rawBody) : undefined;
    const check = this.spec.check({ method, path: target.pathname, query, ...(form && { form }) });
    const username = basicAuthUser(request);
    // Sends the answer and records the request; 2xx bodies are checked against the spec too.
    const respond = (status: number, body: unknown, errorCode?: number): void => {
      // A created message whose answer is lost: recorded as accepted, the connection dropped.
      if (body === ANSWER_LOST) response.socket?.destroy();
      else sendJson(response, status, body);
      const responseProblems =
        body === ANSWER_LOST
          ? []
          : this.spec.checkResponse({ method, path: target.pathname }, status, body);
      this.recorded.push({
        at: new Date(),
        method,
        path: target.pathname,
        query,
        form,
        username: username?.user,
        operation: check.operation,
        specProblems: [...check.problems, ...responseProblems],
        responseStatus: status,
        errorCode,
      });
    };
    const refuse = (code: number): void => {
      const error = twilioError(code);
      respond(error.status, error, code);
    };

    if (!username || !this.isAuthorized(username.user, username.password)) return refuse(20003);
    const route = MESSAGES_PATH.exec(target.pathname);
    if (!route || route[1] !== this.accountSid) return refuse(20404);
    const sid = route[2];
    if (method === 'POST' && sid === undefined) return this.create(form ?? {}, respond, refuse);
    if (method === 'GET' && sid !== undefined) {
      const message = this.stored.get(sid);
      if (!message) return refuse(20404);
      return respond(200, toJson(message));
    }
    if (method === 'GET') return respond(200, this.listPage(target));
    return refuse(20404);
  }

  private create(
    form: FormParams,
    respond: (status: number, body: unknown) => void,
    refuse: (code: number) => void,
  ): void {
    // Twilio's own rules beyond what the OpenAPI schema can say.
    const to = singleParam(form, 'To');
    const from = singleParam(form, 'From');
    const messagingServiceSid = singleParam(form, 'MessagingServiceSid');
    const body = singleParam(form, 'Body') ?? '';
    if (!to) return refuse(21604);
    if (!from && !messagingServiceSid) return refuse(21603);
    if (!body && form['MediaUrl'] === undefined && form['ContentSid'] === undefined)
      return refuse(21602);
    if ([...body].length > 1600) return refuse(21617);

    const scenario = this.scenarios.take(to);
    if (scenario?.kind === 'reject') return refuse(scenario.errorCode);
    if (this.optedOut.has(to)) return refuse(21610);

    const now = new Date();
    const message: StoredMessage = {
      sid: newSid('SM'),
      accountSid: this.accountSid,
      direction: 'outbound-api',
      to,
      from: from ?? null,
      messagingServiceSid: messagingServiceSid ?? null,
      body,
      numSegments: countSmsSegments(body),
      numMedia: 0,
      statusCallback: singleParam(form, 'StatusCallback') ?? null,
      dateCreated: now,
      // With a Messaging Service Twilio first accepts the message, then queues it.
      status: messagingServiceSid ? 'accepted' : 'queued',
      dateUpdated: now,
      dateSent: null,
      errorCode: null,
    };
    this.stored.set(message.sid, message);
    respond(201, scenario?.kind === 'answer-lost' ? ANSWER_LOST : toJson(message));
    const delay = this.callbackDelayMs === 'manual' ? undefined : this.callbackDelayMs;
    const steps = lifecycleSteps(message, scenario);
    this.lifecycles.set(
      message.sid,
      new MessageLifecycle(steps, (step) => this.applyStep(message, step), delay),
    );
  }

  private async applyStep(message: StoredMessage, step: LifecycleStep): Promise<void> {
    message.status = step.status;
    message.errorCode = step.errorCode;
    message.dateUpdated = new Date();
    if (step.status === 'sent') message.dateSent = message.dateUpdated;
    if (!message.statusCallback) return;
    const params: Record<string, string> = {
      AccountSid: message.accountSid,
      ApiVersion: '2010-04-01',
      MessageSid: message.sid,
      MessageStatus: step.status,
      SmsSid: message.sid,
      SmsStatus: step.status,
      To: message.to,
    };
    if (message.from) params['From'] = message.from;
    if (message.messagingServiceSid) params['MessagingServiceSid'] = message.messagingServiceSid;
    if (step.errorCode !== null) params['ErrorCode'] = String(step.errorCode);
    const webhook = await postSignedWebhook(
      'status-callback',
      message.statusCallback,
      params,
      this.authToken,
    );
    this.sentWebhooks.push(webhook);
  }

  /** One page of Messages, newest first, filtered by To, From and DateSent (by UTC day, as Twilio). */
  private listPage(target: URL): Record<string, unknown> {
    const query = target.searchParams;
    const day = (value: string | null): string | undefined => value?.slice(0, 10);
    const [on, before, after] = [
      day(query.get('DateSent')),
      day(query.get('DateSent<')),
      day(query.get('DateSent>')),
    ];
    const matching = [...this.stored.values()]
      .filter((m) => (query.get('To') ?? m.to) === m.to && (query.get('From') ?? m.from) === m.from)
      .filter((m) => {
        if (!on && !before && !after) return true;
        const sent = m.dateSent?.toISOString().slice(0, 10);
        return (
          !!sent && (!on || sent === on) && (!before || sent <= before) && (!after || sent >= after)
        );
      })
      .reverse();
    const pageSize = Number(query.get('PageSize') ?? 50);
    const page = Number(query.get('Page') ?? 0);
    const start = page * pageSize;
    const items = matching.slice(start, start + pageSize);
    const pageUri = (n: number): string => {
      const next = new URLSearchParams(query);
      next.set('PageSize', String(pageSize));
      next.set('Page', String(n));
      next.delete('PageToken');
      return `${target.pathname}?${next.toString()}`;
    };
    return {
      messages: items.map(toJson),
      start,
      end: start + Math.max(items.length - 1, 0),
      page,
      page_size: pageSize,
      uri: `${target.pathname}${target.search}`,
      first_page_uri: pageUri(0),
      next_page_uri: start + pageSize < matching.length ? pageUri(page + 1) : null,
      previous_page_uri: page > 0 ? pageUri(page - 1) : null,
    };
  }

  private isAuthorized(user: string, password: string): boolean {
    if (user === this.accountSid) return password === this.authToken;
    return this.apiKeys[user] !== undefined && this.apiKeys[user] === password;
  }
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'twilio-request-id': `RQ${randomBytes(16).toString('hex')}`,
  });
  response.end(JSON.stringify(body));
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function basicAuthUser(request: IncomingMessage): { user: string; password: string } | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0
    ? undefined
    : { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
