import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv, type ErrorObject, type SchemaObject, type ValidateFunction } from 'ajv';
import type { FormParams } from './twilio-signature.js';

/**
 * Checks requests against Twilio's own published OpenAPI description of API v2010
 * (`twilio_api_v2010.json` from github.com/twilio/twilio-oai), which Twilio Labs ship inside the
 * `@twilio-alpha/mcp` npm package. So the stand-in does not just agree with our own idea of the
 * Messages resource: a parameter our dispatcher sends that Twilio does not define, or a value of
 * the wrong type, is reported.
 */
const SPEC_MODULE = '@twilio-alpha/mcp/twilio-oai/spec/json/twilio_api_v2010.json';

interface OpenApiParameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: SchemaObject;
}

interface OpenApiOperation {
  readonly parameters?: readonly OpenApiParameter[];
  readonly requestBody?: { readonly content: Readonly<Record<string, { schema?: SchemaObject }>> };
  readonly responses?: Readonly<
    Record<string, { readonly content?: Readonly<Record<string, { schema?: SchemaObject }>> }>
  >;
}

interface OpenApiPathItem {
  readonly parameters?: readonly OpenApiParameter[];
  readonly [method: string]: unknown;
}

interface OpenApiDocument {
  readonly paths: Readonly<Record<string, OpenApiPathItem>>;
  readonly components: SchemaObject;
}

/** A request as the stand-in received it: the path without the query, and parsed parameters. */
export interface SpecCheckInput {
  readonly method: string;
  readonly path: string;
  readonly query: FormParams;
  readonly form?: FormParams;
}

export interface SpecCheckResult {
  /** The operation in the spec, e.g. `POST /2010-04-01/Accounts/{AccountSid}/Messages.json`. */
  readonly operation: string | undefined;
  /** What does not agree with the spec; empty when the request conforms. */
  readonly problems: readonly string[];
}

interface CompiledOperation {
  readonly name: string;
  readonly pathParams: ValidateFunction;
  readonly query: ValidateFunction;
  readonly form: ValidateFunction | undefined;
  /** JSON body schemas of the operation's responses, by HTTP status. */
  readonly responses: Readonly<Record<string, ValidateFunction>>;
}

export class TwilioOpenApi {
  private readonly ajv: Ajv;
  /** Responses are JSON with real types: checked without coercion. */
  private readonly responseAjv = new Ajv({ strict: false, allErrors: true, logger: false });
  private readonly templates: readonly { template: string; pattern: RegExp; names: string[] }[];
  private readonly compiled = new Map<string, CompiledOperation | null>();

