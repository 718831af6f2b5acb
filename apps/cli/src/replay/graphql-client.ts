import { CliError } from '../cli-support';

/** A GraphQL error as the API returns it (reported by the CLI as one line, no stack). */
export class GraphQLCallError extends CliError {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly errors: unknown[],
  ) {
    super(`the API refused a request: ${message}${code ? ` (${code})` : ''}`);
  }
}

/** Minimal GraphQL-over-HTTP client (POST, JSON) for the replay: real HTTP, as any client would. */
export class GraphQLClient {
  calls = 0;

  constructor(private readonly url: string) {}

  /**
   * Sends one operation with `token`. @throws GraphQLCallError carrying
   * `extensions.code` of the first error; Error when the API is unreachable.
   */
  async request<T = any>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    this.calls++;
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query, variables }),
      });
    } catch (e) {
      throw new CliError(`cannot reach the Harbour API at ${this.url} (${(e as Error).message}); is \`npm start\` running, and on this port?`);
    }
    const body = (await res.json().catch(() => null)) as { data?: T; errors?: { message: string; extensions?: { code?: string } }[] } | null;
    if (!body) throw new CliError(`the API at ${this.url} answered HTTP ${res.status} without JSON`);
    if (body.errors?.length) {
      const first = body.errors[0];
      throw new GraphQLCallError(first.message, first.extensions?.code, body.errors);
    }
    return body.data as T;
  }
}
