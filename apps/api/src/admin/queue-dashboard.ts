import type { DynamicModule } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { BullBoardModule } from '@bull-board/nestjs';
import { ExpressAdapter } from '@bull-board/express';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { Role } from '@harbour/domain';
import { ALL_QUEUES, HarbourConfig, HarbourError } from '@harbour/platform';
import { AuthModule } from '../auth/auth.module';
import { TokenVerifier } from '../auth/token-verifier';

/** Where Bull Board is served. */
export const QUEUE_DASHBOARD_PATH = '/admin/queues';

/** Cookie that carries the coordinator's token to the dashboard's own pages and API calls. */
export const QUEUE_DASHBOARD_COOKIE = 'harbour_admin';

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

function refuse(res: Response, status: 401 | 403, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code: status === 401 ? 'UNAUTHENTICATED' : 'FORBIDDEN' } }] });
}

/**
 * Lets only coordinators reach the queue dashboard. The token comes as
 * `Authorization: Bearer …`, or from a browser as `?token=…` once: that
 * answer sets an HttpOnly, SameSite=Strict cookie for the dashboard's path
 * (Secure in production) and redirects to the same page without the token in
 * the URL; the dashboard's pages and its API calls then carry the cookie.
 * No token or a bad one: 401; another role: 403 (JSON errors like the API's).
 */
export function coordinatorsOnly(verifier: TokenVerifier, config: Pick<HarbourConfig, 'NODE_ENV'>) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const url = new URL(req.originalUrl, 'http://harbour.invalid');
    const fromQuery = url.searchParams.get('token');
    const header = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')?.[1];
    const token = fromQuery ?? header ?? cookie(req, QUEUE_DASHBOARD_COOKIE);
    if (!token) return refuse(res, 401, `The queue dashboard is for coordinators: open ${QUEUE_DASHBOARD_PATH}?token=<coordinator token>`);
    try {
      const principal = await verifier.verify(token, req.ip ?? null);
      if (principal.role !== Role.COORDINATOR) return refuse(res, 403, `The queue dashboard is for coordinators, not ${principal.role}`);
    } catch (e) {
      if (e instanceof HarbourError) return refuse(res, 401, e.message);
      return next(e);
    }
    if (fromQuery) {
      const secure = config.NODE_ENV === 'production' ? '; Secure' : '';
      res.setHeader('set-cookie', `${QUEUE_DASHBOARD_COOKIE}=${encodeURIComponent(token)}; Path=${QUEUE_DASHBOARD_PATH}; HttpOnly; SameSite=Strict${secure}`);
      url.searchParams.delete('token');
      res.redirect(303, `${url.pathname}${url.search}`);
      return;
    }
    next();
  };
}

/**
 * Bull Board (@bull-board/nestjs) at /admin/queues over every Harbour queue,
 * for coordinators only ({@link coordinatorsOnly}). Jobs carry ids only, no
 * personal data.
 */
export function queueDashboardModules(config: HarbourConfig): DynamicModule[] {
  return [
    BullBoardModule.forRootAsync({
      imports: [AuthModule],
      inject: [TokenVerifier],
      useFactory: (verifier: TokenVerifier) => ({
        route: QUEUE_DASHBOARD_PATH,
        adapter: ExpressAdapter,
        middleware: coordinatorsOnly(verifier, config),
        boardOptions: { uiConfig: { boardTitle: 'Harbour queues' } },
      }),
    }),
    ...ALL_QUEUES.map((name) => BullBoardModule.forFeature({ name, adapter: BullMQAdapter })),
  ];
}