  private constructor(private readonly spec: OpenApiDocument) {
    // Form and query values arrive as strings; `coerceTypes: 'array'` reads "true" as a boolean,
    // "5" as an integer and a single value as a one-item list, as Twilio's parser does.
    this.ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: 'array', logger: false });
    this.ajv.addFormat('phone-number', (value: string) =>
      // E.164, a channel address (whatsapp:+1…), or an alphanumeric sender ID.
      /^(\+[1-9]\d{1,14}|[a-z-]+:\S+|[A-Za-z0-9 ]{1,11})$/.test(value),
    );
    this.ajv.addFormat('uri', (value: string) => URL.canParse(value));
    this.ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
    this.templates = Object.keys(spec.paths).map((template) => {
      const names: string[] = [];
      const source = template
        .replace(/[.*+?^$()|[\]\\]/g, (c) => `\\${c}`)
        .replace(/\{(\w+)\}/g, (_m, name: string) => {
          names.push(name);
          return '([^/]+)';
        });
      return { template, pattern: new RegExp(`^${source}$`), names };
    });
  }

  /** Loads the spec file from its npm package (2 MB of JSON: load once, share). */
  static load(): TwilioOpenApi {
    const file = createRequire(import.meta.url).resolve(SPEC_MODULE);
    return new TwilioOpenApi(JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument);
  }

  check(input: SpecCheckInput): SpecCheckResult {
    const match = this.findPath(input.path);
    const method = input.method.toLowerCase();
    if (!match)
      return { operation: undefined, problems: [`no path in the spec matches ${input.path}`] };
    const operation = this.compile(match.template, method);
    const name = `${input.method.toUpperCase()} ${match.template}`;
    if (!operation)
      return { operation: undefined, problems: [`the spec has no operation ${name}`] };
    const problems = [
      ...run(operation.pathParams, { ...match.params }, 'path'),
      ...run(operation.query, { ...input.query }, 'query'),
    ];
    if (operation.form) problems.push(...run(operation.form, { ...input.form }, 'form'));
    return { operation: operation.name, problems };
  }

  /** Checks a JSON response body against the operation's schema for that status (2xx only). */
  checkResponse(input: { method: string; path: string }, status: number, body: unknown): string[] {
    if (status < 200 || status >= 300) return [];
    const match = this.findPath(input.path);
    const operation = match && this.compile(match.template, input.method.toLowerCase());
    const validate = operation?.responses[String(status)];
    if (!validate) return [`response: the spec defines no ${status} response`];
    return run(validate, body, 'response');
  }

  private findPath(path: string): { template: string; params: Record<string, string> } | undefined {
    for (const { template, pattern, names } of this.templates) {
      const found = pattern.exec(path);
      if (!found) continue;
      const params: Record<string, string> = {};
      names.forEach((name, i) => (params[name] = decodeURIComponent(found[i + 1] ?? '')));
      return { template, params };
    }
    return undefined;
  }

  private compile(template: string, method: string): CompiledOperation | undefined {
    const key = `${method} ${template}`;
    const cached = this.compiled.get(key);
    if (cached !== undefined) return cached ?? undefined;
    const pathItem = this.spec.paths[template];
    const operation = pathItem?.[method] as OpenApiOperation | undefined;
    if (!pathItem || !operation || typeof operation !== 'object') {
      this.compiled.set(key, null);
      return undefined;
    }
    const parameters = [...(pathItem.parameters ?? []), ...(operation.parameters ?? [])];
    const formSchema = operation.requestBody?.content['application/x-www-form-urlencoded']?.schema;
    const compiled: CompiledOperation = {
      name: `${method.toUpperCase()} ${template}`,
      pathParams: this.compileSchema(parametersSchema(parameters, 'path')),
      query: this.compileSchema(parametersSchema(parameters, 'query')),
      form: formSchema && this.compileSchema(closed(formSchema)),
      responses: Object.fromEntries(
        Object.entries(operation.responses ?? {}).flatMap(([status, response]) => {
          const schema = response.content?.['application/json']?.schema;
          return schema ? [[status, this.compileSchema(schema, this.responseAjv)]] : [];
        }),
      ),
    };
    this.compiled.set(key, compiled);
    return compiled;
  }

  /** Compiles with the spec's components alongside, so `#/components/schemas/…` refs resolve. */
  private compileSchema(schema: SchemaObject, ajv = this.ajv): ValidateFunction {
    return ajv.compile({ ...schema, components: this.spec.components });
  }
}

/**
 * Twilio ignores parameters it does not know; the stand-in reports them, because an unknown name
 * from our side is nearly always a misspelling (`StatusCallBack`) that Twilio would silently drop.
 */
function closed(schema: SchemaObject): SchemaObject {
  return { ...schema, additionalProperties: false };
}

function parametersSchema(
  parameters: readonly OpenApiParameter[],
  where: OpenApiParameter['in'],
): SchemaObject {
  const own = parameters.filter((p) => p.in === where);
  return closed({
    type: 'object',
    properties: Object.fromEntries(own.map((p) => [p.name, p.schema ?? {}])),
    required: own.filter((p) => p.required).map((p) => p.name),
  });
}

function run(validate: ValidateFunction, data: unknown, where: string): string[] {
  if (validate(data)) return [];
  return (validate.errors ?? []).map((error) => describe(error, where));
}

function describe(error: ErrorObject, where: string): string {
  const params = error.params as Record<string, unknown>;
  const subject =
    error.keyword === 'additionalProperties'
      ? `unknown parameter ${String(params['additionalProperty'])}`
      : error.keyword === 'required'
        ? `missing required parameter ${String(params['missingProperty'])}`
        : `${error.instancePath.slice(1) || '(all)'} ${error.message ?? error.keyword}`;
  return `${where}: ${subject}`;
}
