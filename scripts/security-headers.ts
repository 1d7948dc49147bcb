import type { Connect, Plugin } from 'vite';

/**
 * The Content-Security-Policy and the other security headers, in one place: sent as headers by `npm start` (vite
 * preview) and written as a `<meta>` into the built index.html, so a static host that sets no headers still has
 * the policy for the page. docs/security.md says what each part is for.
 */

/**
 * The page: its own scripts and wasm (web-tree-sitter and Pyodide compile wasm, hence 'wasm-unsafe-eval'; no
 * 'unsafe-eval', no inline scripts), inline styles (CodeMirror and xterm.js set them), its own workers, and
 * connections to its own files, GitHub (https), a model endpoint the user chose (https anywhere, or plain http on
 * this machine: Ollama, vLLM, LM Studio) and WebContainer's frames when it boots.
 */
export const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self' https: http://localhost:* http://127.0.0.1:*",
  "worker-src 'self'",
  'frame-src https://*.stackblitz.com https://*.webcontainer.io https://*.webcontainer-api.io',
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
].join('; ');

/**
 * The Python Worker runs untrusted programs: it may load its own scripts and Pyodide's files from this origin and
 * nothing else — no network beyond that, no code from strings (a program reaching JavaScript cannot eval).
 */
export const PYTHON_WORKER_CSP = ["default-src 'none'", "script-src 'self' 'wasm-unsafe-eval'", "connect-src 'self'"].join('; ');

const COMMON = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'credentialless',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

/** The Python Worker's script, as Vite names it in the build (assets/python.worker-HASH.js) and in dev. */
export function isPythonWorkerScript(url: string): boolean {
  return /(^|\/)python\.worker[-.][^/]*$/.test(url.split('?')[0]!);
}

function securityHeaders(withCsp: boolean): Connect.NextHandleFunction {
  return (req, res, next) => {
    for (const [k, v] of Object.entries(COMMON)) res.setHeader(k, v);
    if (withCsp) res.setHeader('Content-Security-Policy', isPythonWorkerScript(req.url ?? '') ? PYTHON_WORKER_CSP : PAGE_CSP);
    next();
  };
}

/**
 * Headers for `vite preview` (what `npm start` and the e2e tests serve) and `vite` (dev: no CSP, whose inline
 * hot-reload preamble it would block), and the `<meta>` CSP in the built pages.
 */
export function securityHeadersPlugin(): Plugin {
  return {
    name: 'hgym-security-headers',
    configureServer(server) {
      server.middlewares.use(securityHeaders(false));
    },
    configurePreviewServer(server) {
      server.middlewares.use(securityHeaders(true));
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        if (ctx.server) return [];
        return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: PAGE_CSP }, injectTo: 'head-prepend' }];
      },
    },
  };
}
