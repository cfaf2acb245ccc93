// The HTTP server: reads each request whole (bounded), hands a RawRequest to the router
// and writes the HttpResponse. Nothing here knows about the Data API's stages.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { RawRequest } from '../api-request/types.ts';
import type { HttpResponse } from '../response/types.ts';
import type { Logger } from '../observe/logger.ts';
import { DataApiError } from '../errors/data-api-error.ts';
import { errorResponse } from './error-response.ts';

export type Handler = (raw: RawRequest) => Promise<HttpResponse>;

const MAX_BODY_BYTES = 64 * 1024 * 1024;

const readBody = (req: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new DataApiError(413, 'PGRST102', `Request body larger than ${MAX_BODY_BYTES} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });

const internalError = (): HttpResponse => errorResponse(new DataApiError(500, 'PGRSTX00', 'Internal server error'));

const write = (res: ServerResponse, method: string, response: HttpResponse): void => {
  const body = typeof response.body === 'string' ? Buffer.from(response.body) : response.body;
  res.writeHead(response.status, { ...response.headers, 'Content-Length': String(body.length) });
  res.end(method === 'HEAD' ? undefined : body);
};

// Node refuses some responses outright (a header with a line break, a status it cannot
// send); thrown from here that would be an unhandled rejection, which ends the process.
const writeSafely = (res: ServerResponse, method: string, response: HttpResponse, log: Logger): void => {
  try {
    write(res, method, response);
  } catch (e) {
    log.error('a response could not be written', e);
    if (res.headersSent) res.destroy();
    else write(res, method, internalError());
  }
};

/**
 * Requests Node's parser refuses never reach a handler (a bad request line, headers past
 * 16 KiB); they still get a JSON error body, then the connection is closed.
 */
const onClientError = (err: NodeJS.ErrnoException, socket: Duplex): void => {
  if (!socket.writable || (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
    socket.destroy();
    return;
  }
  const tooLarge = err.code === 'HPE_HEADER_OVERFLOW';
  const status = tooLarge ? 431 : 400;
  const body = JSON.stringify({
    code: 'PGRST100',
    message: tooLarge ? 'Request header fields too large' : 'Malformed HTTP request',
    details: tooLarge ? 'The request line and headers must stay under 16 KiB' : (err.code ?? null),
    hint: null,
  });
  socket.end(
    `HTTP/1.1 ${status} ${tooLarge ? 'Request Header Fields Too Large' : 'Bad Request'}\r\n` +
      `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
};

export const createHttpServer = (handler: Handler, log: Logger): Server => {
  const server = createServer((req, res) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const serve = async (): Promise<HttpResponse> => {
      const body = method === 'GET' || method === 'HEAD' ? Buffer.alloc(0) : await readBody(req);
      return handler({
        method,
        path: q === -1 ? url : url.slice(0, q),
        search: q === -1 ? '' : url.slice(q + 1),
        headers: req.headers,
        body,
      });
    };
    serve().then(
      (response) => writeSafely(res, method, response, log),
      (e: unknown) => {
        if (!(e instanceof DataApiError)) log.error('unhandled error in the HTTP layer', e);
        writeSafely(res, method, e instanceof DataApiError ? errorResponse(e) : internalError(), log);
      },
    );
  });
  server.on('clientError', onClientError);
  return server;
};
