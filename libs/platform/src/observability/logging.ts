import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream, LevelWithSilent, LoggerOptions } from 'pino';
import type { Options } from 'pino-http';
import type { HarbourConfig } from '../config/config';
import { requestIdFrom } from './request-context';

/** Nest log level names (as main.ts and the tests pass them) → the least severe one as a pino level. */
export function pinoLevel(levels: readonly string[] | false): LevelWithSilent {
  if (levels === false || levels.length === 0) return 'silent';
  const order: [string, LevelWithSilent][] = [
    ['debug', 'debug'],
    ['verbose', 'debug'],
    ['log', 'info'],
    ['warn', 'warn'],
    ['error', 'error'],
    ['fatal', 'fatal'],
  ];
  return order.find(([nest]) => levels.includes(nest))?.[1] ?? 'info';
}

/**
 * Log fields that never leave the process: request headers (tokens, cookies)
 * and any field named like personal data, wherever a log call puts it. Request
 * and response objects are reduced to method, path and status by the
 * serializers below; GraphQL variables and query strings are never logged.
 */
export const REDACTED_PATHS = [
  'req.headers',
  'headers.authorization',
  'headers.cookie',
  '*.password',
  '*.token',
  '*.email',
  '*.initials',
  '*.notes',
  '*.agencyReference',
  '*.address',
];

/**
 * Pretty, coloured lines only for a person watching: LOG_FORMAT=pretty, or
 * `auto` in development on a TTY. Files, pipes and production get JSON lines.
 */
export function usePrettyLogs(config: Pick<HarbourConfig, 'NODE_ENV' | 'LOG_FORMAT'>, stream: { isTTY?: boolean } = process.stdout): boolean {
  if (config.LOG_FORMAT !== 'auto') return config.LOG_FORMAT === 'pretty';
  return config.NODE_ENV === 'development' && stream.isTTY === true;
}

/** The GraphQL facts the API puts on a request for its one request log line. */
export interface GraphqlRequestFacts {
  operation: string | null;
  operationType: string | null;
  /** Error codes the response carried (extensions.code), deduplicated. */
  codes: string[];
}

type HarbourRequest = IncomingMessage & { id?: string | number; originalUrl?: string; harbourGraphql?: GraphqlRequestFacts };

/**
 * pino-http options for one Harbour process (`service`: api or worker): JSON
 * lines with `service`, `reqId` and ISO time; one line per request ("request
 * completed") with method, path (no query string), status, durationMs and,
 * for GraphQL, the operation name, type and error codes; health and metrics
 * scrapes are not logged.
 */
export function pinoHttpOptions(
  config: Pick<HarbourConfig, 'NODE_ENV' | 'LOG_FORMAT'>,
  service: string,
  level: LevelWithSilent,
): Options<IncomingMessage, ServerResponse> & LoggerOptions {
  const pretty = usePrettyLogs(config);
  return {
    level,
    base: { service, pid: process.pid },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    messageKey: 'msg',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    transport: pretty ? { target: 'pino-pretty', options: { colorize: true, singleLine: true } } : undefined,
    genReqId: (req, res) => {
      const id = (req as HarbourRequest).id ?? requestIdFrom(req.headers['x-request-id']);
      res.setHeader('x-request-id', String(id));
      return id;
    },
    quietReqLogger: true,
    quietResLogger: true,
    autoLogging: { ignore: (req) => /^\/(health|metrics)(\/|$|\?)/.test((req as HarbourRequest).originalUrl ?? req.url ?? '') },
    customLogLevel: requestLogLevel,
    customSuccessMessage: () => 'request completed',
    customErrorMessage: () => 'request failed',
    customSuccessObject: (req, res, value: Record<string, unknown>) => requestLine(req as HarbourRequest, res, value),
    customErrorObject: (req, res, error, value: Record<string, unknown>) => ({
      ...requestLine(req as HarbourRequest, res, value),
      error: (error as Error)?.message,
    }),
  };
}

function requestLine(req: HarbourRequest, res: ServerResponse, value: Record<string, unknown>): Record<string, unknown> {
  const path = (req.originalUrl ?? req.url ?? '').split('?')[0];
  const gql = req.harbourGraphql;
  return {
    method: req.method,
    path,
    status: res.statusCode,
    durationMs: value.responseTime,
    ...(gql ? { operation: gql.operation, operationType: gql.operationType, codes: gql.codes } : {}),
  };
}

/** nestjs-pino `pinoHttp` parameter: the options, with a destination when given (tests capture lines). */
export function pinoHttpParam(
  options: Options<IncomingMessage, ServerResponse>,
  destination?: DestinationStream,
): Options<IncomingMessage, ServerResponse> | [Options<IncomingMessage, ServerResponse>, DestinationStream] {
  return destination ? [{ ...options, transport: undefined }, destination] : options;
}

/**
 * The level of a request's one log line: `error` for an exception or a 5xx,
 * except 503 (SERVICE_UNAVAILABLE: the database is unreachable, the client was
 * told to retry; not a bug), which is `warn`; `info` otherwise.
 */
export function requestLogLevel(_req: unknown, res: { statusCode: number }, err?: unknown): 'error' | 'warn' | 'info' {
  if (res.statusCode === 503) return 'warn';
  return err || res.statusCode >= 500 ? 'error' : 'info';
}
