import { Injectable, Logger } from '@nestjs/common';
import { RepeatedErrorLog } from '@harbour/platform';

/**
 * The process's one summariser of connection failures (Redis, PostgreSQL):
 * the first failure is one warning line without a stack, repeats are counted
 * and summarised once a minute, recovery is one line (see RepeatedErrorLog).
 */
@Injectable()
export class ConnectionErrorLog {
  private readonly log = new Logger('connections');
  private readonly summary = new RepeatedErrorLog((message, fields) => this.log.warn({ msg: message, ...fields }));

  /** Records a failure of `source` ("redis", "postgres"). */
  report(source: string, error: unknown): void {
    this.summary.report(source, error);
  }

  /** `source` works again. */
  recovered(source: string): void {
    this.summary.recovered(source);
  }
}
