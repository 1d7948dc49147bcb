import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local OpenAI-compatible chat-completions server for tests, on 127.0.0.1: each request is answered by a script
 * (a function of the request body and the request number), so tests play exact model behaviours — tool calls,
 * malformed arguments, rate limits, slow answers, servers without tool support. No real model can be reached from
 * this machine; this stands in for one.
 */

export interface StandinRequest {
  body: {
    model: string;
    messages: { role: string; content: string | null; tool_calls?: unknown[]; tool_call_id?: string }[];
    tools?: { function: { name: string } }[];
    [k: string]: unknown;
  };
  headers: IncomingMessage['headers'];
  url: string;
}

export interface StandinReply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is. */
  body?: unknown;
  /** Wait this long before answering (a slow or hung model). */
  delayMs?: number;
}

export type Script = (req: StandinRequest, n: number) => StandinReply;

export interface Standin {
  baseUrl: string;
  requests: StandinRequest[];
  close(): Promise<void>;
}

export async function startStandin(script: Script): Promise<Standin> {
  const requests: StandinRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server: Server = createServer((req, res) => {
    // Cross-origin requests from a page (the browser tests) get what a real provider answers them.
    res.setHeader('access-control-allow-origin', '*');
    // As a provider that wants browsers to honour its Retry-After must (it is not a CORS-safelisted header).
    res.setHeader('access-control-expose-headers', 'retry-after');
    if (req.method === 'OPTIONS') {
      res
        .writeHead(204, {
          'access-control-allow-methods': 'POST, OPTIONS',
          'access-control-allow-headers': 'authorization, content-type, x-title',
          'access-control-max-age': '600',
        })
        .end();
      return;
    }
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      let body: StandinRequest['body'];
      try {
        body = JSON.parse(raw);
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'bad JSON' } }));
        return;
      }
      const request = { body, headers: req.headers, url: req.url ?? '' };
      requests.push(request);
      const reply = script(request, requests.length);
      const send = () => {
        if (res.destroyed) return;
        const payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? {});
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers }).end(payload);
      };
      if (reply.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, reply.delayMs);
        timers.add(t);
      } else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A completion whose message calls one tool. */
export function toolCallReply(name: string, args: unknown, opts: { id?: string; content?: string; rawArguments?: string } = {}): StandinReply {
  return {
    body: {
      id: 'chatcmpl-test',
      object: 'chat.completion',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: opts.content ?? null,
            tool_calls: [
              {
                id: opts.id ?? `call_${Math.random().toString(36).slice(2, 8)}`,
                type: 'function',
                function: { name, arguments: opts.rawArguments ?? JSON.stringify(args) },
              },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 },
    },
  };
}

/** A completion with plain text content (no tool call). */
export function textReply(content: string): StandinReply {
  return {
    body: {
      choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
      usage: { prompt_tokens: 50, completion_tokens: 10, total_tokens: 60 },
    },
  };
}
