import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docstringSummary, maskName, nameParts, revealsName } from '../../../src/core/tasks/describe';
import { definitionSource, describeWithLlm, memoryDescriptionCache } from '../../../src/core/tasks/describe-llm';
import { generateFuncLocalize } from '../../../src/core/tasks/func-localize/generate';
import { loadRepo, TOY_SHOP } from './real-repos';

describe('name parts and masking', () => {
  it('splits snake, camel and acronym names, keeping meaningful two-letter parts', () => {
    expect(nameParts('format_price')).toEqual(['format', 'price']);
    expect(nameParts('HTTPServer')).toEqual(['http', 'server']);
    expect(nameParts('parseJSON2')).toEqual(['parse', 'json']);
    expect(nameParts('get_id')).toEqual(['get', 'id']);
    expect(nameParts('to_dict')).toEqual(['dict']);
  });

  it('masks the identifier and every word holding a part, and says when text still reveals it', () => {
    const masked = maskName('Calls `format_price()` to format prices; the formatter id is kept. A valid target.', 'format_price', 'function');
    expect(masked).toBe('Calls this function to […]; the […] id is kept. A valid target.');
    expect(revealsName(masked, 'format_price')).toBe(false);
    expect(revealsName('Returns the user_id.', 'get_id')).toBe(true);
    expect(revealsName('Returns a valid target.', 'get_id')).toBe(false);
    expect(revealsName('Gets the thing.', 'get_id')).toBe(true);
  });

  it("summarises a docstring's first paragraph", () => {
    expect(docstringSummary('Add two numbers.\n\n    Args:\n        a: one')).toBe('Add two numbers.');
    expect(docstringSummary('Parse a config file\nand return a dict')).toBe('Parse a config file and return a dict.');
  });
});

/** A local OpenAI-compatible stand-in: answers every chat completion with a description that names the target. */
describe('LLM-written descriptions through an OpenAI-compatible endpoint', () => {
  let server: Server;
  let baseUrl: string;
  const requests: { auth: string | undefined; body: { model: string; messages: { role: string; content: string }[] } }[] = [];
  let failNext = 0;

  beforeAll(async () => {
    server = createServer((req: IncomingMessage, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        if (req.url !== '/v1/chat/completions') {
          res.writeHead(404).end();
          return;
        }
        if (failNext > 0) {
          failNext--;
          res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'busy' } }));
          return;
        }
        const parsed = JSON.parse(body);
        requests.push({ auth: req.headers.authorization, body: parsed });
        const name = /never write its name "([^"]+)"/.exec(parsed.messages[1].content)?.[1] ?? '?';
        res.writeHead(200, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            choices: [{ message: { role: 'assistant', content: `The ${name} helper turns an amount into display text.` }, finish_reason: 'stop' }],
          }),
        );
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('describes each instance once (cached), masks a leaked name, and drops the name from the instruction', async () => {
    const { index, files } = await loadRepo(TOY_SHOP);
    const instances = generateFuncLocalize(index, { repo: 'toy/shop', baseCommit: '1'.repeat(40) }, { n: 3, seed: 2 });
    const texts = new Map(files.map((f) => [f.path, f.text]));
    const endpoint = { baseUrl, model: 'stand-in', apiKey: 'sk-test-secret' };
    const cache = memoryDescriptionCache();
    const sourceOf = (i: (typeof instances)[number]) => definitionSource(texts.get(i.file_path)!, i);

    const first = await describeWithLlm(instances, sourceOf, endpoint, cache, { backoffMs: 1 });
    expect(requests.length).toBe(3);
    const again = await describeWithLlm(instances, sourceOf, endpoint, cache, { backoffMs: 1 });
    expect(requests.length).toBe(3); // all from the cache
    expect(again).toEqual(first);

    for (const [k, d] of first.entries()) {
      const name = instances[k]!.module_name;
      expect(d.description_mode).toBe('llm');
      expect(d.function_description).toBeUndefined();
      expect(revealsName(d.brief_description!, name), d.brief_description).toBe(false);
      expect(d.instruction).toContain(d.brief_description!);
      expect(d.instruction).not.toContain('Target name');
      // The prompt carried the definition's source and docstring, and the key only in the header.
      const prompt = requests[k]!.body.messages[1]!.content;
      expect(prompt).toContain(sourceOf(instances[k]!).split('\n')[0]);
      expect(prompt).toContain(instances[k]!.docstring!.split('\n')[0]);
      expect(requests[k]!.auth).toBe('Bearer sk-test-secret');
      expect(JSON.stringify(d)).not.toContain('sk-test-secret');
    }
  });

  it('retries a busy endpoint and caches per model', async () => {
    const { index, files } = await loadRepo(TOY_SHOP);
    const [inst] = generateFuncLocalize(index, { repo: 'toy/shop', baseCommit: '2'.repeat(40) }, { n: 1 });
    const texts = new Map(files.map((f) => [f.path, f.text]));
    const before = requests.length;
    failNext = 2;
    const cache = memoryDescriptionCache();
    const out = await describeWithLlm([inst!], (i) => definitionSource(texts.get(i.file_path)!, i), { baseUrl, model: 'other' }, cache, { backoffMs: 1 });
    expect(requests.length).toBe(before + 1);
    expect(requests[requests.length - 1]!.auth).toBeUndefined();
    expect(out[0]!.brief_description).toMatch(/turns an amount into display text/);
  });
});
