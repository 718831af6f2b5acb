import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { OutboxRelayService } from '@harbour/core';
import { HARBOUR_CONFIG, HarbourConfig } from '@harbour/platform';

/**
 * Runs the outbox relay in the worker: publishes committed events, then sleeps
 * OUTBOX_POLL_MS when there is nothing to do. Any number of workers may run it;
 * an advisory lock lets one publish at a time.
 */
@Injectable()
export class OutboxRelayRunner implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly log = new Logger(OutboxRelayRunner.name);
  private running = false;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  constructor(
    private readonly relay: OutboxRelayService,
    @Inject(HARBOUR_CONFIG) private readonly config: HarbourConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.running = true;
    this.loop = this.run();
  }

  async onApplicationShutdown(): Promise<void> {
    this.running = false;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (this.running) {
      let published = 0;
      try {
        published = await this.relay.relayOnce();
        failures = 0;
      } catch (e) {
        failures++;
        this.log.error(`outbox relay failed (attempt ${failures}): ${(e as Error).message}`);
      }
      if (published === 0 && this.running) {
        const wait = failures ? Math.min(30_000, this.config.OUTBOX_POLL_MS * 2 ** failures) : this.config.OUTBOX_POLL_MS;
        await new Promise<void>((resolve) => {
          const t = setTimeout(resolve, wait);
          this.wake = () => {
            clearTimeout(t);
            resolve();
          };
        });
      }
    }
  }
}
