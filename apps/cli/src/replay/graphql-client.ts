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
  /** Operations sent (each counted once, however many times a rate limit made it retry). */
  calls = 0;

  constructor(private readonly url: string) {}

  /**
   * Sends one operation with `token`. @throws GraphQLCallError carrying
   * `extensions.code` of the first error; Error when the API is unreachable.
   */
  async request<T = any>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    // One per operation: retries after a rate limit (how many depends on timing) are not counted.
    this.calls++;
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once<T>(token, query, variables);
      } catch (e) {
        // Over the API's rate limit: wait as long as it asks, then try again (a few times).
        if (!(e instanceof GraphQLCallError) || e.code !== 'RATE_LIMITED' || attempt >= 5) throw e;
        const wait = Number((e.errors[0] as { extensions?: { retryAfter?: number } }).extensions?.retryAfter ?? 1);
        await new Promise((r) => setTimeout(r, Math.min(60, Math.max(1, wait)) * 1000));
      }
    }
  }

  private async once<T>(token: string, query: string, variables: Record<string, unknown>): Promise<T> {
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
