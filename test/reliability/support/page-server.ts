import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { articlePage } from './articles.js';

/**
 * A local web site on 127.0.0.1 serving the generated articles as pages at /<batch>/<n>.html, for the URL-fetching
 * path of the fetch stage. Counts the requests so a test can see that fetching was under way.
 */
export class PageServer {
  requests = 0;
  private server: Server | undefined;
  private port = 0;

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      this.requests += 1;
      const m = /^\/([a-z0-9]+)\/(\d+)\.html$/.exec(req.url ?? '');
      if (!m?.[1] || !m[2]) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(articlePage(m[1], Number(m[2])));
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  url(batch: string, n: number): string {
    return `http://127.0.0.1:${this.port}/${batch}/${n}.html`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
