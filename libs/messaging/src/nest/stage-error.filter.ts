import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC exception filter turns every error a stage handler throws into `{ status: 'error', message:
 * 'Internal server error' }`. The stage runner needs the error itself: a `PermanentError`'s code is the dead letter's
 * reason, and a connection error means "wait for the server", not "dead-letter the message". For the transport this
 * filter hands the original error back untouched; HTTP errors get Nest's default handling.
 */
@Catch()
export class StageErrorPassthroughFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): Observable<never> | void {
    if (host.getType() === 'rpc') return throwError(() => exception);
    super.catch(exception, host);
  }
}
