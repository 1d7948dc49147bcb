import { getEventListeners } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { chatCompletion, displayUrl, LlmError } from '../../../src/core/llm/openai-client';
import { startStandin, textReply, type Standin } from './standin-server';

const KEY = 'sk-test-SECRET-4f8a2c91d7e3';
let server: Standin | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe('chatCompletion against a local OpenAI-compatible server', () => {
  it('sends the model, messages and tools, the key only as a Bearer header, and reads usage', async () => {
    server = await startStandin(() => textReply('hello'));
    const r = await chatCompletion({ baseUrl: `${server.baseUrl}/`, model: 'm1', apiKey: KEY }, [{ role: 'user', content: 'hi' }], {
      tools: [{ type: 'function', function: { name: 'think', description: 'd', parameters: { type: 'object', properties: {} } } }],
    });
    expect(r.message.content).toBe('hello');
    expect(r.usage).toEqual({ prompt_tokens: 50, completion_tokens: 10, total_tokens: 60 });
    const req = server.requests[0]!;
    expect(req.url).toBe('/v1/chat/completions');
    expect(req.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(req.body.model).toBe('m1');
    expect(req.body.tools?.[0]?.function.name).toBe('think');
    expect(JSON.stringify(req.body)).not.toContain(KEY);
  });

  it('waits as Retry-After says on a 429, then succeeds', async () => {
    server = await startStandin((_, n) =>
      n === 1 ? { status: 429, headers: { 'retry-after': '0' }, body: { error: { message: 'rate limited' } } } : textReply('ok'),
    );
    const retries: [number, string, number][] = [];
    const r = await chatCompletion({ baseUrl: server.baseUrl, model: 'm' }, [{ role: 'user', content: 'x' }], {
      backoffMs: 60_000, // would stall the test if Retry-After were ignored
      onRetry: (a, why, d) => retries.push([a, why, d]),
    });
    expect(r.message.content).toBe('ok');
    expect(retries).toHaveLength(1);
    expect(retries[0]![1]).toContain('429');
    expect(retries[0]![2]).toBe(0);
  });

  it('retries 5xx with backoff and gives up after the retries with the status in the message', async () => {
    server = await startStandin(() => ({ status: 503, body: { error: { message: 'overloaded' } } }));
    const err = await chatCompletion({ baseUrl: server.baseUrl, model: 'm' }, [{ role: 'user', content: 'x' }], { retries: 2, backoffMs: 1 }).catch((e) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect(err.status).toBe(503);
    expect(err.message).toContain('overloaded');
    expect(server.requests).toHaveLength(3);
  });

  it("leaves no abort listener behind on the caller's signal after waiting between retries", async () => {
    server = await startStandin(() => ({ status: 503, body: { error: { message: 'overloaded' } } }));
    const abort = new AbortController();
    await chatCompletion({ baseUrl: server.baseUrl, model: 'm' }, [{ role: 'user', content: 'x' }], { retries: 3, backoffMs: 1, signal: abort.signal }).catch(
      () => undefined,
    );
    expect(getEventListeners(abort.signal, 'abort')).toHaveLength(0);
  });

  it('does not retry a 400 and refuses a Retry-After longer than allowed', async () => {
    server = await startStandin((_, n) =>
      n === 1 ? { status: 400, body: { error: { message: 'bad request' } } } : { status: 429, headers: { 'retry-after': '3600' }, body: {} },
    );
    const bad = await chatCompletion({ baseUrl: server.baseUrl, model: 'm' }, [], { backoffMs: 1 }).catch((e) => e);
    expect(bad.status).toBe(400);
    const slow = await chatCompletion({ baseUrl: server.baseUrl, model: 'm' }, [], { backoffMs: 1 }).catch((e) => e);
    expect(slow.message).toMatch(/asks to wait 3600 s/);
    expect(server.requests).toHaveLength(2);
  });

  it('times out a call that does not answer, retries it, and succeeds when the server answers in time', async () => {
    server = await startStandin((_, n) => (n === 1 ? { ...textReply('late'), delayMs: 5_000 } : textReply('on time')));
    const r = await chatCompletion({ baseUrl: server.baseUrl, model: 'm' }, [], { timeoutMs: 150, backoffMs: 1 });
    expect(r.message.content).toBe('on time');
    expect(server.requests).toHaveLength(2);
  });

  it('reports a timeout when every attempt is too slow', async () => {
    server = await startStandin(() => ({ ...textReply('late'), delayMs: 5_000 }));
    const err = await chatCompletion({ baseUrl: server.baseUrl, model: 'm' }, [], { timeoutMs: 100, retries: 1, backoffMs: 1 }).catch((e) => e);
    expect(err.message).toMatch(/No answer from .* within 100 ms/);
  });

  it('stops at once when aborted, during a call and during a backoff wait', async () => {
    server = await startStandin(() => ({ ...textReply('late'), delayMs: 5_000 }));
    const ac = new AbortController();
    const p = chatCompletion({ baseUrl: server.baseUrl, model: 'm' }, [], { signal: ac.signal });
    setTimeout(() => ac.abort(), 50);
    await expect(p).rejects.toThrow('Aborted');
    await server.close();
    server = await startStandin(() => ({ status: 500, body: {} }));
    const ac2 = new AbortController();
    const p2 = chatCompletion({ baseUrl: server.baseUrl, model: 'm' }, [], { signal: ac2.signal, backoffMs: 60_000, onRetry: () => ac2.abort() });
    await expect(p2).rejects.toThrow('Aborted');
  });

  it('never puts the key in an error, even when the provider echoes it back or the URL carries one', async () => {
    server = await startStandin((req) => ({
      status: 401,
      body: { error: { message: `Incorrect API key provided: ${String(req.headers.authorization).slice(7)}` } },
    }));
    const err = await chatCompletion({ baseUrl: `${server.baseUrl}?key=${KEY}`, model: 'm', apiKey: KEY }, [], {}).catch((e) => e);
    expect(err).toBeInstanceOf(LlmError);
    expect(err.status).toBe(401);
    expect(err.message).toContain('Incorrect API key provided: [redacted]');
    expect(`${err.message} ${err.stack} ${JSON.stringify(err)}`).not.toContain(KEY);
    expect(displayUrl('https://user:pw@host.example/v1?key=abc')).toBe('https://host.example/v1');
  });

  it('says what to check when nothing listens at the URL', async () => {
    server = await startStandin(() => textReply(''));
    const url = server.baseUrl;
    await server.close();
    server = null;
    const err = await chatCompletion({ baseUrl: url, model: 'm' }, [], { retries: 0 }).catch((e) => e);
    // In Node (the CLI) there is no page and no cross-origin rule to blame.
    expect(err.message).toMatch(/Could not reach .*Offline, wrong URL, or no server listening there\.$/);
    expect(err.message).not.toContain('this page');
    // In a page or its Worker (which have a location), a refused cross-origin request looks the same: say so.
    vi.stubGlobal('location', new URL('http://127.0.0.1:4173/'));
    try {
      const inPage = await chatCompletion({ baseUrl: url, model: 'm' }, [], { retries: 0 }).catch((e) => e);
      expect(inPage.message).toMatch(/Could not reach .*cross-origin requests from this page/);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});
