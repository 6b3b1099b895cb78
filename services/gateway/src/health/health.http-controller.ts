import { Controller, Get, HttpStatus, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { PipelineHealthChecker } from './pipeline-health.js';

/**
 * GET /health: the whole pipeline — every stage's own verdict (a stage that does not answer is down, with the
 * reason) and the servers. 200 only when every part is up; 503 otherwise, naming each part that is not and why.
 * GET /ready: the gateway itself — 200 when it reaches the servers it serves from, 503 otherwise.
 * (The class keeps the name of the controller it replaces so the OpenAPI operation id stays the same.)
 */
@Controller()
export class HealthController {
  constructor(@Inject(PipelineHealthChecker) private readonly checker: PipelineHealthChecker) {}

  @Get('health')
  async health(@Res() res: Response): Promise<void> {
    const report = await this.checker.report();
    res.status(report.status === 'up' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(report);
  }

  /** GET /live: the gateway process serves HTTP (liveness for supervisors; says nothing of the pipeline). */
  @Get('live')
  live(@Res() res: Response): void {
    res.status(HttpStatus.OK).json({ service: 'gateway', status: 'up' });
  }

  @Get('ready')
  async ready(@Res() res: Response): Promise<void> {
    const servers = await this.checker.servers();
    const failing = servers.filter((s) => !s.ok);
    const checks = Object.fromEntries(
      servers.map((s) => [s.name, { ok: s.ok, ...(s.detail ? { detail: s.detail } : {}), ms: s.ms }]),
    );
    res.status(failing.length === 0 ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json({
      service: 'gateway',
      status: failing.length === 0 ? 'up' : 'blocked',
      ...(failing.length > 0
        ? { reason: failing.map((s) => `${s.name}: ${s.detail ?? 'not ok'}`).join('; ') }
        : {}),
      checks,
    });
  }
}
