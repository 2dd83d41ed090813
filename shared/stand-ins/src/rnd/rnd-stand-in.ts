import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * What the stand-in answers for a number: the RND's three answers, or a failure of the service.
 * `reassigned`: "yes" (permanently disconnected since the date asked about); `not-reassigned`:
 * "no"; `no-data`: "no data"; `error`: HTTP 503 with an error body, no answer.
 */
export type RndScenario = 'reassigned' | 'not-reassigned' | 'no-data' | 'error';

export interface RndStandInOptions {
  /** The bearer token the stand-in accepts; random when not given. */
  readonly token?: string;
  /** What numbers without a scenario get; `not-reassigned` when not given. */
  readonly defaultScenario?: RndScenario;
  readonly host?: string;
  /** 0 (the default) picks a free port. */
  readonly port?: number;
}

/** One query the stand-in received, and what it answered. */
export interface RecordedRndQuery {
  readonly at: Date;
  /** The ten-digit number asked about, as sent. */
  readonly tn: string | undefined;
  readonly date: string | undefined;
  readonly authorized: boolean;
  readonly status: number;
  readonly result: 'yes' | 'no' | 'no_data' | undefined;
  readonly queryId: string | undefined;
}

const RESULT: Record<Exclude<RndScenario, 'error'>, 'yes' | 'no' | 'no_data'> = {
  reassigned: 'yes',
  'not-reassigned': 'no',
  'no-data': 'no_data',
};

/**
 * A stand-in for the FCC Reassigned Numbers Database's query API (issue 20): `POST
 * /v1/queries` with a bearer token and `{ tn, date }` (ten digits; `YYYY-MM-DD`, the date the
 * caller last knew the number to be the consumer's), answered `{ queryId, tn, date, result }`
 * with `result` one of `yes`, `no`, `no_data`. Scenarios per number (`scenarioFor`), records of
 * every query (`queries()`, `countFor(phone)`), `reset()` between tests.
 */
export class RndStandIn {
  private readonly server: Server;
  private readonly scenarios = new Map<string, RndScenario>();
  private readonly recorded: RecordedRndQuery[] = [];
  private sequence = 0;
  readonly token: string;
  private readonly defaultScenario: RndScenario;

  private constructor(options: RndStandInOptions) {
    this.token = options.token ?? randomBytes(16).toString('hex');
    this.defaultScenario = options.defaultScenario ?? 'not-reassigned';
    this.server = createServer((request, response) => {
      this.handle(request, response).catch(() => {
        if (!response.headersSent) answer(response, 500, { code: 'INTERNAL', message: 'error' });
      });
    });
  }

  static async start(options: RndStandInOptions = {}): Promise<RndStandIn> {
    const standIn = new RndStandIn(options);
    await new Promise<void>((resolve, reject) => {
      standIn.server.once('error', reject);
      standIn.server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
    });
    return standIn;
  }

  get url(): string {
    const { address, port } = this.server.address() as AddressInfo;
    return `http://${address}:${port}`;
  }

  /** Sets what queries about `phone` (E.164 or ten digits) are answered. */
  scenarioFor(phone: string, scenario: RndScenario): void {
    this.scenarios.set(tenDigits(phone), scenario);
  }

  queries(): readonly RecordedRndQuery[] {
    return [...this.recorded];
  }

  /** Queries about `phone` (E.164 or ten digits), answered or not. */
  countFor(phone: string): number {
    const tn = tenDigits(phone);
    return this.recorded.filter((query) => query.tn === tn).length;
  }

  reset(): void {
    this.scenarios.clear();
    this.recorded.length = 0;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readBody(request);
    const record = (entry: Omit<RecordedRndQuery, 'at'>) =>
      this.recorded.push({ at: new Date(), ...entry });
    if (request.method !== 'POST' || request.url !== '/v1/queries') {
      answer(response, 404, { code: 'NOT_FOUND', message: 'no such resource' });
      return;
    }
    const authorized = request.headers.authorization === `Bearer ${this.token}`;
    let parsed: { tn?: unknown; date?: unknown } = {};
    try {
      parsed = JSON.parse(body) as typeof parsed;
    } catch {
      parsed = {};
    }
    const tn = typeof parsed.tn === 'string' ? parsed.tn : undefined;
    const date = typeof parsed.date === 'string' ? parsed.date : undefined;
    const refuse = (status: number, code: string, message: string) => {
      record({ tn, date, authorized, status, result: undefined, queryId: undefined });
      answer(response, status, { code, message });
    };
    if (!authorized) return refuse(401, 'UNAUTHORIZED', 'a valid token is required');
    if (tn === undefined || !/^\d{10}$/.test(tn)) {
      return refuse(400, 'INVALID_TN', 'tn must be ten digits');
    }
    if (date === undefined || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
      return refuse(400, 'INVALID_DATE', 'date must be YYYY-MM-DD');
    }
    const scenario = this.scenarios.get(tn) ?? this.defaultScenario;
    if (scenario === 'error') return refuse(503, 'UNAVAILABLE', 'try again later');
    this.sequence += 1;
    const queryId = `rnd-${String(this.sequence).padStart(6, '0')}-${randomBytes(4).toString('hex')}`;
    const result = RESULT[scenario];
    record({ tn, date, authorized, status: 200, result, queryId });
    answer(response, 200, { queryId, tn, date, result });
  }
}

function tenDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function answer(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
